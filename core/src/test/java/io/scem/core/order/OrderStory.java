package io.scem.core.order;

import io.scem.core.alert.Alert;
import io.scem.core.entity.CustomerOrder;
import io.scem.core.entity.Shipment;
import io.scem.core.event.EventType;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import java.util.function.Consumer;

/**
 * Builds the signals of one order's story as the job makes them: each event goes through the
 * order or shipment entity ({@link CustomerOrder#next}, {@link Shipment#next}), and the new fact
 * becomes an {@link OrderSignal}. Test data for the order status, its function and the costs.
 */
public final class OrderStory {
    public static final long HOUR = Instants.HOUR;

    private final String orderId;
    private CustomerOrder order;
    private Shipment shipment;
    private int ids;

    public OrderStory(String orderId) {
        this.orderId = orderId;
    }

    public OrderSignal placed(long at, String sku, long quantity, long promisedAt) {
        return orderEvent(EventType.ORDER_PLACED, at, e -> {
            e.customerId = "CUST-1";
            e.site = "DC1";
            e.sku = sku;
            e.quantity = quantity;
            e.promisedAt = promisedAt;
        });
    }

    public OrderSignal picked(long at, long quantity) {
        return orderEvent(EventType.GOODS_ISSUED, at, e -> {
            e.site = "DC1";
            e.sku = order == null ? "SKU-1" : order.sku;
            e.quantity = quantity;
        });
    }

    public OrderSignal cancelled(long at) {
        return orderEvent(EventType.ORDER_CANCELLED, at, e -> {});
    }

    /** The dispatch reaches both the order and the shipment: the order's signal. */
    public OrderSignal dispatchedToOrder(long at, String shipmentId) {
        return orderEvent(EventType.SHIPMENT_DISPATCHED, at, e -> e.shipmentId = shipmentId);
    }

    /** ... and the shipment's signal of the same event. */
    public OrderSignal dispatchedToShipment(long at, String shipmentId, String carrierId, long promisedAt) {
        return shipmentEvent(EventType.SHIPMENT_DISPATCHED, at, shipmentId, e -> {
            e.orderId = orderId;
            e.carrierId = carrierId;
            e.site = "DC1";
            e.destination = "Lyon";
            e.promisedAt = promisedAt;
        });
    }

    public OrderSignal checkpoint(long at, String location) {
        return shipmentEvent(EventType.SHIPMENT_CHECKPOINT, at, shipment.shipmentId, e -> e.location = location);
    }

    public OrderSignal eta(long at, long eta) {
        return shipmentEvent(EventType.SHIPMENT_ETA_UPDATED, at, shipment.shipmentId, e -> e.eta = eta);
    }

    public OrderSignal exception(long at, String reason) {
        return shipmentEvent(EventType.SHIPMENT_EXCEPTION, at, shipment.shipmentId, e -> e.reason = reason);
    }

    public OrderSignal delivered(long at) {
        return shipmentEvent(EventType.SHIPMENT_DELIVERED, at, shipment.shipmentId, e -> {});
    }

    public OrderSignal atRisk(long at, boolean firing) {
        Alert a = new Alert();
        a.rule = OrderSignal.AT_RISK_RULE;
        a.status = firing ? Alert.FIRING : Alert.RESOLVED;
        a.key = orderId;
        a.orderId = orderId;
        a.at = at;
        a.message = firing ? "Order " + orderId + " cannot be met by its promise from DC1" : "cleared";
        return OrderSignal.of(a);
    }

    private OrderSignal orderEvent(EventType type, long at, Consumer<SupplyEvent> fill) {
        SupplyEvent e = new SupplyEvent(orderId + "-" + (++ids), type, at);
        e.orderId = orderId;
        fill.accept(e);
        order = CustomerOrder.next(order, e);
        return OrderSignal.of(order);
    }

    private OrderSignal shipmentEvent(EventType type, long at, String shipmentId, Consumer<SupplyEvent> fill) {
        SupplyEvent e = new SupplyEvent(orderId + "-" + (++ids), type, at);
        e.shipmentId = shipmentId;
        fill.accept(e);
        shipment = Shipment.next(shipment, e);
        return OrderSignal.of(shipment);
    }
}
