package io.scem.core.entity;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.event.EventType;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import org.junit.jupiter.api.Test;

/**
 * Each fact remembers which event set or moved each time a deadline counts from ({@code ...SetBy}):
 * set when its {@code ...Changed} flag is, carried over otherwise, and kept by {@link
 * EntityFact#rearmed}, so that a deadline re-armed from a later fact names the event that armed it.
 */
class DeadlineSetByTest {
    private static final long T0 = Instants.parse("2026-01-05T10:00:00Z");
    private static final long HOUR = 3_600_000L;

    @Test
    void aShipmentsPromiseIsSetByItsDispatchAndMovedOnlyByAnotherPromise() {
        Shipment dispatched = Shipment.next(null, dispatch("d1", T0, T0 + 5 * HOUR));
        Shipment seen = Shipment.next(dispatched, checkpoint("c1", T0 + HOUR));
        Shipment sameAgain = Shipment.next(seen, dispatch("d2", T0 + 2 * HOUR, T0 + 5 * HOUR));
        Shipment moved = Shipment.next(sameAgain, dispatch("d3", T0 + 3 * HOUR, T0 + 9 * HOUR));

        assertThat(dispatched.promisedAtSetBy).isEqualTo("d1");
        assertThat(seen.promisedAtChanged).isFalse();
        assertThat(seen.promisedAtSetBy).isEqualTo("d1");
        assertThat(sameAgain.promisedAtSetBy).as("a re-sent dispatch with the same promise").isEqualTo("d1");
        assertThat(moved.promisedAtSetBy).isEqualTo("d3");
    }

    @Test
    void rearmedKeepsWhoSetTheDeadlineWhileItSaysTheDeadlineChanged() {
        Shipment seen = Shipment.next(Shipment.next(null, dispatch("d1", T0, T0 + 5 * HOUR)), checkpoint("c1", T0 + HOUR));

        Shipment rearmed = seen.rearmed();

        assertThat(rearmed.promisedAtChanged).isTrue();
        assertThat(rearmed.promisedAtSetBy).isEqualTo("d1");
        assertThat(rearmed.eventId).isEqualTo("c1");
        assertThat(rearmed.getPromisedAtSetBy()).isEqualTo("d1");
    }

    @Test
    void aFactKeptByAnOlderVersionIsRearmedWithItsOwnEvent() {
        // State restored from a savepoint of a version without ...SetBy: the field comes back null.
        Shipment old = Shipment.next(Shipment.next(null, dispatch("d1", T0, T0 + 5 * HOUR)), checkpoint("c1", T0 + HOUR));
        old.promisedAtSetBy = null;
        assertThat(old.rearmed().promisedAtSetBy).isEqualTo("c1");

        Shipment seenOnly = Shipment.next(null, checkpoint("c2", T0));
        seenOnly.promisedAtSetBy = null;
        assertThat(seenOnly.rearmed().promisedAtSetBy).as("no promise, nothing set it").isNull();
    }

    @Test
    void aShipmentsNextVersionAfterAFactKeptByAnOlderVersionNamesWhatItWouldBeRearmedWith() {
        // After a restore the promise is re-armed from the rearmed fact; a later restore re-arms it
        // from a later version: both must name the same event, DELIVERY_LATE's evidence.
        Shipment old = Shipment.next(Shipment.next(null, dispatch("d1", T0, T0 + 5 * HOUR)), checkpoint("c1", T0 + HOUR));
        old.promisedAtSetBy = null;

        Shipment next = Shipment.next(old, checkpoint("c2", T0 + 2 * HOUR));

        assertThat(next.promisedAtSetBy).isEqualTo(old.rearmed().promisedAtSetBy).isEqualTo("c1");
        assertThat(next.promisedAtChanged).isFalse();
    }

    @Test
    void aPurchaseOrdersPlacementAndPromiseEachRememberTheirEvent() {
        SupplyEvent placed = po("p1", EventType.PO_PLACED, T0, T0 + 48 * HOUR);
        SupplyEvent confirmedSame = po("c1", EventType.PO_CONFIRMED, T0 + HOUR, T0 + 48 * HOUR);
        SupplyEvent shippedLater = po("s1", EventType.PO_SHIPPED, T0 + 2 * HOUR, T0 + 50 * HOUR);
        PurchaseOrder p = PurchaseOrder.next(null, placed);
        PurchaseOrder c = PurchaseOrder.next(p, confirmedSame);
        PurchaseOrder s = PurchaseOrder.next(c, shippedLater);
        PurchaseOrder r = PurchaseOrder.next(s, po("p2", EventType.PO_PLACED, T0 + 3 * HOUR, T0 + 50 * HOUR));

        assertThat(p).extracting(x -> x.placedAtSetBy, x -> x.expectedAtSetBy).containsExactly("p1", "p1");
        assertThat(c).extracting(x -> x.placedAtSetBy, x -> x.expectedAtSetBy).containsExactly("p1", "p1");
        assertThat(s).extracting(x -> x.placedAtSetBy, x -> x.expectedAtSetBy).containsExactly("p1", "s1");
        assertThat(r).as("a re-sent placement sets neither time")
                .extracting(x -> x.placedAtSetBy, x -> x.expectedAtSetBy).containsExactly("p1", "s1");
        assertThat(r.rearmed()).extracting(PurchaseOrder::getPlacedAtSetBy, PurchaseOrder::getExpectedAtSetBy)
                .containsExactly("p1", "s1");
    }

    @Test
    void aWorkOrdersDueDateIsSetByItsRelease() {
        SupplyEvent released = new SupplyEvent("r1", EventType.WORK_ORDER_RELEASED, T0);
        released.workOrderId = "WO-1";
        released.site = "P1";
        released.sku = "SKU-1";
        released.quantity = 5L;
        released.dueAt = T0 + 20 * HOUR;
        SupplyEvent started = new SupplyEvent("s1", EventType.WORK_ORDER_STARTED, T0 + HOUR);
        started.workOrderId = "WO-1";

        WorkOrder wo = WorkOrder.next(WorkOrder.next(null, released), started);

        assertThat(wo.dueAtSetBy).isEqualTo("r1");
        assertThat(wo.rearmed().getDueAtSetBy()).isEqualTo("r1");
    }

    @Test
    void aCustomerOrderIsPlacedByItsPlacementNotByPicking() {
        SupplyEvent placed = new SupplyEvent("o1", EventType.ORDER_PLACED, T0);
        placed.orderId = "ORD-1";
        placed.customerId = "C-1";
        placed.site = "DC1";
        placed.sku = "SKU-1";
        placed.quantity = 2L;
        placed.promisedAt = T0 + 48 * HOUR;
        SupplyEvent picked = new SupplyEvent("g1", EventType.GOODS_ISSUED, T0 + HOUR);
        picked.orderId = "ORD-1";
        picked.site = "DC1";
        picked.sku = "SKU-1";
        picked.quantity = 1L;

        CustomerOrder o = CustomerOrder.next(CustomerOrder.next(null, placed), picked);

        assertThat(o.placedSetBy).isEqualTo("o1");
        assertThat(o.rearmed().getPlacedSetBy()).isEqualTo("o1");
    }

    @Test
    void aLineStopIsSetByTheStopThatStartedItNotByARepeatedOne() {
        ProductionLine first = ProductionLine.next(null, line("l1", EventType.LINE_STOPPED, T0, "jam"));
        ProductionLine again = ProductionLine.next(first, line("l2", EventType.LINE_STOPPED, T0 + HOUR, "parts"));
        ProductionLine resumed = ProductionLine.next(again, line("l3", EventType.LINE_RESUMED, T0 + 2 * HOUR, null));

        assertThat(again.stoppedAtSetBy).isEqualTo("l1");
        assertThat(again.rearmed().getStoppedAtSetBy()).isEqualTo("l1");
        assertThat(resumed.stoppedAtSetBy).as("the resume cleared stoppedAt").isEqualTo("l3");
    }

    private static SupplyEvent dispatch(String id, long at, long promisedAt) {
        SupplyEvent e = new SupplyEvent(id, EventType.SHIPMENT_DISPATCHED, at);
        e.shipmentId = "SH-1";
        e.carrierId = "DHL";
        e.site = "DC1";
        e.destination = "Lyon";
        e.promisedAt = promisedAt;
        return e;
    }

    private static SupplyEvent checkpoint(String id, long at) {
        SupplyEvent e = new SupplyEvent(id, EventType.SHIPMENT_CHECKPOINT, at);
        e.shipmentId = "SH-1";
        e.location = "HUB";
        return e;
    }

    private static SupplyEvent po(String id, EventType type, long at, long expectedAt) {
        SupplyEvent e = new SupplyEvent(id, type, at);
        e.poId = "PO-1";
        e.supplierId = "SUP-1";
        e.site = "DC1";
        e.sku = "SKU-1";
        e.quantity = 10L;
        e.expectedAt = expectedAt;
        return e;
    }

    private static SupplyEvent line(String id, EventType type, long at, String reason) {
        SupplyEvent e = new SupplyEvent(id, type, at);
        e.site = "P1";
        e.lineId = "L1";
        e.reason = reason;
        return e;
    }
}
