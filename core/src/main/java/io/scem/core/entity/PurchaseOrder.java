package io.scem.core.entity;

import io.scem.core.event.SupplyEvent;
import java.util.Objects;

/** A purchase order from placement to receipt. Fields stay null until an event tells them. */
public class PurchaseOrder extends EntityFact {
    public String poId;
    public String supplierId;
    public String site;
    public String sku;
    public Long quantity;
    /** When the PO was first placed (its first PO_PLACED). */
    public Long placedAt;
    /** True when this event set {@code placedAt}: confirmation-deadline rules arm only then. */
    public boolean placedAtChanged;
    /** The event that set {@code placedAt} (the first PO_PLACED): what a deadline on it names as evidence. */
    public String placedAtSetBy;
    /** The promise in force: the latest expectedAt of PO_PLACED, PO_CONFIRMED or PO_SHIPPED. */
    public Long expectedAt;
    /** True when this event set or moved {@code expectedAt}: deadline rules re-arm only then. */
    public boolean expectedAtChanged;
    /** The event that last set or moved {@code expectedAt}: what a deadline on it names as evidence. */
    public String expectedAtSetBy;
    /** The first promise, so that rules can tell a slip from the original plan. */
    public Long originalExpectedAt;
    public Long confirmedAt;
    public Long shippedAt;
    public Long receivedAt;
    public long receivedQuantity;

    public PurchaseOrder() {}

    public static PurchaseOrder next(PurchaseOrder current, SupplyEvent e) {
        PurchaseOrder po = current == null ? new PurchaseOrder() : current.copy();
        if (current == null) po.poId = e.poId; // later events keep the first one's id (see EntityFact)
        switch (e.type) {
            case PO_PLACED -> {
                po.supplierId = e.supplierId;
                po.site = e.site;
                po.sku = e.sku;
                po.quantity = e.quantity;
                if (po.placedAt == null) po.placedAt = e.occurredAt;
                po.promise(e.expectedAt);
            }
            case PO_CONFIRMED -> {
                po.promise(e.expectedAt);
                if (po.confirmedAt == null) po.confirmedAt = e.occurredAt;
            }
            case PO_SHIPPED -> {
                po.promise(e.expectedAt);
                if (po.shippedAt == null) po.shippedAt = e.occurredAt;
            }
            case GOODS_RECEIVED -> {
                if (po.receivedAt == null) po.receivedAt = e.occurredAt;
                po.receivedQuantity += e.quantityOrZero();
                if (po.site == null) po.site = e.site;
                if (po.sku == null) po.sku = e.sku;
            }
            default -> throw new IllegalArgumentException("not a purchase-order event: " + e.type);
        }
        po.expectedAtChanged = !Objects.equals(po.expectedAt, current == null ? null : current.expectedAt);
        po.placedAtChanged = !Objects.equals(po.placedAt, current == null ? null : current.placedAt);
        if (po.expectedAtChanged) po.expectedAtSetBy = e.eventId;
        if (po.placedAtChanged) po.placedAtSetBy = e.eventId;
        po.stamp(e);
        return po;
    }

    private void promise(Long at) {
        expectedAt = at;
        if (originalExpectedAt == null) originalExpectedAt = at;
    }

    private PurchaseOrder copy() {
        PurchaseOrder c = new PurchaseOrder();
        c.poId = poId;
        c.supplierId = supplierId;
        c.site = site;
        c.sku = sku;
        c.quantity = quantity;
        c.placedAt = placedAt;
        c.placedAtSetBy = placedAtSetBy;
        c.expectedAt = expectedAt;
        c.expectedAtSetBy = expectedAtSetBy;
        c.originalExpectedAt = originalExpectedAt;
        c.confirmedAt = confirmedAt;
        c.shippedAt = shippedAt;
        c.receivedAt = receivedAt;
        c.receivedQuantity = receivedQuantity;
        return c;
    }

    @Override
    public PurchaseOrder rearmed() {
        PurchaseOrder c = copy();
        c.eventId = eventId;
        c.eventType = eventType;
        c.occurredAt = occurredAt;
        c.expectedAtChanged = expectedAt != null;
        c.placedAtChanged = placedAt != null;
        c.expectedAtSetBy = setByOrOwn(expectedAt, expectedAtSetBy);
        c.placedAtSetBy = setByOrOwn(placedAt, placedAtSetBy);
        return c;
    }

    @Override
    public String entityKey() {
        return EntityKeys.purchaseOrder(poId);
    }

    @Override
    public boolean isOpen() {
        return receivedAt == null;
    }

    public String getPoId() { return poId; }
    public String getSupplierId() { return supplierId; }
    public String getSite() { return site; }
    public String getSku() { return sku; }
    public Long getQuantity() { return quantity; }
    public Long getPlacedAt() { return placedAt; }
    public boolean isPlacedAtChanged() { return placedAtChanged; }
    public String getPlacedAtSetBy() { return placedAtSetBy; }
    public Long getExpectedAt() { return expectedAt; }
    public boolean isExpectedAtChanged() { return expectedAtChanged; }
    public String getExpectedAtSetBy() { return expectedAtSetBy; }
    public Long getOriginalExpectedAt() { return originalExpectedAt; }
    public Long getConfirmedAt() { return confirmedAt; }
    public Long getShippedAt() { return shippedAt; }
    public Long getReceivedAt() { return receivedAt; }
    public long getReceivedQuantity() { return receivedQuantity; }
}
