package io.scem.core.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.scem.core.event.EventType;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import org.junit.jupiter.api.Test;

/** On-hand, supply due in and demand of one stock, and the projection built on them. */
class StockLevelTest {
    private static final long DAY = Instants.DAY;
    private static final long T0 = Instants.parse("2026-01-01T00:00:00Z");
    private int ids;

    @Test
    void demandIsTheIssuedQuantityOverTheTimeTrackedUpToTheWindow() {
        StockLevel s = movement(null, EventType.STOCK_COUNTED, 1000, T0);
        for (int day = 1; day <= 10; day++) s = movement(s, EventType.GOODS_ISSUED, 10, T0 + day * DAY);
        // Day 10 at 00:00: the 7 days before it and today so far (nothing of it yet), 8 issues of 10.
        assertThat(s.demandPerDay(7)).isCloseTo(80 / 7.0, within(1e-9));
        // Three days in, only three days are tracked: 30 over 3 days, not over 7.
        StockLevel young = movement(null, EventType.STOCK_COUNTED, 100, T0);
        for (int day = 1; day <= 3; day++) young = movement(young, EventType.GOODS_ISSUED, 10, T0 + day * DAY);
        assertThat(young.demandPerDay(7)).isCloseTo(10.0, within(1e-9));
        // A first issue within the first day counts over a whole day, not over minutes.
        StockLevel first = movement(movement(null, EventType.STOCK_COUNTED, 100, T0), EventType.GOODS_ISSUED, 5, T0 + 60_000);
        assertThat(first.demandPerDay(7)).isEqualTo(5.0);
    }

    @Test
    void issuesOlderThanTheWindowFallOff() {
        StockLevel s = movement(null, EventType.STOCK_COUNTED, 1000, T0);
        s = movement(s, EventType.GOODS_ISSUED, 700, T0 + DAY);
        s = movement(s, EventType.GOODS_ISSUED, 7, T0 + 40 * DAY);
        // Forty days on, the 700 are out of even the longest window; the days between issued nothing.
        assertThat(s.demandPerDay(StockLevel.MAX_DEMAND_DAYS)).isCloseTo(7.0 / StockLevel.MAX_DEMAND_DAYS, within(1e-9));
        assertThat(s.dailyIssued).hasSize(StockLevel.MAX_DEMAND_DAYS + 1);
    }

    @Test
    void runsOutWhenDemandOverTheHorizonExceedsOnHandAndSupplyDueInBeforeIt() {
        StockLevel s = movement(null, EventType.STOCK_COUNTED, 100, T0);
        for (int day = 1; day <= 3; day++) s = movement(s, EventType.GOODS_ISSUED, 10, T0 + day * DAY);
        long now = T0 + 3 * DAY; // 70 on hand, 10 a day: out in exactly 7 days
        assertThat(s.runsOutAt(now + 10 * DAY, 7, 0)).isEqualTo(now + 7 * DAY);
        assertThat(s.runsOutAt(now + 7 * DAY - 1, 7, 0)).isNull();
        // 30 due in on day 5 push it 3 days later (to the millisecond but for rounding); due after
        // the horizon they do not count.
        StockLevel withPo = inbound(s, EventType.PO_PLACED, "PO-1", 30, now + 2 * DAY, now + 1);
        assertThat(withPo.runsOutAt(now + 20 * DAY, 7, 0)).isCloseTo(now + 10 * DAY, within(10L));
        assertThat(inbound(s, EventType.PO_PLACED, "PO-1", 30, now + 8 * DAY, now + 1).runsOutAt(now + 7 * DAY + 3_600_000L, 7, 0))
                .isNotNull();
        // Supply that comes after stock has run out does not undo the stock-out before it.
        StockLevel late = inbound(s, EventType.PO_PLACED, "PO-1", 1000, now + 7 * DAY + 12 * 3_600_000L, now + 1);
        assertThat(late.runsOutAt(now + 30 * DAY, 7, 0)).isCloseTo(now + 7 * DAY, within(10L));
        // A level above zero is reached sooner.
        assertThat(s.runsOutAt(now + 10 * DAY, 7, 20)).isEqualTo(now + 5 * DAY);
    }

    @Test
    void aReceiptClosesThePoItNamesAndAMoveReplacesItsDueTime() {
        StockLevel s = movement(null, EventType.STOCK_COUNTED, 10, T0);
        s = inbound(s, EventType.PO_PLACED, "PO-1", 30, T0 + 5 * DAY, T0 + 1);
        s = inbound(s, EventType.WORK_ORDER_RELEASED, "WO-1", 20, T0 + 2 * DAY, T0 + 2);
        assertThat(s.inboundIds).containsExactly("wo|WO-1", "po|PO-1");
        s = inbound(s, EventType.PO_CONFIRMED, "PO-1", 30, T0 + DAY, T0 + 3);
        assertThat(s.inboundIds).containsExactly("po|PO-1", "wo|WO-1");
        assertThat(s.inboundBy(T0 + DAY)).isEqualTo(30);
        SupplyEvent receipt = event(EventType.GOODS_RECEIVED, T0 + 4);
        receipt.quantity = 30L;
        receipt.poId = "PO-1";
        StockLevel received = StockLevel.next(s, receipt);
        assertThat(received.onHand).isEqualTo(40);
        assertThat(received.inboundIds).containsExactly("wo|WO-1");
        // The previous fact is untouched: the rule engine may still hold it.
        assertThat(s.inboundIds).containsExactly("po|PO-1", "wo|WO-1");
        assertThat(received.isMovement()).isTrue();
        assertThat(s.isMovement()).isFalse();
    }

    @Test
    void supplyOverdueByMoreThanTheExpiryIsDropped() {
        StockLevel s = inbound(movement(null, EventType.STOCK_COUNTED, 10, T0), EventType.PO_PLACED, "PO-1", 30, T0 + DAY, T0 + 1);
        assertThat(movement(s, EventType.GOODS_ISSUED, 1, T0 + DAY + StockLevel.INBOUND_EXPIRY).inboundIds).containsExactly("po|PO-1");
        assertThat(movement(s, EventType.GOODS_ISSUED, 1, T0 + DAY + StockLevel.INBOUND_EXPIRY + 1).inboundIds).isEmpty();
    }

    @Test
    void aStockOutLastsFromTheMovementThatEmptiedTheStockToTheOneThatRefilledIt() {
        StockLevel s = movement(null, EventType.STOCK_COUNTED, 5, T0);
        s = movement(s, EventType.GOODS_ISSUED, 5, T0 + DAY);
        assertThat(s.outOfStockSince).isEqualTo(T0 + DAY);
        s = movement(s, EventType.GOODS_ISSUED, 2, T0 + DAY + 1000);
        assertThat(s.outOfStockSince).as("still the first empty moment").isEqualTo(T0 + DAY);
        s = movement(s, EventType.GOODS_RECEIVED, 2, T0 + DAY + 2000);
        assertThat(s.stockOutEndedAfter).as("back to 0 is still out").isZero();
        s = movement(s, EventType.GOODS_RECEIVED, 10, T0 + 2 * DAY);
        assertThat(s.stockOutEndedAfter).isEqualTo(DAY);
        assertThat(s.outOfStockSince).isNull();
        assertThat(movement(s, EventType.GOODS_ISSUED, 1, T0 + 3 * DAY).stockOutEndedAfter).as("only on the refill").isZero();
    }

    @Test
    void aStockThatStartsEmptyIsNoStockOutAsForStockOutRule() {
        StockLevel s = movement(null, EventType.GOODS_ISSUED, 3, T0);
        assertThat(s.outOfStockSince).isNull();
        assertThat(movement(s, EventType.GOODS_RECEIVED, 10, T0 + DAY).stockOutEndedAfter).isZero();
    }

    @Test
    void anAllocationIsKeptPerOrderAndChangesNothingTheRulesRead() {
        StockLevel counted = movement(null, EventType.STOCK_COUNTED, 10, T0);
        StockLevel s = allocation(counted, EventType.ORDER_PLACED, "SO-1", 4, T0 + 5);
        s = allocation(s, EventType.ORDER_PLACED, "SO-2", 3, T0 + 6);
        assertThat(s.allocatedIds).containsExactly("SO-1", "SO-2");
        assertThat(s.allocated()).isEqualTo(7);
        assertThat(s.changedAt).isEqualTo(T0 + 6);
        // The rules' view, stamp included, is the count's.
        assertThat(s.eventId).isEqualTo(counted.eventId);
        assertThat(s.occurredAt).isEqualTo(T0);
        assertThat(s.onHand).isEqualTo(10);
        assertThat(s.previousOnHand).isEqualTo(counted.previousOnHand);

        // An issue naming the order takes its quantity off that order's allocation only.
        SupplyEvent issue = event(EventType.GOODS_ISSUED, T0 + 7);
        issue.quantity = 1L;
        issue.orderId = "SO-1";
        StockLevel issued = StockLevel.next(s, issue);
        assertThat(issued.allocatedQuantity).containsExactly(3, 3);
        issue = event(EventType.GOODS_ISSUED, T0 + 8);
        issue.quantity = 5L;
        issue.orderId = "SO-1";
        assertThat(StockLevel.next(issued, issue).allocatedIds).as("issued in full").containsExactly("SO-2");

        StockLevel released = allocation(issued, EventType.SHIPMENT_DISPATCHED, "SO-2", 0, T0 + 9);
        assertThat(released.allocatedIds).containsExactly("SO-1");
        assertThat(allocation(released, EventType.ORDER_CANCELLED, "SO-1", 0, T0 + 10).allocated()).isZero();
    }

    @Test
    void aStockFirstKnownThroughAnOrderIsUnseenByRulesAndStartsTrackingAtItsFirstMovement() {
        StockLevel s = allocation(null, EventType.ORDER_PLACED, "SO-1", 4, T0);
        assertThat(s.seenByRules()).isFalse();
        assertThat(s.isMovement()).isFalse();
        s = movement(s, EventType.STOCK_COUNTED, 10, T0 + DAY);
        assertThat(s.seenByRules()).isTrue();
        assertThat(s.trackedSince).isEqualTo(T0 + DAY);
        assertThat(s.allocated()).isEqualTo(4);
    }

    @Test
    void anAllocationWhosePromiseIsAMonthPastIsDropped() {
        StockLevel s = allocation(movement(null, EventType.STOCK_COUNTED, 10, T0), EventType.ORDER_PLACED, "SO-1", 4, T0 + 1);
        long promise = T0 + 1 + DAY; // what allocation() promises
        assertThat(movement(s, EventType.GOODS_ISSUED, 1, promise + StockLevel.ALLOCATION_EXPIRY).allocatedIds).hasSize(1);
        assertThat(movement(s, EventType.GOODS_ISSUED, 1, promise + StockLevel.ALLOCATION_EXPIRY + 1).allocatedIds).isEmpty();
    }

    /** A derived allocation event, as an order passes it on, promised a day after it. */
    private StockLevel allocation(StockLevel current, EventType type, String orderId, long quantity, long at) {
        SupplyEvent e = event(type, at);
        e.partition = DerivedEvents.PARTITION;
        e.orderId = orderId;
        e.quantity = quantity;
        e.promisedAt = at + DAY;
        return StockLevel.next(current, e);
    }

    private StockLevel movement(StockLevel current, EventType type, long quantity, long at) {
        SupplyEvent e = event(type, at);
        e.quantity = quantity;
        return StockLevel.next(current, e);
    }

    private StockLevel inbound(StockLevel current, EventType type, String id, long quantity, long dueAt, long at) {
        SupplyEvent e = event(type, at);
        e.quantity = quantity;
        if (type == EventType.WORK_ORDER_RELEASED) {
            e.workOrderId = id;
            e.dueAt = dueAt;
        } else {
            e.poId = id;
            e.expectedAt = dueAt;
        }
        return StockLevel.next(current, e);
    }

    private SupplyEvent event(EventType type, long at) {
        SupplyEvent e = new SupplyEvent("e" + ids++, type, at);
        e.site = "DC1";
        e.sku = "SKU-1";
        return e;
    }
}
