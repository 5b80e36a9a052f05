package io.scem.core.entity;

import io.scem.core.event.SupplyEvent;
import java.util.Objects;

/** A production work order from release to completion. */
public class WorkOrder extends EntityFact {
    public String workOrderId;
    public String site;
    public String sku;
    public Long quantity;
    public Long dueAt;
    /** True when this event set or moved {@code dueAt}: deadline rules re-arm only then. */
    public boolean dueAtChanged;
    /** The event that last set or moved {@code dueAt}: what a deadline on it names as evidence. */
    public String dueAtSetBy;
    public Long releasedAt;
    public Long startedAt;
    public Long completedAt;
    public long completedQuantity;

    public WorkOrder() {}

    public static WorkOrder next(WorkOrder current, SupplyEvent e) {
        WorkOrder wo = current == null ? new WorkOrder() : current.copy();
        if (current == null) wo.workOrderId = e.workOrderId; // later events keep the first one's id (see EntityFact)
        switch (e.type) {
            case WORK_ORDER_RELEASED -> {
                wo.site = e.site;
                wo.sku = e.sku;
                wo.quantity = e.quantity;
                wo.dueAt = e.dueAt;
                wo.releasedAt = e.occurredAt;
            }
            case WORK_ORDER_STARTED -> {
                if (wo.startedAt == null) wo.startedAt = e.occurredAt;
            }
            case WORK_ORDER_COMPLETED -> {
                if (wo.completedAt == null) wo.completedAt = e.occurredAt;
                wo.completedQuantity += e.quantityOrZero();
            }
            // A receipt of finished goods into stock names its work order; it does not complete it.
            case GOODS_RECEIVED -> {
                if (wo.site == null) wo.site = e.site;
                if (wo.sku == null) wo.sku = e.sku;
            }
            default -> throw new IllegalArgumentException("not a work-order event: " + e.type);
        }
        wo.dueAtChanged = !Objects.equals(wo.dueAt, current == null ? null : current.dueAt);
        if (wo.dueAtChanged) wo.dueAtSetBy = e.eventId;
        wo.stamp(e);
        return wo;
    }

    private WorkOrder copy() {
        WorkOrder c = new WorkOrder();
        c.workOrderId = workOrderId;
        c.site = site;
        c.sku = sku;
        c.quantity = quantity;
        c.dueAt = dueAt;
        c.dueAtSetBy = dueAtSetBy;
        c.releasedAt = releasedAt;
        c.startedAt = startedAt;
        c.completedAt = completedAt;
        c.completedQuantity = completedQuantity;
        return c;
    }

    @Override
    public WorkOrder rearmed() {
        WorkOrder c = copy();
        c.eventId = eventId;
        c.eventType = eventType;
        c.occurredAt = occurredAt;
        c.dueAtChanged = dueAt != null;
        c.dueAtSetBy = setByOrOwn(dueAt, dueAtSetBy);
        return c;
    }

    @Override
    public String entityKey() {
        return EntityKeys.workOrder(workOrderId);
    }

    @Override
    public boolean isOpen() {
        return completedAt == null;
    }

    public String getWorkOrderId() { return workOrderId; }
    public String getSite() { return site; }
    public String getSku() { return sku; }
    public Long getQuantity() { return quantity; }
    public Long getDueAt() { return dueAt; }
    public boolean isDueAtChanged() { return dueAtChanged; }
    public String getDueAtSetBy() { return dueAtSetBy; }
    public Long getReleasedAt() { return releasedAt; }
    public Long getStartedAt() { return startedAt; }
    public Long getCompletedAt() { return completedAt; }
    public long getCompletedQuantity() { return completedQuantity; }
}
