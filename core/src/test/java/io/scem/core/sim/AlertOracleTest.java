package io.scem.core.sim;

import static io.scem.core.sim.AlertOracle.DELIVERY_LATE;
import static io.scem.core.sim.AlertOracle.PRODUCTION_LATE;
import static io.scem.core.sim.AlertOracle.STOCK_OUT;
import static io.scem.core.sim.AlertOracle.SUPPLIER_LATE;
import static io.scem.core.sim.ExpectedAlert.firing;
import static io.scem.core.sim.ExpectedAlert.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.event.EventType;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import io.scem.core.sim.AlertOracle.Tunables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The oracle on small hand-written streams, one edge of the specification at a time. */
class AlertOracleTest {
    private static final long T0 = Instants.parse("2026-01-05T10:00:00Z");
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final String ITEM = "DC1|SKU-1";

    private final List<SupplyEvent> events = new ArrayList<>();
    private int ids;

    // ---- STOCK_OUT ----

    @Test
    void stockOutFiresWhenOnHandReachesZeroAndResolvesWhenRestocked() {
        stock(EventType.STOCK_COUNTED, 5, T0);
        stock(EventType.GOODS_ISSUED, 5, T0 + HOUR);
        stock(EventType.GOODS_ISSUED, 1, T0 + 2 * HOUR); // still out: no second FIRING
        stock(EventType.GOODS_RECEIVED, 10, T0 + 3 * HOUR);

        assertThat(alerts()).containsExactly(
                firing(STOCK_OUT, ITEM, T0 + HOUR),
                resolved(STOCK_OUT, ITEM, T0 + 3 * HOUR));
    }

    @Test
    void stockOutCanFireAgainAfterRecoveringAndFollowsCountsAndAdjustments() {
        stock(EventType.STOCK_COUNTED, 2, T0);
        stock(EventType.STOCK_ADJUSTED, -3, T0 + HOUR);
        stock(EventType.STOCK_COUNTED, 4, T0 + 2 * HOUR);
        stock(EventType.GOODS_ISSUED, 4, T0 + 3 * HOUR);

        assertThat(alerts()).containsExactly(
                firing(STOCK_OUT, ITEM, T0 + HOUR),
                resolved(STOCK_OUT, ITEM, T0 + 2 * HOUR),
                firing(STOCK_OUT, ITEM, T0 + 3 * HOUR));
    }

    @Test
    void stockNeverAboveZeroIsNotAStockOut() {
        stock(EventType.GOODS_ISSUED, 3, T0); // unknown counts as 0: 0 -> -3 crosses nothing
        stock(EventType.GOODS_RECEIVED, 5, T0 + HOUR); // and nothing was firing to resolve

        assertThat(alerts()).isEmpty();
    }

    // ---- the rules' tunables ----

    @Test
    void aStockOutBackWithinTheHoldContinuesItsEpisodeAndWithoutAHoldIsANewOne() {
        stock(EventType.STOCK_COUNTED, 5, T0);
        stock(EventType.GOODS_ISSUED, 5, T0 + HOUR);
        stock(EventType.GOODS_RECEIVED, 2, T0 + 2 * HOUR);
        stock(EventType.GOODS_ISSUED, 2, T0 + 2 * HOUR + 10 * MINUTE); // within the shipped rules' 15 minutes
        stock(EventType.GOODS_RECEIVED, 9, T0 + 5 * HOUR);

        assertThat(alerts()).containsExactly(
                firing(STOCK_OUT, ITEM, T0 + HOUR),
                resolved(STOCK_OUT, ITEM, T0 + 5 * HOUR));
        assertThat(AlertOracle.expectedAlerts(events, Tunables.NONE)).containsExactly(
                firing(STOCK_OUT, ITEM, T0 + HOUR),
                resolved(STOCK_OUT, ITEM, T0 + 2 * HOUR),
                firing(STOCK_OUT, ITEM, T0 + 2 * HOUR + 10 * MINUTE),
                resolved(STOCK_OUT, ITEM, T0 + 5 * HOUR));
    }

    @Test
    void theStockOutLevelIsWhereStockCountsAsOut() {
        stock(EventType.STOCK_COUNTED, 50, T0);
        stock(EventType.GOODS_ISSUED, 10, T0 + HOUR); // 40: out at level 40
        stock(EventType.GOODS_RECEIVED, 1, T0 + 2 * HOUR); // 41: back above it

        assertThat(AlertOracle.expectedAlerts(events, new Tunables(40, 0, 0, 0, 0))).containsExactly(
                firing(STOCK_OUT, ITEM, T0 + HOUR),
                resolved(STOCK_OUT, ITEM, T0 + 2 * HOUR));
        assertThat(alerts()).isEmpty();
    }

    @Test
    void aGraceMakesTheDeadlineLaterAndTheAlertIsStampedWithIt() {
        po(EventType.PO_PLACED, "PO-1", T0, T0 + 5 * HOUR);
        receipt("PO-1", T0 + 6 * HOUR); // within its 90-minute grace: on time
        release("WO-1", T0, T0 + 5 * HOUR);
        complete("WO-1", T0 + 7 * HOUR); // after its 60-minute grace: late at 6 h
        dispatch("SH-1", T0 + 8 * HOUR, T0 + 2 * HOUR); // past its promise and 30-minute grace when dispatched
        po(EventType.PO_PLACED, "PO-2", T0 + 9 * HOUR, T0 + 20 * HOUR); // moves the clock on

        assertThat(AlertOracle.expectedAlerts(events, new Tunables(0, 0, 90, 60, 30))).containsExactly(
                firing(DELIVERY_LATE, "SH-1", T0 + 2 * HOUR + 30 * MINUTE),
                firing(PRODUCTION_LATE, "WO-1", T0 + 6 * HOUR),
                resolved(PRODUCTION_LATE, "WO-1", T0 + 7 * HOUR));
        assertThat(alerts()).contains(firing(SUPPLIER_LATE, "PO-1", T0 + 5 * HOUR));
    }

    @Test
    void tunablesComeFromTheRulesVariablesAndAVariableTheRulesLackIsUntuned() {
        assertThat(Tunables.of(Map.of("STOCK_OUT_HOLD_MINUTES", 15L, "DELIVERY_LATE_GRACE_MINUTES", 30L,
                "TRACKING_SILENT_HOURS", 24L))).isEqualTo(new Tunables(0, 15, 0, 0, 30));
        assertThat(Tunables.of(Map.of())).isEqualTo(Tunables.NONE);
    }

    // ---- SUPPLIER_LATE ----

    @Test
    void supplierLateFiresAtTheDeadlineAndResolvesAtTheReceipt() {
        po(EventType.PO_PLACED, "PO-1", T0, T0 + 5 * HOUR);
        receipt("PO-1", T0 + 7 * HOUR);

        assertThat(alerts()).containsExactly(
                firing(SUPPLIER_LATE, "PO-1", T0 + 5 * HOUR),
                resolved(SUPPLIER_LATE, "PO-1", T0 + 7 * HOUR));
    }

    @Test
    void aReceiptAtTheExactDeadlineIsOnTime() {
        po(EventType.PO_PLACED, "PO-1", T0, T0 + 5 * HOUR);
        receipt("PO-1", T0 + 5 * HOUR);
        po(EventType.PO_PLACED, "PO-2", T0 + 9 * HOUR, T0 + 20 * HOUR); // moves the clock well past

        assertThat(alerts()).isEmpty();
    }

    @Test
    void aLaterPromiseBeforeTheDeadlineMovesIt() {
        po(EventType.PO_PLACED, "PO-1", T0, T0 + 5 * HOUR);
        po(EventType.PO_CONFIRMED, "PO-1", T0 + HOUR, T0 + 8 * HOUR);
        receipt("PO-1", T0 + 7 * HOUR); // late by the first promise, on time by the second
        po(EventType.PO_PLACED, "PO-2", T0 + 2 * HOUR, T0 + 8 * HOUR);
        po(EventType.PO_CONFIRMED, "PO-2", T0 + 3 * HOUR, T0 + 9 * HOUR);
        receipt("PO-3", T0 + 12 * HOUR); // only moves the clock

        assertThat(alerts()).containsExactly(firing(SUPPLIER_LATE, "PO-2", T0 + 9 * HOUR));
    }

    @Test
    void aLaterPromiseAfterTheDeadlinePassedChangesNothing() {
        po(EventType.PO_PLACED, "PO-1", T0, T0 + 5 * HOUR);
        po(EventType.PO_SHIPPED, "PO-1", T0 + 6 * HOUR, T0 + 10 * HOUR);
        receipt("PO-1", T0 + 8 * HOUR);

        assertThat(alerts()).containsExactly(
                firing(SUPPLIER_LATE, "PO-1", T0 + 5 * HOUR),
                resolved(SUPPLIER_LATE, "PO-1", T0 + 8 * HOUR));
    }

    @Test
    void aDeadlineAlreadyPastWhenThePoAppearsFiresAtOnceStampedWithTheDeadline() {
        po(EventType.PO_PLACED, "PO-1", T0 + 10 * HOUR, T0 + 2 * HOUR); // the last event, too

        assertThat(alerts()).containsExactly(firing(SUPPLIER_LATE, "PO-1", T0 + 2 * HOUR));
    }

    @Test
    void aPromiseMovedIntoThePastFiresAtOnce() {
        po(EventType.PO_PLACED, "PO-1", T0, T0 + 10 * HOUR);
        po(EventType.PO_CONFIRMED, "PO-1", T0 + 4 * HOUR, T0 + 3 * HOUR);

        assertThat(alerts()).containsExactly(firing(SUPPLIER_LATE, "PO-1", T0 + 3 * HOUR));
    }

    @Test
    void aDeadlineAtOrAfterTheFinalClockNeverFires() {
        po(EventType.PO_PLACED, "PO-1", T0, T0 + 5 * HOUR);
        po(EventType.PO_PLACED, "PO-2", T0, T0 + 9 * HOUR);
        po(EventType.PO_PLACED, "PO-3", T0, T0 + 4 * HOUR);
        stock(EventType.STOCK_COUNTED, 1, T0 + 5 * HOUR); // the final clock: exactly PO-1's deadline

        assertThat(alerts()).containsExactly(firing(SUPPLIER_LATE, "PO-3", T0 + 4 * HOUR));
    }

    @Test
    void aReceivedPoRaisesNothingMore() {
        po(EventType.PO_PLACED, "PO-1", T0, T0 + 5 * HOUR);
        receipt("PO-1", T0 + HOUR);
        po(EventType.PO_SHIPPED, "PO-1", T0 + 2 * HOUR, T0 + 3 * HOUR); // a stray notice after receipt
        receipt("PO-1", T0 + 9 * HOUR);

        assertThat(alerts()).isEmpty();
    }

    @Test
    void deadlinesPassedByOneEventAllFireWithTheirOwnDeadlines() {
        po(EventType.PO_PLACED, "PO-2", T0, T0 + 3 * HOUR);
        po(EventType.PO_PLACED, "PO-1", T0, T0 + 2 * HOUR);
        release("WO-1", T0, T0 + 2 * HOUR);
        stock(EventType.STOCK_COUNTED, 1, T0 + 6 * HOUR);

        assertThat(alerts()).containsExactly(
                firing(PRODUCTION_LATE, "WO-1", T0 + 2 * HOUR),
                firing(SUPPLIER_LATE, "PO-1", T0 + 2 * HOUR),
                firing(SUPPLIER_LATE, "PO-2", T0 + 3 * HOUR));
    }

    // ---- PRODUCTION_LATE ----

    @Test
    void productionLateFiresAtDueAndResolvesAtCompletionButAnExactCompletionIsOnTime() {
        release("WO-1", T0, T0 + 4 * HOUR);
        release("WO-2", T0, T0 + 4 * HOUR);
        complete("WO-1", T0 + 4 * HOUR);
        complete("WO-2", T0 + 6 * HOUR);

        assertThat(alerts()).containsExactly(
                firing(PRODUCTION_LATE, "WO-2", T0 + 4 * HOUR),
                resolved(PRODUCTION_LATE, "WO-2", T0 + 6 * HOUR));
    }

    @Test
    void aWorkOrderReleasedAfterItsDueDateIsLateAtOnce() {
        release("WO-1", T0 + 5 * HOUR, T0 + HOUR);
        complete("WO-1", T0 + 6 * HOUR);

        assertThat(alerts()).containsExactly(
                firing(PRODUCTION_LATE, "WO-1", T0 + HOUR),
                resolved(PRODUCTION_LATE, "WO-1", T0 + 6 * HOUR));
    }

    // ---- DELIVERY_LATE ----

    @Test
    void deliveryLateFiresAtThePromiseAndResolvesAtDelivery() {
        dispatch("SH-1", T0, T0 + 24 * HOUR);
        dispatch("SH-2", T0, T0 + 24 * HOUR);
        deliver("SH-1", T0 + 24 * HOUR);
        deliver("SH-2", T0 + 30 * HOUR);

        assertThat(alerts()).containsExactly(
                firing(DELIVERY_LATE, "SH-2", T0 + 24 * HOUR),
                resolved(DELIVERY_LATE, "SH-2", T0 + 30 * HOUR));
    }

    @Test
    void aLostShipmentStaysFiring() {
        dispatch("SH-1", T0, T0 + 24 * HOUR);
        stock(EventType.STOCK_COUNTED, 1, T0 + 48 * HOUR);

        assertThat(alerts()).containsExactly(firing(DELIVERY_LATE, "SH-1", T0 + 24 * HOUR));
    }

    // ---- input handling ----

    @Test
    void aRepeatedEventIdIsIgnored() {
        stock(EventType.STOCK_COUNTED, 10, T0);
        SupplyEvent issue = stock(EventType.GOODS_ISSUED, 5, T0 + HOUR);
        events.add(copy(issue)); // delivered twice: counting it twice would empty the shelf

        assertThat(alerts()).isEmpty();
    }

    @Test
    void inputOutOfOrderIsProcessedInEventTimeOrder() {
        stock(EventType.STOCK_COUNTED, 5, T0);
        stock(EventType.GOODS_ISSUED, 5, T0 + HOUR);
        po(EventType.PO_PLACED, "PO-1", T0, T0 + 2 * HOUR);
        receipt("PO-1", T0 + 3 * HOUR);
        List<ExpectedAlert> inOrder = alerts();

        Collections.shuffle(events, new Random(7));
        assertThat(alerts()).isEqualTo(inOrder).containsExactly(
                firing(STOCK_OUT, ITEM, T0 + HOUR),
                firing(SUPPLIER_LATE, "PO-1", T0 + 2 * HOUR),
                resolved(STOCK_OUT, ITEM, T0 + 3 * HOUR),
                resolved(SUPPLIER_LATE, "PO-1", T0 + 3 * HOUR));
    }

    @Test
    void equalTimesAreTakenInSequenceOrder() {
        SupplyEvent count = stock(EventType.STOCK_COUNTED, 5, T0);
        SupplyEvent issue = stock(EventType.GOODS_ISSUED, 5, T0);
        count.sequence = 2;
        issue.sequence = 1; // issued first (0 -> -5), then counted: no stock-out

        assertThat(alerts()).isEmpty();
    }

    @Test
    void loadsTheValidEventsOfAJsonLinesFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"eventId\":\"a\",\"type\":\"STOCK_COUNTED\",\"occurredAt\":\"2026-01-05T10:00:00Z\","
                        + "\"site\":\"DC1\",\"sku\":\"SKU-1\",\"quantity\":3}",
                "{\"eventId\":\"b\",\"type\":\"GOODS_ISSUED\",\"occurredAt\":",
                "{\"eventId\":\"c\",\"type\":\"GOODS_ISSUED\",\"occurredAt\":\"2026-01-05T11:00:00Z\","
                        + "\"site\":\"DC1\",\"sku\":\"SKU-1\",\"quantity\":3}",
                "{\"eventId\":\"d\",\"type\":\"GOODS_ISSUED\",\"occurredAt\":\"2026-01-05T09:00:00Z\","
                        + "\"site\":\"DC1\",\"sku\":\"SKU-1\",\"quantity\":3}"));

        assertThat(AlertOracle.loadJsonLines(file)).extracting(e -> e.eventId, e -> e.sequence)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", 1L),
                        org.assertj.core.groups.Tuple.tuple("c", 3L),
                        org.assertj.core.groups.Tuple.tuple("d", 4L));
        // With a lateness bound of an hour, "d" (two hours older than "c") is dropped as late.
        List<SupplyEvent> onTime = AlertOracle.loadJsonLines(file, HOUR);
        assertThat(onTime).extracting(e -> e.eventId).containsExactly("a", "c");
        assertThat(AlertOracle.expectedAlerts(onTime)).containsExactly(firing(STOCK_OUT, ITEM, T0 + HOUR));
    }

    // ---- builders ----

    private List<ExpectedAlert> alerts() {
        return AlertOracle.expectedAlerts(events);
    }

    private SupplyEvent event(EventType type, long at) {
        SupplyEvent e = new SupplyEvent("e" + (++ids), type, at);
        e.sequence = ids;
        events.add(e);
        return e;
    }

    private SupplyEvent stock(EventType type, long quantity, long at) {
        SupplyEvent e = event(type, at);
        e.site = "DC1";
        e.sku = "SKU-1";
        e.quantity = quantity;
        return e;
    }

    private void po(EventType type, String poId, long at, long expectedAt) {
        SupplyEvent e = event(type, at);
        e.poId = poId;
        e.expectedAt = expectedAt;
    }

    private void receipt(String poId, long at) {
        stock(EventType.GOODS_RECEIVED, 10, at).poId = poId;
    }

    private void release(String workOrderId, long at, long dueAt) {
        SupplyEvent e = event(EventType.WORK_ORDER_RELEASED, at);
        e.workOrderId = workOrderId;
        e.dueAt = dueAt;
    }

    private void complete(String workOrderId, long at) {
        event(EventType.WORK_ORDER_COMPLETED, at).workOrderId = workOrderId;
    }

    private void dispatch(String shipmentId, long at, long promisedAt) {
        SupplyEvent e = event(EventType.SHIPMENT_DISPATCHED, at);
        e.shipmentId = shipmentId;
        e.promisedAt = promisedAt;
    }

    private void deliver(String shipmentId, long at) {
        event(EventType.SHIPMENT_DELIVERED, at).shipmentId = shipmentId;
    }

    private static SupplyEvent copy(SupplyEvent e) {
        SupplyEvent c = new SupplyEvent(e.eventId, e.type, e.occurredAt);
        c.sequence = e.sequence + 100;
        c.site = e.site;
        c.sku = e.sku;
        c.quantity = e.quantity;
        return c;
    }
}
