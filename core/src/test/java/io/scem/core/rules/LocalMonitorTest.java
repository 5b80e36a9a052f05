package io.scem.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.scem.core.alert.Alert;
import io.scem.core.event.EventType;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job's semantics on one thread: episodes, dedup, entity cleanup, clock at the end, variables. */
class LocalMonitorTest {
    private static final long MONDAY = Instants.parse("2026-01-05T08:00:00Z");
    private static final long HOUR = 3_600_000L;
    private static final long DETECTED = Instants.parse("2030-01-01T00:00:00Z");
    /** The rules these tests exercise; the other shipped rules have their scenarios. */
    private static final Set<String> FOUNDATION = Set.of("STOCK_OUT", "SUPPLIER_LATE", "PRODUCTION_LATE", "DELIVERY_LATE");
    private static RuleSet rules;

    private final List<Alert> alerts = new ArrayList<>();
    private LocalMonitor monitor;
    private int sequence;

    @BeforeAll
    static void compileShippedRules() throws Exception {
        rules = RuleSet.compile(Path.of("../rules"));
    }

    @BeforeEach
    void start() {
        monitor = new LocalMonitor(rules, LocalMonitor.Settings.DEFAULTS, () -> DETECTED, a -> {
            if (FOUNDATION.contains(a.rule)) alerts.add(a);
        });
    }

    @AfterEach
    void stop() {
        monitor.close();
    }

    @Test
    void shouldAlertWhenPurchaseOrderMissesItsPromiseAndCloseTheEpisodeAtReceipt() {
        monitor.accept(placed("PO-1", MONDAY, MONDAY + 24 * HOUR));
        monitor.accept(received("PO-1", MONDAY + 28 * HOUR));
        monitor.finish();

        assertThat(alerts).extracting(a -> a.rule, a -> a.status, a -> a.key, a -> a.at)
                .containsExactly(
                        tuple("SUPPLIER_LATE", Alert.FIRING, "PO-1", MONDAY + 24 * HOUR),
                        tuple("SUPPLIER_LATE", Alert.RESOLVED, "PO-1", MONDAY + 28 * HOUR));
        Alert firing = alerts.get(0);
        Alert resolved = alerts.get(1);
        assertThat(firing.alertId).isNotNull().isEqualTo(resolved.alertId);
        assertThat(resolved.firingSince).isEqualTo(firing.at);
        assertThat(firing.detectedAt).isEqualTo(DETECTED);
        assertThat(firing.severity).isEqualTo("MAJOR");
        assertThat(resolved.severity).isEqualTo("MAJOR");
    }

    @Test
    void shouldDropARepeatedEventIdOfTheSameEntity() {
        monitor.accept(stock("c1", EventType.STOCK_COUNTED, 10, MONDAY));
        monitor.accept(stock("i1", EventType.GOODS_ISSUED, 5, MONDAY + HOUR));
        monitor.accept(stock("i1", EventType.GOODS_ISSUED, 5, MONDAY + HOUR));
        monitor.accept(stock("i2", EventType.GOODS_ISSUED, 5, MONDAY + 2 * HOUR));
        monitor.finish();

        // Only the second distinct issue empties the shelf.
        assertThat(alerts).extracting(a -> a.status, a -> a.at).containsExactly(tuple(Alert.FIRING, MONDAY + 2 * HOUR));
    }

    @Test
    void shouldForgetAClosedEntityOnceItsRetentionHasPassed() {
        monitor.accept(placed("PO-1", MONDAY, MONDAY + 24 * HOUR));
        monitor.accept(received("PO-1", MONDAY + HOUR));
        int whileRetained = monitor.entityCount();
        monitor.accept(stock("c1", EventType.STOCK_COUNTED, 1, MONDAY + 25 * HOUR));
        int atRetentionEnd = monitor.entityCount();
        monitor.accept(stock("c2", EventType.STOCK_COUNTED, 1, MONDAY + 25 * HOUR + 1));

        // PO-1 and the stock of DC1/SKU-1 (stock never closes), then the supplier's record (the
        // receipt reaches it once time moves on, as derived events do in the job) and DC9/SKU-9.
        // The PO is gone only after its 24 h: the event at exactly the end still sees it.
        assertThat(whileRetained).isEqualTo(2);
        assertThat(atRetentionEnd).isEqualTo(4);
        assertThat(monitor.entityCount()).isEqualTo(3);
    }

    @Test
    void shouldStopTheClockJustBeforeTheLastEvent() {
        monitor.accept(placed("PO-1", MONDAY, MONDAY + 2 * HOUR));
        monitor.accept(stock("c1", EventType.STOCK_COUNTED, 1, MONDAY + 2 * HOUR));
        monitor.finish();
        assertThat(alerts).isEmpty();
    }

    @Test
    void shouldFireDeadlinesUpToAnExplicitEnd() {
        monitor.accept(placed("PO-1", MONDAY, MONDAY + 2 * HOUR));
        monitor.finish(MONDAY + 2 * HOUR + 1);
        assertThat(alerts).extracting(a -> a.at).containsExactly(MONDAY + 2 * HOUR);
        assertThatThrownBy(() -> monitor.accept(placed("PO-2", MONDAY + 3 * HOUR, MONDAY + 4 * HOUR)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseAnEventOlderThanThePreviousOne() {
        monitor.accept(placed("PO-1", MONDAY + HOUR, MONDAY + 2 * HOUR));
        assertThatThrownBy(() -> monitor.accept(placed("PO-2", MONDAY, MONDAY + 2 * HOUR)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of order");
    }

    @Test
    void shouldSetAVariableOfTheRules() {
        monitor.setVariable("SUPPLIER_LATE_GRACE_MINUTES", 30);
        monitor.accept(placed("PO-1", MONDAY, MONDAY + HOUR));
        monitor.accept(received("PO-1", MONDAY + 2 * HOUR));
        monitor.finish();
        assertThat(alerts).extracting(a -> a.at).containsExactly(MONDAY + HOUR + 30 * 60_000, MONDAY + 2 * HOUR);
    }

    @Test
    void shouldNameTheKnownVariablesWhenOneIsUnknown() {
        assertThatThrownBy(() -> monitor.setVariable("SUPPLIER_LATE_GRACE", 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown variable SUPPLIER_LATE_GRACE")
                .hasMessageContaining("SUPPLIER_LATE_GRACE_MINUTES");
    }

    @Test
    void shouldListTheRulesThatCanAlert() {
        assertThat(monitor.ruleNames()).containsExactly("DELIVERY_LATE", "ETA_SLIP", "FULFILLMENT_LATE", "LINE_DOWN",
                "LOW_STOCK", "ORDER_AT_RISK", "PRODUCTION_LATE", "PRODUCTION_NOT_STARTED", "PROJECTED_STOCK_OUT", "SHIPMENT_EXCEPTION",
                "STOCK_OUT", "SUPPLIER_LATE", "SUPPLIER_PERFORMANCE", "SUPPLIER_SLIP", "SUPPLIER_UNCONFIRMED",
                "TRACKING_SILENT");
    }

    @Test
    void shouldSortAListOfEventsByTimeWhenRunAtOnce() {
        List<SupplyEvent> unordered = List.of(received("PO-1", MONDAY + 28 * HOUR), placed("PO-1", MONDAY, MONDAY + 24 * HOUR));
        assertThat(LocalMonitor.run(rules, unordered)).filteredOn(a -> FOUNDATION.contains(a.rule)).extracting(a -> a.status)
                .containsExactly(Alert.FIRING, Alert.RESOLVED);
    }

    @Test
    void shouldForgetAnOpenPoSilentForTheTtlAtTheNextMidnightButNotTheStock() {
        try (LocalMonitor ttl = new LocalMonitor(rules,
                new LocalMonitor.Settings(Duration.ofHours(24), Duration.ofHours(24), 5, Duration.ofDays(2)), () -> 0L, a -> { })) {
            ttl.accept(placed("PO-1", MONDAY, MONDAY + 24 * HOUR));
            ttl.accept(stock("c1", EventType.STOCK_COUNTED, 1, MONDAY));
            // Wednesday's midnight looks back to Monday 00:00: the PO (Monday 08:00) is not idle yet;
            // Thursday's looks back to Tuesday 00:00 and forgets it.
            ttl.accept(stock("c2", EventType.STOCK_COUNTED, 2, MONDAY + 47 * HOUR));
            // PO-1, the stock it is due in to (DC1/SKU-1), the counted stock (DC9/SKU-9).
            assertThat(ttl.entityCount()).isEqualTo(3);
            ttl.accept(stock("c3", EventType.STOCK_COUNTED, 3, MONDAY + 72 * HOUR + 1));
            assertThat(ttl.entityCount()).as("the two stocks").isEqualTo(2);
        }
    }

    @Test
    void shouldKeepRetentionAtLeastTheDedupHorizon() {
        try (LocalMonitor shortRetention = new LocalMonitor(rules,
                new LocalMonitor.Settings(Duration.ofHours(24), Duration.ofMinutes(1), 3, Duration.ofDays(30)), () -> 0L, a -> { })) {
            shortRetention.accept(placed("PO-1", MONDAY, MONDAY + 24 * HOUR));
            shortRetention.accept(received("PO-1", MONDAY + HOUR));
            shortRetention.accept(stock("c1", EventType.STOCK_COUNTED, 1, MONDAY + 3 * HOUR));
            // PO-1, DC1/SKU-1, the supplier's record and DC9/SKU-9: forgetting the PO before its
            // eventIds expire would let a duplicate reopen it.
            assertThat(shortRetention.entityCount()).isEqualTo(4);
        }
    }

    private SupplyEvent placed(String poId, long at, long expectedAt) {
        SupplyEvent e = event("placed-" + poId + "-" + at, EventType.PO_PLACED, at);
        e.poId = poId;
        e.supplierId = "SUP-1";
        e.site = "DC1";
        e.sku = "SKU-1";
        e.quantity = 10L;
        e.expectedAt = expectedAt;
        return e;
    }

    private SupplyEvent received(String poId, long at) {
        SupplyEvent e = event("received-" + poId, EventType.GOODS_RECEIVED, at);
        e.poId = poId;
        e.site = "DC1";
        e.sku = "SKU-1";
        e.quantity = 10L;
        return e;
    }

    private SupplyEvent stock(String eventId, EventType type, long quantity, long at) {
        SupplyEvent e = event(eventId, type, at);
        e.site = "DC9";
        e.sku = "SKU-9";
        e.quantity = quantity;
        return e;
    }

    private SupplyEvent event(String eventId, EventType type, long at) {
        SupplyEvent e = new SupplyEvent(eventId, type, at);
        e.sequence = sequence++;
        return e;
    }
}
