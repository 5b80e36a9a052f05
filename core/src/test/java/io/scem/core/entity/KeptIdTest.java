package io.scem.core.entity;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.event.EventType;
import io.scem.core.event.SupplyEvent;
import org.junit.jupiter.api.Test;

/**
 * A later version of a fact keeps the id string of the entity's first event, not the equal copy
 * each later event brings (see {@link EntityFact}): that copy must be free to die young.
 */
class KeptIdTest {
    @Test
    void shipmentsOrdersPosAndWorkOrdersKeepTheirFirstIdInstance() {
        String first = new String("X-1");
        String later = new String("X-1");

        Shipment shipment = Shipment.next(Shipment.next(null, event(EventType.SHIPMENT_DISPATCHED, first)),
                event(EventType.SHIPMENT_CHECKPOINT, later));
        CustomerOrder order = CustomerOrder.next(CustomerOrder.next(null, event(EventType.ORDER_PLACED, first)),
                event(EventType.ORDER_CANCELLED, later));
        PurchaseOrder po = PurchaseOrder.next(PurchaseOrder.next(null, event(EventType.PO_PLACED, first)),
                event(EventType.PO_CONFIRMED, later));
        WorkOrder workOrder = WorkOrder.next(WorkOrder.next(null, event(EventType.WORK_ORDER_RELEASED, first)),
                event(EventType.WORK_ORDER_STARTED, later));

        assertThat(shipment.shipmentId).isSameAs(first);
        assertThat(order.orderId).isSameAs(first);
        assertThat(po.poId).isSameAs(first);
        assertThat(workOrder.workOrderId).isSameAs(first);
        assertThat(shipment.eventId).as("the version's own event").isEqualTo("e-" + EventType.SHIPMENT_CHECKPOINT);
    }

    /** An event of {@code type} whose entity ids are all {@code id}. */
    private static SupplyEvent event(EventType type, String id) {
        SupplyEvent e = new SupplyEvent("e-" + type, type, 1_000L);
        e.shipmentId = id;
        e.orderId = id;
        e.poId = id;
        e.workOrderId = id;
        e.site = "DC1";
        e.sku = "SKU-1";
        e.quantity = 1L;
        e.promisedAt = 2_000L;
        e.expectedAt = 2_000L;
        e.dueAt = 2_000L;
        return e;
    }
}
