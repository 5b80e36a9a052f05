package io.scem.core.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.entity.CustomerOrder;
import io.scem.core.entity.PurchaseOrder;
import io.scem.core.entity.Shipment;
import io.scem.core.entity.WorkOrder;
import io.scem.core.event.EventType;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import org.junit.jupiter.api.Test;

/** When an entity completes, and what its completion says: on time, in full, lead time. */
class CompletionsTest {
    private static final long HOUR = Instants.HOUR;
    private static final long T0 = Instants.parse("2026-01-05T00:00:00Z");
    private int ids;

    @Test
    void aPurchaseOrderCompletesAtItsFirstReceiptMeasuredAgainstItsOriginalPromise() {
        PurchaseOrder po = PurchaseOrder.next(null, po(EventType.PO_PLACED, T0, e -> {
            e.supplierId = "SUP-1"; e.site = "DC1"; e.sku = "SKU-1"; e.quantity = 10L; e.expectedAt = T0 + 48 * HOUR;
        }));
        PurchaseOrder confirmed = PurchaseOrder.next(po, po(EventType.PO_CONFIRMED, T0 + HOUR, e -> e.expectedAt = T0 + 96 * HOUR));
        assertThat(Completions.of(po, confirmed)).as("a confirmation completes nothing").isNull();
        po = confirmed;
        SupplyEvent receipt = po(EventType.GOODS_RECEIVED, T0 + 60 * HOUR, e -> { e.site = "DC1"; e.sku = "SKU-1"; e.quantity = 8L; });
        PurchaseOrder received = PurchaseOrder.next(po, receipt);

        Completion c = Completions.of(po, received);
        assertThat(c.kind).isEqualTo(Completion.Kind.SUPPLIER_DELIVERY);
        assertThat(c.supplierId).isEqualTo("SUP-1");
        assertThat(c.onTime()).as("12 h past the original promise, though before the moved one").isFalse();
        assertThat(c.latenessMillis()).isEqualTo(12 * HOUR);
        assertThat(c.leadTimeMillis()).isEqualTo(60 * HOUR);
        assertThat(c.inFull()).isFalse();
        assertThat(Completions.of(received, PurchaseOrder.next(received, po(EventType.GOODS_RECEIVED, T0 + 61 * HOUR, e -> {
            e.site = "DC1"; e.sku = "SKU-1"; e.quantity = 2L; }))))
                .as("a second receipt completes nothing").isNull();
    }

    @Test
    void anEntityWhoseStartWasNeverSeenCompletesWithoutKpis() {
        PurchaseOrder receivedOnly = PurchaseOrder.next(null, po(EventType.GOODS_RECEIVED, T0, e -> {
            e.site = "DC1"; e.sku = "SKU-1"; e.quantity = 8L; }));
        assertThat(Completions.of(null, receivedOnly)).isNull();
    }

    @Test
    void aWorkOrderAndAShipmentCompleteOnTimeAtTheirDeadline() {
        WorkOrder wo = WorkOrder.next(null, event(EventType.WORK_ORDER_RELEASED, T0, e -> {
            e.workOrderId = "WO-1"; e.site = "PLANT1"; e.sku = "SKU-3"; e.quantity = 100L; e.dueAt = T0 + 8 * HOUR; }));
        WorkOrder done = WorkOrder.next(wo, event(EventType.WORK_ORDER_COMPLETED, T0 + 8 * HOUR, e -> {
            e.workOrderId = "WO-1"; e.quantity = 100L; }));
        Completion w = Completions.of(wo, done);
        assertThat(w.kind).isEqualTo(Completion.Kind.WORK_ORDER);
        assertThat(w.onTime()).isTrue();
        assertThat(w.inFull()).isTrue();
        assertThat(w.leadTimeMillis()).isEqualTo(8 * HOUR);

        Shipment s = Shipment.next(null, event(EventType.SHIPMENT_DISPATCHED, T0, e -> {
            e.shipmentId = "SH-1"; e.orderId = "O-1"; e.carrierId = "CAR-1"; e.site = "DC1"; e.destination = "X";
            e.promisedAt = T0 + 24 * HOUR; }));
        Shipment delivered = Shipment.next(s, event(EventType.SHIPMENT_DELIVERED, T0 + 30 * HOUR, e -> e.shipmentId = "SH-1"));
        Completion d = Completions.of(s, delivered);
        assertThat(d.kind).isEqualTo(Completion.Kind.SHIPMENT);
        assertThat(d.carrierId).isEqualTo("CAR-1");
        assertThat(d.onTime()).isFalse();
        assertThat(d.latenessMillis()).isEqualTo(6 * HOUR);
        assertThat(Completions.of(s, Shipment.next(s, event(EventType.SHIPMENT_CHECKPOINT, T0 + HOUR, e -> {
            e.shipmentId = "SH-1"; e.location = "hub"; })))).as("still in transit").isNull();
    }

    @Test
    void aCustomerOrderIsNoCompletionItsStatusMeasuresItOnceDelivered() {
        CustomerOrder o = CustomerOrder.next(null, event(EventType.ORDER_PLACED, T0, e -> {
            e.orderId = "O-1"; e.customerId = "C-1"; e.site = "DC1"; e.sku = "SKU-1"; e.quantity = 10L;
            e.promisedAt = T0 + 48 * HOUR; }));
        CustomerOrder dispatched = CustomerOrder.next(o, event(EventType.SHIPMENT_DISPATCHED, T0 + 2 * HOUR, e -> {
            e.orderId = "O-1"; e.shipmentId = "SH-1"; }));
        assertThat(Completions.of(o, dispatched)).as("dispatched: not yet with the customer").isNull();
        CustomerOrder cancelled = CustomerOrder.next(o, event(EventType.ORDER_CANCELLED, T0 + 3 * HOUR, e -> e.orderId = "O-1"));
        assertThat(Completions.of(o, cancelled)).isNull();
    }

    private SupplyEvent po(EventType type, long at, java.util.function.Consumer<SupplyEvent> fields) {
        return event(type, at, e -> { e.poId = "PO-1"; fields.accept(e); });
    }

    private SupplyEvent event(EventType type, long at, java.util.function.Consumer<SupplyEvent> fields) {
        SupplyEvent e = new SupplyEvent("E" + (++ids), type, at);
        fields.accept(e);
        return e;
    }
}
