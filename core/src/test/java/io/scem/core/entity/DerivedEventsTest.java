package io.scem.core.entity;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.event.EventType;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import org.junit.jupiter.api.Test;

/** What POs and work orders pass on to the stock and suppliers they feed. */
class DerivedEventsTest {
    private static final long T0 = Instants.parse("2026-01-01T00:00:00Z");

    @Test
    void aPoPassesItsSupplyDueInToItsStockAndItsReceiptToItsSupplier() {
        SupplyEvent placed = new SupplyEvent("p", EventType.PO_PLACED, T0);
        placed.poId = "PO-1";
        placed.supplierId = "SUP-1";
        placed.site = "DC1";
        placed.sku = "SKU-1";
        placed.quantity = 30L;
        placed.expectedAt = T0 + Instants.DAY;
        placed.sequence = 7;
        PurchaseOrder po = PurchaseOrder.next(null, placed);
        assertThat(DerivedEvents.of(null, po, placed)).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo("stock|DC1|SKU-1");
            assertThat(d.event().eventId).isEqualTo("p");
            assertThat(d.event().sequence).isEqualTo(7);
            assertThat(DerivedEvents.isDerived(d.event())).isTrue();
            assertThat(d.event().quantity).isEqualTo(30L);
        });

        // A confirmation names only the PO: the stock learns the new promise from the PO.
        SupplyEvent confirmed = new SupplyEvent("c", EventType.PO_CONFIRMED, T0 + 1);
        confirmed.poId = "PO-1";
        confirmed.expectedAt = T0 + 3 * Instants.DAY;
        PurchaseOrder moved = PurchaseOrder.next(po, confirmed);
        assertThat(DerivedEvents.of(po, moved, confirmed)).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo("stock|DC1|SKU-1");
            assertThat(d.event().site).isEqualTo("DC1");
            assertThat(d.event().expectedAt).isEqualTo(T0 + 3 * Instants.DAY);
        });

        // The receipt that closes it rates the supplier against the original promise, once.
        SupplyEvent receipt = new SupplyEvent("r", EventType.GOODS_RECEIVED, T0 + 2 * Instants.DAY);
        receipt.poId = "PO-1";
        receipt.site = "DC1";
        receipt.sku = "SKU-1";
        receipt.quantity = 30L;
        PurchaseOrder received = PurchaseOrder.next(moved, receipt);
        assertThat(DerivedEvents.of(moved, received, receipt)).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo("supplier|SUP-1");
            assertThat(d.event().expectedAt).isEqualTo(T0 + Instants.DAY);
            assertThat(d.event().supplierId).isEqualTo("SUP-1");
        });
        SupplyEvent second = new SupplyEvent("r2", EventType.GOODS_RECEIVED, T0 + 3 * Instants.DAY);
        second.poId = "PO-1";
        second.quantity = 1L;
        assertThat(DerivedEvents.of(received, PurchaseOrder.next(received, second), second)).isEmpty();
        // Nor does a late confirmation of a received PO put it back on the stock's supply.
        assertThat(DerivedEvents.of(received, PurchaseOrder.next(received, confirmed), confirmed)).isEmpty();
    }

    @Test
    void aReleasedWorkOrderPassesItsSupplyDueIn() {
        SupplyEvent released = new SupplyEvent("w", EventType.WORK_ORDER_RELEASED, T0);
        released.workOrderId = "WO-1";
        released.site = "P1";
        released.sku = "SKU-2";
        released.quantity = 12L;
        released.dueAt = T0 + Instants.DAY;
        WorkOrder wo = WorkOrder.next(null, released);
        assertThat(DerivedEvents.of(null, wo, released)).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo("stock|P1|SKU-2");
            assertThat(d.event().dueAt).isEqualTo(T0 + Instants.DAY);
        });
        SupplyEvent started = new SupplyEvent("s", EventType.WORK_ORDER_STARTED, T0 + 1);
        started.workOrderId = "WO-1";
        assertThat(DerivedEvents.of(wo, WorkOrder.next(wo, started), started)).isEmpty();
    }

    @Test
    void anOrderAllocatesAtItsStockWhenPlacedAndReleasesWhenDispatchedOrCancelled() {
        SupplyEvent placed = new SupplyEvent("o", EventType.ORDER_PLACED, T0);
        placed.orderId = "SO-1";
        placed.customerId = "C-1";
        placed.site = "DC1";
        placed.sku = "SKU-1";
        placed.quantity = 8L;
        placed.promisedAt = T0 + 2 * Instants.DAY;
        CustomerOrder order = CustomerOrder.next(null, placed);
        assertThat(DerivedEvents.of(null, order, placed)).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo("stock|DC1|SKU-1");
            assertThat(d.event().type).isEqualTo(EventType.ORDER_PLACED);
            assertThat(d.event().quantity).isEqualTo(8L);
            assertThat(d.event().promisedAt).isEqualTo(T0 + 2 * Instants.DAY);
            assertThat(DerivedEvents.isAllocation(d.event())).isTrue();
        });
        assertThat(DerivedEvents.isAllocation(placed)).as("the input's own event is not derived").isFalse();

        // Placed again for another site: the old stock releases it, the new one allocates.
        SupplyEvent moved = new SupplyEvent("o2", EventType.ORDER_PLACED, T0 + 1);
        moved.orderId = "SO-1";
        moved.site = "DC2";
        moved.sku = "SKU-1";
        moved.quantity = 8L;
        moved.promisedAt = T0 + 2 * Instants.DAY;
        CustomerOrder atDc2 = CustomerOrder.next(order, moved);
        assertThat(DerivedEvents.of(order, atDc2, moved)).extracting(d -> d.key(), d -> d.event().type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("stock|DC1|SKU-1", EventType.ORDER_CANCELLED),
                        org.assertj.core.groups.Tuple.tuple("stock|DC2|SKU-1", EventType.ORDER_PLACED));

        SupplyEvent dispatched = new SupplyEvent("d", EventType.SHIPMENT_DISPATCHED, T0 + Instants.DAY);
        dispatched.orderId = "SO-1";
        dispatched.shipmentId = "SH-1";
        CustomerOrder gone = CustomerOrder.next(atDc2, dispatched);
        assertThat(DerivedEvents.of(atDc2, gone, dispatched)).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo("stock|DC2|SKU-1");
            assertThat(d.event().type).isEqualTo(EventType.SHIPMENT_DISPATCHED);
        });
        SupplyEvent cancelled = new SupplyEvent("c", EventType.ORDER_CANCELLED, T0 + 2 * Instants.DAY);
        cancelled.orderId = "SO-1";
        assertThat(DerivedEvents.of(gone, CustomerOrder.next(gone, cancelled), cancelled)).as("already released").isEmpty();
    }

    @Test
    void aSupplierRecordRatesItsLatestReceipts() {
        SupplierRecord r = null;
        long[] lateness = {-60, 0, 1, 120};
        for (int i = 0; i < lateness.length; i++) {
            SupplyEvent e = new SupplyEvent("r" + i, EventType.GOODS_RECEIVED, T0 + i * Instants.DAY + lateness[i] * 60_000);
            e.supplierId = "SUP-1";
            e.poId = "PO-" + i;
            e.expectedAt = T0 + i * Instants.DAY;
            r = SupplierRecord.next(r, e);
        }
        assertThat(r.recentLatenessMinutes).containsExactly(120, 1, 0, -60);
        assertThat(r.onTimeRate(4, 0)).isEqualTo(0.5);
        assertThat(r.onTimeRate(2, 0)).isEqualTo(0.0);
        assertThat(r.onTimeRate(4, 1)).isEqualTo(0.75);
        assertThat(r.onTimeRate(5, 0)).isNull();
        assertThat(r.receipts).isEqualTo(4);
    }
}
