package io.scem.core.entity;

import io.scem.core.event.SupplyEvent;
import java.util.Objects;

/** A customer order from placement to dispatch or cancellation. */
public class CustomerOrder extends EntityFact {
    public String orderId;
    public String customerId;
    public String site;
    public String sku;
    public Long quantity;
    public Long promisedAt;
    public Long placedAt;
    /**
     * True when this event placed or re-placed the order (set or moved {@code placedAt} or
     * {@code promisedAt}, which the fulfilment deadline comes from): deadline rules arm only then.
     */
    public boolean placedChanged;
    /** The event that last placed or re-placed the order: what a deadline on it names as evidence. */
    public String placedSetBy;
    public long issuedQuantity;
    public String shipmentId;
    public Long dispatchedAt;
    public Long cancelledAt;

    public CustomerOrder() {}

    public static CustomerOrder next(CustomerOrder current, SupplyEvent e) {
        CustomerOrder o = current == null ? new CustomerOrder() : current.copy();
        if (current == null) o.orderId = e.orderId; // later events keep the first one's id (see EntityFact)
        switch (e.type) {
            case ORDER_PLACED -> {
                o.customerId = e.customerId;
                o.site = e.site;
                o.sku = e.sku;
                o.quantity = e.quantity;
                o.promisedAt = e.promisedAt;
                o.placedAt = e.occurredAt;
            }
            case ORDER_CANCELLED -> {
                if (o.cancelledAt == null) o.cancelledAt = e.occurredAt;
            }
            case GOODS_ISSUED -> o.issuedQuantity += e.quantityOrZero();
            case SHIPMENT_DISPATCHED -> {
                o.shipmentId = e.shipmentId;
                if (o.dispatchedAt == null) o.dispatchedAt = e.occurredAt;
            }
            default -> throw new IllegalArgumentException("not an order event: " + e.type);
        }
        o.placedChanged = current == null
                ? o.placedAt != null || o.promisedAt != null
                : !Objects.equals(o.placedAt, current.placedAt) || !Objects.equals(o.promisedAt, current.promisedAt);
        if (o.placedChanged) o.placedSetBy = e.eventId;
        o.stamp(e);
        return o;
    }

    private CustomerOrder copy() {
        CustomerOrder c = new CustomerOrder();
        c.orderId = orderId;
        c.customerId = customerId;
        c.site = site;
        c.sku = sku;
        c.quantity = quantity;
        c.promisedAt = promisedAt;
        c.placedAt = placedAt;
        c.placedSetBy = placedSetBy;
        c.issuedQuantity = issuedQuantity;
        c.shipmentId = shipmentId;
        c.dispatchedAt = dispatchedAt;
        c.cancelledAt = cancelledAt;
        return c;
    }

    @Override
    public CustomerOrder rearmed() {
        CustomerOrder c = copy();
        c.eventId = eventId;
        c.eventType = eventType;
        c.occurredAt = occurredAt;
        c.placedChanged = placedAt != null || promisedAt != null;
        c.placedSetBy = setByOrOwn(placedAt != null ? placedAt : promisedAt, placedSetBy);
        return c;
    }

    @Override
    public String entityKey() {
        return EntityKeys.order(orderId);
    }

    @Override
    public boolean isOpen() {
        return cancelledAt == null && dispatchedAt == null;
    }

    public String getOrderId() { return orderId; }
    public String getCustomerId() { return customerId; }
    public String getSite() { return site; }
    public String getSku() { return sku; }
    public Long getQuantity() { return quantity; }
    public Long getPromisedAt() { return promisedAt; }
    public Long getPlacedAt() { return placedAt; }
    public boolean isPlacedChanged() { return placedChanged; }
    public String getPlacedSetBy() { return placedSetBy; }
    public long getIssuedQuantity() { return issuedQuantity; }
    public String getShipmentId() { return shipmentId; }
    public Long getDispatchedAt() { return dispatchedAt; }
    public Long getCancelledAt() { return cancelledAt; }
}
