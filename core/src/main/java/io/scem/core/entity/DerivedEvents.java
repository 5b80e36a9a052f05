package io.scem.core.entity;

import io.scem.core.event.EventType;
import io.scem.core.event.SupplyEvent;
import java.util.List;

/**
 * What a change of one entity tells entities of other keys: events that do not name the stock or
 * the supplier they affect (a PO_CONFIRMED names only its PO, a receipt not the supplier) reach
 * them through the entity that knows. A PO or work order passes its supply due in on to the stock
 * of its site and SKU; a PO's receipt goes to its supplier's record with the original promise.
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
        return List.of();
    }

    public static boolean isDerived(SupplyEvent e) {
        return e.partition == PARTITION;
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
