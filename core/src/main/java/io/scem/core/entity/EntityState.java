package io.scem.core.entity;

import io.scem.core.event.RecentEventIds;
import io.scem.core.event.SupplyEvent;

/**
 * Everything kept for one entity (in the job, one keyed value: one state lookup and one write an
 * event; in the local monitor, a map entry), and how an event changes it. Exactly one of the fact fields is set, the one of the entity's kind; typed fields (not
 * one of the abstract type) keep it a POJO for Flink's serializer.
 */
public class EntityState {
    public StockLevel stock;
    public PurchaseOrder purchaseOrder;
    public WorkOrder workOrder;
    public Shipment shipment;
    public CustomerOrder order;
    public ProductionLine line;
    public SupplierRecord supplier;
    public RecentEventIds recentEventIds = new RecentEventIds();
    /** When a closed entity is forgotten (event time), once it has closed. */
    public Long cleanupAt;

    public EntityState() {}

    /**
     * Applies an event routed to this entity (of {@code kind}): returns the entity's next fact, or
     * null if the entity has seen the eventId within {@code dedupHorizon}. When the entity first
     * closes, {@link #cleanupAt} is set to when it may be forgotten ({@code closedRetention} on).
     */
    public EntityFact apply(EntityKind kind, SupplyEvent event, long dedupHorizon, long closedRetention) {
        if (!recentEventIds.addIfAbsent(event.eventId, event.occurredAt, event.occurredAt - dedupHorizon)) {
            return null;
        }
        EntityFact next = kind.apply(fact(), event);
        setFact(kind, next);
        if (!next.isOpen() && cleanupAt == null) {
            cleanupAt = event.occurredAt + closedRetention;
        }
        return next;
    }

    public EntityFact fact() {
        if (stock != null) return stock;
        if (purchaseOrder != null) return purchaseOrder;
        if (workOrder != null) return workOrder;
        if (shipment != null) return shipment;
        if (order != null) return order;
        if (line != null) return line;
        return supplier;
    }

    public void setFact(EntityKind kind, EntityFact fact) {
        switch (kind) {
            case STOCK -> stock = (StockLevel) fact;
            case PURCHASE_ORDER -> purchaseOrder = (PurchaseOrder) fact;
            case WORK_ORDER -> workOrder = (WorkOrder) fact;
            case SHIPMENT -> shipment = (Shipment) fact;
            case ORDER -> order = (CustomerOrder) fact;
            case LINE -> line = (ProductionLine) fact;
            case SUPPLIER -> supplier = (SupplierRecord) fact;
        }
    }
}
