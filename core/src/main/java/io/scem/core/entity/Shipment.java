package io.scem.core.entity;

import io.scem.core.event.SupplyEvent;
import java.util.Objects;

/** An outbound shipment from dispatch to delivery, with its tracking. */
public class Shipment extends EntityFact {
    public String shipmentId;
    public String orderId;
    public String carrierId;
    public String site;
    public String destination;
    public Long promisedAt;
    /** True when this event set or moved {@code promisedAt}: deadline rules re-arm only then. */
    public boolean promisedAtChanged;
    /** The event that last set or moved {@code promisedAt}: what a deadline on it names as evidence. */
    public String promisedAtSetBy;
    public Long dispatchedAt;
    public Long eta;
    public String lastLocation;
    /** When the carrier last said anything about it (dispatch, checkpoint, ETA, exception). */
    public Long lastTrackedAt;
    public String exceptionReason;
    /** When the carrier first reported an exception (the latest reason is {@code exceptionReason}). */
    public Long exceptionAt;
    public Long deliveredAt;

    public Shipment() {}

    public static Shipment next(Shipment current, SupplyEvent e) {
        Shipment s = current == null ? new Shipment() : current.copy();
        if (current == null) s.shipmentId = e.shipmentId; // later events keep the first one's id (see EntityFact)
        switch (e.type) {
            case SHIPMENT_DISPATCHED -> {
                s.orderId = e.orderId;
                s.carrierId = e.carrierId;
                s.site = e.site;
                s.destination = e.destination;
                s.promisedAt = e.promisedAt;
                s.dispatchedAt = e.occurredAt;
            }
            case SHIPMENT_ETA_UPDATED -> s.eta = e.eta;
            case SHIPMENT_CHECKPOINT -> s.lastLocation = e.location;
            case SHIPMENT_EXCEPTION -> {
                s.exceptionReason = e.reason;
                if (s.exceptionAt == null) s.exceptionAt = e.occurredAt;
            }
            case SHIPMENT_DELIVERED -> {
                if (s.deliveredAt == null) s.deliveredAt = e.occurredAt;
            }
            default -> throw new IllegalArgumentException("not a shipment event: " + e.type);
        }
        s.lastTrackedAt = e.occurredAt;
        s.promisedAtChanged = !Objects.equals(s.promisedAt, current == null ? null : current.promisedAt);
        if (s.promisedAtChanged) s.promisedAtSetBy = e.eventId;
        s.stamp(e);
        return s;
    }

    private Shipment copy() {
        Shipment c = new Shipment();
        c.shipmentId = shipmentId;
        c.orderId = orderId;
        c.carrierId = carrierId;
        c.site = site;
        c.destination = destination;
        c.promisedAt = promisedAt;
        // A fact restored from a version that did not record who set the promise is re-armed
        // naming its own event (rearmed): later versions must name the same one, so that the
        // next rebuild re-arms the promise with the same evidence as this one did.
        c.promisedAtSetBy = setByOrOwn(promisedAt, promisedAtSetBy);
        c.dispatchedAt = dispatchedAt;
        c.eta = eta;
        c.lastLocation = lastLocation;
        c.lastTrackedAt = lastTrackedAt;
        c.exceptionReason = exceptionReason;
        c.exceptionAt = exceptionAt;
        c.deliveredAt = deliveredAt;
        return c;
    }

    @Override
    public Shipment rearmed() {
        Shipment c = copy();
        c.eventId = eventId;
        c.eventType = eventType;
        c.occurredAt = occurredAt;
        c.promisedAtChanged = promisedAt != null;
        return c;
    }

    @Override
    public String entityKey() {
        return EntityKeys.shipment(shipmentId);
    }

    @Override
    public boolean isOpen() {
        return deliveredAt == null;
    }

    public String getShipmentId() { return shipmentId; }
    public String getOrderId() { return orderId; }
    public String getCarrierId() { return carrierId; }
    public String getSite() { return site; }
    public String getDestination() { return destination; }
    public Long getPromisedAt() { return promisedAt; }
    public boolean isPromisedAtChanged() { return promisedAtChanged; }
    public String getPromisedAtSetBy() { return promisedAtSetBy; }
    public Long getDispatchedAt() { return dispatchedAt; }
    public Long getEta() { return eta; }
    public String getLastLocation() { return lastLocation; }
    public Long getLastTrackedAt() { return lastTrackedAt; }
    public String getExceptionReason() { return exceptionReason; }
    public Long getExceptionAt() { return exceptionAt; }
    public Long getDeliveredAt() { return deliveredAt; }
}
