package io.scem.jobs.monitoring;

import io.scem.core.entity.CustomerOrder;
import io.scem.core.entity.EntityFact;
import io.scem.core.entity.EntityKind;
import io.scem.core.entity.ProductionLine;
import io.scem.core.entity.PurchaseOrder;
import io.scem.core.entity.Shipment;
import io.scem.core.entity.StockLevel;
import io.scem.core.entity.WorkOrder;
import io.scem.core.event.RecentEventIds;

/**
 * Everything the job keeps for one entity, in one keyed value: one state lookup and one write an
 * event. Exactly one of the fact fields is set, the one of the entity's kind; typed fields (not
 * one of the abstract type) keep it a POJO for Flink's serializer.
 */
public class EntityState {
    public StockLevel stock;
    public PurchaseOrder purchaseOrder;
    public WorkOrder workOrder;
    public Shipment shipment;
    public CustomerOrder order;
    public ProductionLine line;
    public RecentEventIds recentEventIds = new RecentEventIds();
    /** When a closed entity is forgotten (event time), once it has closed. */
    public Long cleanupAt;

    public EntityState() {}

    public EntityFact fact() {
        if (stock != null) return stock;
        if (purchaseOrder != null) return purchaseOrder;
        if (workOrder != null) return workOrder;
        if (shipment != null) return shipment;
        if (order != null) return order;
        return line;
    }

    public void setFact(EntityKind kind, EntityFact fact) {
        switch (kind) {
            case STOCK -> stock = (StockLevel) fact;
            case PURCHASE_ORDER -> purchaseOrder = (PurchaseOrder) fact;
            case WORK_ORDER -> workOrder = (WorkOrder) fact;
            case SHIPMENT -> shipment = (Shipment) fact;
            case ORDER -> order = (CustomerOrder) fact;
            case LINE -> line = (ProductionLine) fact;
        }
    }
}
