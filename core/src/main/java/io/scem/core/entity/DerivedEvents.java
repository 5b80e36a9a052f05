package io.scem.core.entity;

import io.scem.core.event.EventType;
import io.scem.core.event.SupplyEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What a change of one entity tells entities of other keys: events that do not name the stock or
 * the supplier they affect (a PO_CONFIRMED names only its PO, a receipt not the supplier) reach
 * them through the entity that knows. A PO or work order passes its supply due in on to the stock
 * of its site and SKU; a PO's receipt goes to its supplier's record with the original promise; a
 * customer order allocates what it has left to issue at the stock of its site and SKU when it is
 * placed, and releases it when it is cancelled or dispatched ({@link #isAllocation}).
 *
 * <p>A derived event keeps the eventId, time and input position of the event that caused it (so a
 * replayed cause is still a duplicate), carries the fields its target needs, and is marked with
 * {@link #PARTITION}: at one event time the job applies derived events after the events read from
 * the input, and so does the local monitor.
 */
public final class DerivedEvents {
    /** The input partition of derived events: none of the inputs'. */
    public static final int PARTITION = Integer.MIN_VALUE;

    /** A derived event and the key of the entity it goes to. */
    public record Routed(String key, SupplyEvent event) {}

    private DerivedEvents() {}

    /** The events that {@code cause}, having turned {@code before} (null: new entity) into {@code after}, passes on. */
    public static List<Routed> of(EntityFact before, EntityFact after, SupplyEvent cause) {
        if (after instanceof PurchaseOrder po) return ofPurchaseOrder((PurchaseOrder) before, po, cause);
        if (after instanceof WorkOrder wo) return ofWorkOrder(wo, cause);
        if (after instanceof CustomerOrder order) return ofOrder((CustomerOrder) before, order, cause);
        return List.of();
    }

    public static boolean isDerived(SupplyEvent e) {
        return e.partition == PARTITION;
    }

    /**
     * True for what an order passes on to its stock: an allocation (ORDER_PLACED) or its release
     * (ORDER_CANCELLED, SHIPMENT_DISPATCHED). These change nothing the rules read, so the job and
     * the local monitor do not hand the stock's new state to the rule engine.
     */
    public static boolean isAllocation(SupplyEvent e) {
        return isDerived(e) && (e.type == EventType.ORDER_PLACED || e.type == EventType.ORDER_CANCELLED
                || e.type == EventType.SHIPMENT_DISPATCHED);
    }

    private static List<Routed> ofOrder(CustomerOrder before, CustomerOrder order, SupplyEvent cause) {
        boolean wasAllocated = before != null && before.isOpen() && before.site != null && before.sku != null;
        switch (cause.type) {
            case ORDER_PLACED -> {
                List<Routed> out = new ArrayList<>(2);
                if (wasAllocated && !(before.site.equals(order.site) && before.sku.equals(order.sku))) {
                    // Placed again for another site or SKU: its old stock no longer holds it.
                    out.add(allocation(cause, EventType.ORDER_CANCELLED, before));
                }
                if (order.isOpen() && order.site != null && order.sku != null) {
                    Routed allocate = allocation(cause, EventType.ORDER_PLACED, order);
                    long quantity = order.quantity == null ? 0 : order.quantity;
                    allocate.event().quantity = Math.max(0, quantity - order.issuedQuantity);
                    allocate.event().promisedAt = order.promisedAt;
                    out.add(allocate);
                }
                return out;
            }
            case ORDER_CANCELLED, SHIPMENT_DISPATCHED -> {
                return wasAllocated && !order.isOpen() ? List.of(allocation(cause, cause.type, before)) : List.of();
            }
            default -> {
                return List.of();
            }
        }
    }

    /** An allocation event of {@code type} for {@code order} to the stock of its site and SKU. */
    private static Routed allocation(SupplyEvent cause, EventType type, CustomerOrder order) {
        SupplyEvent e = derived(cause, type);
        e.orderId = order.orderId;
        e.site = order.site;
        e.sku = order.sku;
        return new Routed(EntityKeys.stock(order.site, order.sku), e);
    }

    private static List<Routed> ofPurchaseOrder(PurchaseOrder before, PurchaseOrder po, SupplyEvent cause) {
        switch (cause.type) {
            case PO_PLACED, PO_CONFIRMED, PO_SHIPPED -> {
                if (!po.isOpen() || po.site == null || po.sku == null || po.expectedAt == null) return List.of();
                Routed due = supplyDueIn(cause, po.site, po.sku, po.quantity);
                due.event().poId = po.poId;
                due.event().expectedAt = po.expectedAt;
                return List.of(due);
            }
            case GOODS_RECEIVED -> {
                boolean closedNow = (before == null || before.isOpen()) && !po.isOpen();
                if (!closedNow || po.supplierId == null || po.originalExpectedAt == null) return List.of();
                SupplyEvent receipt = derived(cause, EventType.GOODS_RECEIVED);
                receipt.poId = po.poId;
                receipt.supplierId = po.supplierId;
                receipt.site = po.site;
                receipt.sku = po.sku;
                receipt.quantity = po.receivedQuantity;
                receipt.expectedAt = po.originalExpectedAt;
                return List.of(new Routed(EntityKeys.supplier(po.supplierId), receipt));
            }
            default -> {
                return List.of();
            }
        }
    }

    private static List<Routed> ofWorkOrder(WorkOrder wo, SupplyEvent cause) {
        if (cause.type != EventType.WORK_ORDER_RELEASED || !wo.isOpen() || wo.dueAt == null) return List.of();
        Routed due = supplyDueIn(cause, wo.site, wo.sku, wo.quantity);
        due.event().workOrderId = wo.workOrderId;
        due.event().dueAt = wo.dueAt;
        return List.of(due);
    }

    /** A change of the supply due in to the stock of {@code site} and {@code sku}, of the cause's type. */
    private static Routed supplyDueIn(SupplyEvent cause, String site, String sku, Long quantity) {
        SupplyEvent due = derived(cause, cause.type);
        due.site = site;
        due.sku = sku;
        due.quantity = quantity;
        return new Routed(EntityKeys.stock(site, sku), due);
    }

    private static SupplyEvent derived(SupplyEvent cause, EventType type) {
        SupplyEvent e = new SupplyEvent(cause.eventId, type, cause.occurredAt);
        e.source = cause.source;
        e.sequence = cause.sequence;
        e.partition = PARTITION;
        return e;
    }
}
