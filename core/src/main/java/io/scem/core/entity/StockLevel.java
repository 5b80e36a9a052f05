package io.scem.core.entity;

import io.scem.core.event.SupplyEvent;

/** On-hand of one SKU at one site, with the level before the last movement. */
public class StockLevel extends EntityFact {
    public String site;
    public String sku;
    public long previousOnHand;
    public long onHand;

    public StockLevel() {}

    /**
     * Applies a warehouse movement: a count sets on-hand, a receipt adds, an issue subtracts, an
     * adjustment adds its signed delta. Before its first event an item's on-hand is 0.
     */
    public static StockLevel next(StockLevel current, SupplyEvent e) {
        long before = current == null ? 0 : current.onHand;
        StockLevel s = new StockLevel();
        s.site = e.site;
        s.sku = e.sku;
        s.previousOnHand = before;
        s.onHand = switch (e.type) {
            case STOCK_COUNTED -> e.quantityOrZero();
            case GOODS_RECEIVED, STOCK_ADJUSTED -> before + e.quantityOrZero();
            case GOODS_ISSUED -> before - e.quantityOrZero();
            default -> throw new IllegalArgumentException("not a stock movement: " + e.type);
        };
        s.stamp(e);
        return s;
    }

    @Override
    public String entityKey() {
        return EntityKeys.stock(site, sku);
    }

    public String getSite() {
        return site;
    }

    public String getSku() {
        return sku;
    }

    public long getPreviousOnHand() {
        return previousOnHand;
    }

    public long getOnHand() {
        return onHand;
    }
}
