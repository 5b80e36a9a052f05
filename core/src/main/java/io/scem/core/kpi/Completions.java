package io.scem.core.kpi;

import io.scem.core.entity.EntityFact;
import io.scem.core.entity.PurchaseOrder;
import io.scem.core.entity.Shipment;
import io.scem.core.entity.WorkOrder;

/**
 * Tells when an event completed an entity: the moment its KPIs (on time, in full, lead time) are
 * final. An entity completes once: a second receipt of a received PO, or a repeated delivery,
 * completes nothing.
 */
public final class Completions {
    private Completions() {}

    /**
     * The completion that turning {@code before} (null: new entity) into {@code after} is, or null.
     * An entity whose start was never seen (its PO_PLACED, release or dispatch came
     * before the job's memory) completes without KPIs: its on-time and lead time are unknown.
     */
    public static Completion of(EntityFact before, EntityFact after) {
        boolean closedNow = !after.isOpen() && (before == null || before.isOpen());
        Completion c = closedNow ? completionOf(after) : null;
        return c == null || c.startedAt == null ? null : c;
    }

    private static Completion completionOf(EntityFact fact) {
        if (fact instanceof PurchaseOrder po) {
            Completion c = Completion.of(Completion.Kind.SUPPLIER_DELIVERY, po.receivedAt, po.site);
            c.supplierId = po.supplierId;
            c.startedAt = po.placedAt;
            c.promisedAt = po.originalExpectedAt;
            c.ordered = po.quantity;
            c.provided = po.receivedQuantity;
            return c;
        }
        if (fact instanceof WorkOrder wo) {
            Completion c = Completion.of(Completion.Kind.WORK_ORDER, wo.completedAt, wo.site);
            c.startedAt = wo.releasedAt;
            c.promisedAt = wo.dueAt;
            c.ordered = wo.quantity;
            c.provided = wo.completedQuantity;
            return c;
        }
        if (fact instanceof Shipment s) {
            Completion c = Completion.of(Completion.Kind.SHIPMENT, s.deliveredAt, s.site);
            c.carrierId = s.carrierId;
            c.startedAt = s.dispatchedAt;
            c.promisedAt = s.promisedAt;
            return c;
        }
        // A customer order's KPIs are final only at its delivery: the order status has them.
        return null;
    }
}
