package io.scem.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.event.Decoded;
import io.scem.core.event.EventDecoder;
import io.scem.core.event.EventType;
import io.scem.core.event.LatenessGate;
import io.scem.core.event.SupplyEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The simulator: deterministic, ordered, valid, bounded, and disrupted often enough to test rules. */
class SupplyChainSimulatorTest {
    private static final long DAY = 86_400_000L;
    private static final long HOUR = 3_600_000L;
    private final EventDecoder decoder = new EventDecoder();

    @Test
    void theSameSeedGivesTheSameLinesAndAnotherSeedOtherLines() {
        assertThat(lines(SimulationConfig.defaults(42), 20_000))
                .isEqualTo(lines(SimulationConfig.defaults(42), 20_000))
                .isNotEqualTo(lines(SimulationConfig.defaults(43), 20_000));
    }

    @Test
    void eventsComeInEventTimeOrderWithUniqueIds() {
        SupplyChainSimulator sim = new SupplyChainSimulator(SimulationConfig.benchmark(1));
        Set<String> ids = new HashSet<>();
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < 200_000; i++) {
            SupplyEvent e = sim.next();
            assertThat(e.occurredAt).isGreaterThanOrEqualTo(previous);
            assertThat(ids.add(e.eventId)).as("unique %s", e.eventId).isTrue();
            previous = e.occurredAt;
            assertThat(sim.currentTime()).isEqualTo(e.occurredAt);
        }
    }

    @Test
    void everyLineDecodesAndRoundTrips() {
        SupplyChainSimulator sim = new SupplyChainSimulator(SimulationConfig.defaults(5));
        SupplyChainSimulator twin = new SupplyChainSimulator(SimulationConfig.defaults(5));
        for (int i = 0; i < 100_000; i++) {
            String line = sim.nextJson();
            Decoded d = decoder.decode(line, "sim", i);
            assertThat(d.deadLetter).as(line).isNull();
            SupplyEvent expected = twin.next();
            expected.sequence = i; // the decoder numbers events by position
            assertThat(d.event).isEqualTo(expected);
        }
    }

    @Test
    void aMonthAtDefaultsHasEveryKindOfDisruptionTheRulesWatch() {
        List<SupplyEvent> month = until(new SupplyChainSimulator(SimulationConfig.defaults(2026)), 30 * DAY);
        Map<String, Long> firings = AlertOracle.expectedAlerts(month).stream()
                .filter(ExpectedAlert::isFiring)
                .collect(Collectors.groupingBy(ExpectedAlert::rule, Collectors.counting()));
        Map<String, Long> resolutions = AlertOracle.expectedAlerts(month).stream()
                .filter(a -> !a.isFiring())
                .collect(Collectors.groupingBy(ExpectedAlert::rule, Collectors.counting()));
        System.out.printf("a month at defaults: %d events, firings %s, resolutions %s%n",
                month.size(), firings, resolutions);

        assertThat(firings).containsKeys(AlertOracle.STOCK_OUT, AlertOracle.SUPPLIER_LATE,
                AlertOracle.PRODUCTION_LATE, AlertOracle.DELIVERY_LATE);
        // Stock-outs recover with replenishment; late things mostly arrive in the end.
        assertThat(resolutions).containsKeys(AlertOracle.STOCK_OUT, AlertOracle.SUPPLIER_LATE,
                AlertOracle.PRODUCTION_LATE, AlertOracle.DELIVERY_LATE);
    }

    @Test
    void theShelfNeverGoesBelowZeroAndOrdersShipOnlyWhenPickedInFull() {
        List<SupplyEvent> month = until(new SupplyChainSimulator(SimulationConfig.defaults(2026)), 30 * DAY);
        Map<String, Long> onHand = new HashMap<>();
        Map<String, Long> ordered = new HashMap<>();
        Map<String, Long> picked = new HashMap<>();
        Map<String, Integer> picks = new HashMap<>();
        int emptied = 0;
        int dispatched = 0;
        for (SupplyEvent e : month) {
            String stock = e.site + "|" + e.sku;
            switch (e.type) {
                case STOCK_COUNTED -> onHand.put(stock, e.quantity);
                case GOODS_RECEIVED, STOCK_ADJUSTED -> onHand.merge(stock, e.quantity, Long::sum);
                case GOODS_ISSUED -> {
                    assertThat(e.quantity).as("a pick of %s", e.eventId).isPositive();
                    if (onHand.merge(stock, -e.quantity, Long::sum) == 0) emptied++;
                    picked.merge(e.orderId, e.quantity, Long::sum);
                    picks.merge(e.orderId, 1, Integer::sum);
                }
                case ORDER_PLACED -> ordered.put(e.orderId, e.quantity);
                case SHIPMENT_DISPATCHED -> {
                    dispatched++;
                    assertThat(picked.get(e.orderId)).as("picked for %s when dispatched", e.orderId)
                            .isEqualTo(ordered.get(e.orderId));
                }
                default -> { }
            }
            if (e.site != null && e.sku != null) {
                assertThat(onHand.getOrDefault(stock, 0L)).as("on hand at %s after %s", stock, e.eventId)
                        .isNotNegative();
            }
        }

        assertThat(dispatched).isPositive();
        assertThat(emptied).as("stock-outs: picks that emptied the shelf").isPositive();
        assertThat(picks.values()).as("backordered orders, picked more than once").anyMatch(n -> n > 1);
    }

    @Test
    void withoutDisruptionsNothingIsLate() {
        SimulationConfig calm = SimulationConfig.defaults(9).withDisruptions(SimulationConfig.Disruptions.NONE);
        List<ExpectedAlert> alerts = AlertOracle.expectedAlerts(until(new SupplyChainSimulator(calm), 30 * DAY));

        assertThat(alerts).isEmpty();
    }

    @Test
    void aCarriersOutageMakesItsShipmentsDueMeanwhileLateTogether() {
        SimulationConfig.Disruptions outagesOnly = new SimulationConfig.Disruptions(0, 0, 0, 0, 0, 0, 0, 0, 0.3);
        SimulationConfig config = SimulationConfig.defaults(9).withDisruptions(outagesOnly);
        List<SupplyEvent> events = until(new SupplyChainSimulator(config), 30 * DAY);
        Map<String, SupplyEvent> dispatches = events.stream().filter(e -> e.type == EventType.SHIPMENT_DISPATCHED)
                .collect(Collectors.toMap(e -> e.shipmentId, e -> e));
        List<ExpectedAlert> late = AlertOracle.expectedAlerts(events).stream()
                .filter(a -> a.rule().equals(AlertOracle.DELIVERY_LATE) && a.status().equals("FIRING")).toList();
        assertThat(late).as("the calm world of withoutDisruptionsNothingIsLate, with outages").isNotEmpty();

        // Each late shipment arrives 6-30 h after an outage of its own carrier ends.
        CarrierOutages outages = new CarrierOutages(config.seed(), 0.3);
        Map<String, Long> deliveredAt = events.stream().filter(e -> e.type == EventType.SHIPMENT_DELIVERED)
                .collect(Collectors.toMap(e -> e.shipmentId, e -> e.occurredAt));
        for (ExpectedAlert alert : late) {
            String carrier = dispatches.get(alert.key()).carrierId;
            long delivered = deliveredAt.getOrDefault(alert.key(), Long.MAX_VALUE);
            boolean afterAnOutage = false;
            for (long t = delivered - 30 * HOUR - 1000; t <= delivered - 6 * HOUR && !afterAnOutage; t += 10 * 60_000L) {
                CarrierOutages.Outage outage = outages.at(carrier, t);
                afterAnOutage = outage != null && delivered - outage.end() >= 6 * HOUR && delivered - outage.end() <= 30 * HOUR;
            }
            assertThat(afterAnOutage).as("%s by %s, delivered %s", alert.key(), carrier, delivered).isTrue();
        }
        // Together: the carrier sends their new ETAs, past their promises, when the outage begins
        // (ETA_SLIP); some carrier sends ten or more within six hours, a flood.
        Map<String, List<Long>> slipsByCarrier = events.stream()
                .filter(e -> e.type == EventType.SHIPMENT_ETA_UPDATED && e.eta > dispatches.get(e.shipmentId).promisedAt)
                .collect(Collectors.groupingBy(e -> dispatches.get(e.shipmentId).carrierId,
                        Collectors.mapping(e -> e.occurredAt, Collectors.toList())));
        assertThat(slipsByCarrier.values()).anySatisfy(slips -> assertThat(slips).anySatisfy(t ->
                assertThat(slips.stream().filter(u -> u >= t && u < t + 6 * HOUR).count()).isGreaterThanOrEqualTo(10)));
    }

    @Test
    void theOpenPopulationStaysBoundedOverTime() {
        SupplyChainSimulator sim = new SupplyChainSimulator(SimulationConfig.defaults(3));
        until(sim, 20 * DAY, e -> { });
        int after20Days = sim.openProcesses();
        until(sim, 90 * DAY, e -> { });

        assertThat(sim.openProcesses()).isLessThan(after20Days * 3 / 2);
    }

    @Test
    void duplicatesAndMalformedLinesDoNotChangeTheValidEvents() {
        SimulationConfig clean = SimulationConfig.defaults(11);
        SimulationConfig noisy = clean.withNoise(new SimulationConfig.Noise(0.02, 0, 0.002));
        List<SupplyEvent> expected = until(new SupplyChainSimulator(clean), 10 * DAY);

        SupplyChainSimulator sim = new SupplyChainSimulator(noisy);
        List<SupplyEvent> decoded = new ArrayList<>();
        long rejected = 0;
        for (long i = 0; sim.currentTime() < noisy.start().toEpochMilli() + 11 * DAY; i++) {
            Decoded d = decoder.decode(sim.nextJson(), "sim", i);
            if (d.isEvent()) decoded.add(d.event);
            else rejected++;
        }
        decoded.removeIf(e -> e.occurredAt >= clean.start().toEpochMilli() + 10 * DAY);

        assertThat(sim.duplicatesInjected()).isPositive();
        assertThat(rejected).isPositive().isEqualTo(sim.malformedInjected());
        assertThat(decoded.size()).isGreaterThan(expected.size());
        assertThat(AlertOracle.expectedAlerts(decoded)).isEqualTo(AlertOracle.expectedAlerts(expected));
    }

    @Test
    void shuffledLinesAreNeverOlderThanTheBoundBeforeTheNewestLine() {
        long bound = 120_000;
        SimulationConfig config = SimulationConfig.defaults(12).withNoise(new SimulationConfig.Noise(0, bound, 0));
        SupplyChainSimulator sim = new SupplyChainSimulator(config);
        LatenessGate gate = new LatenessGate(bound);
        int outOfOrder = 0;
        long newest = Long.MIN_VALUE;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            SupplyEvent e = decoder.decode(sim.nextJson(), "sim", i).event;
            assertThat(gate.check(0, e)).isNull();
            assertThat(ids.add(e.eventId)).isTrue();
            if (e.occurredAt < newest) outOfOrder++;
            newest = Math.max(newest, e.occurredAt);
        }
        assertThat(outOfOrder).isGreaterThan(1_000);
    }

    // ---- helpers ----

    private static List<String> lines(SimulationConfig config, int count) {
        SupplyChainSimulator sim = new SupplyChainSimulator(config);
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) lines.add(sim.nextJson());
        return lines;
    }

    /** The events before {@code start + span}. */
    private static List<SupplyEvent> until(SupplyChainSimulator sim, long span) {
        List<SupplyEvent> events = new ArrayList<>();
        until(sim, span, events::add);
        return events;
    }

    private static void until(SupplyChainSimulator sim, long span, java.util.function.Consumer<SupplyEvent> sink) {
        long end = sim.config().start().toEpochMilli() + span;
        while (true) {
            SupplyEvent e = sim.next();
            if (e.occurredAt >= end) return; // one event is lost past the end: fine for tests
            sink.accept(e);
        }
    }
}
