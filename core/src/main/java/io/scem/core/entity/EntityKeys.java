package io.scem.core.entity;

import io.scem.core.event.SupplyEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Which entities an event touches. Keys look like {@code po|PO-17} or {@code stock|DC1|SKU-9};
 * the prefix names the {@link EntityKind}. A receipt against a PO touches both the PO and the
 * stock of its site and SKU, so one event may have several keys.
 */
public final class EntityKeys {
    private static final char SEP = '|';
    /** {@code values()} copies its array at each call, and every keyed record asks for its kind. */
    private static final EntityKind[] KINDS = EntityKind.values();

    private EntityKeys() {}

    public static List<String> of(SupplyEvent e) {
        List<String> keys = new ArrayList<>(2);
        switch (e.type) {
            case PO_PLACED, PO_CONFIRMED, PO_SHIPPED -> keys.add(purchaseOrder(e.poId));
            case WORK_ORDER_RELEASED, WORK_ORDER_STARTED, WORK_ORDER_COMPLETED -> keys.add(workOrder(e.workOrderId));
            case LINE_STOPPED, LINE_RESUMED -> keys.add(line(e.site, e.lineId));
            case GOODS_RECEIVED -> {
                keys.add(stock(e.site, e.sku));
                if (e.poId != null) keys.add(purchaseOrder(e.poId));
                if (e.workOrderId != null) keys.add(workOrder(e.workOrderId));
            }
            case GOODS_ISSUED -> {
                keys.add(stock(e.site, e.sku));
                if (e.orderId != null) keys.add(order(e.orderId));
            }
            case STOCK_COUNTED, STOCK_ADJUSTED -> keys.add(stock(e.site, e.sku));
            case SHIPMENT_DISPATCHED -> {
                keys.add(shipment(e.shipmentId));
                if (e.orderId != null) keys.add(order(e.orderId));
            }
            case SHIPMENT_ETA_UPDATED, SHIPMENT_CHECKPOINT, SHIPMENT_DELIVERED, SHIPMENT_EXCEPTION ->
                    keys.add(shipment(e.shipmentId));
            case ORDER_PLACED, ORDER_CANCELLED -> keys.add(order(e.orderId));
        }
        return keys;
    }

    public static EntityKind kindOf(String key) {
        int sep = key.indexOf(SEP);
        for (EntityKind kind : KINDS) {
            if (kind.prefix().length() == sep && key.startsWith(kind.prefix())) return kind;
        }
        throw new IllegalArgumentException("not an entity key: " + key);
    }

    public static String stock(String site, String sku) {
        return EntityKind.STOCK.prefix() + SEP + site + SEP + sku;
    }

    public static String purchaseOrder(String poId) {
        return EntityKind.PURCHASE_ORDER.prefix() + SEP + poId;
    }

    public static String workOrder(String workOrderId) {
        return EntityKind.WORK_ORDER.prefix() + SEP + workOrderId;
    }

    public static String shipment(String shipmentId) {
        return EntityKind.SHIPMENT.prefix() + SEP + shipmentId;
    }

    public static String order(String orderId) {
        return EntityKind.ORDER.prefix() + SEP + orderId;
    }

    public static String supplier(String supplierId) {
        return EntityKind.SUPPLIER.prefix() + SEP + supplierId;
    }

    public static String line(String site, String lineId) {
        return EntityKind.LINE.prefix() + SEP + site + SEP + lineId;
    }
}
