package io.scem.core.sim;

import static io.scem.core.sim.SupplyChainSimulator.DAY;

import io.scem.core.event.EventType;
import io.scem.core.event.SupplyEvent;

/**
 * A site's stock corrections: about one per SKU every ten days, mostly losses (damage, expiry)
 * of a few units, never more than the shelf holds, sometimes finds.
 */
final class StockAdjustments extends Process {
    private static final double PER_ITEM_DAY = 0.1;
    private static final String[] LOSSES = {"DAMAGED", "EXPIRED", "CYCLE_COUNT"};
    private static final String[] FINDS = {"FOUND", "CYCLE_COUNT"};

    private final Item[] items;

    StockAdjustments(Item[] items) {
        this.items = items;
    }

    static double meanGap(Item[] items) {
        return DAY / (PER_ITEM_DAY * items.length);
    }

    @Override
    SupplyEvent step(SupplyChainSimulator sim) {
        Item item = items[sim.pick(items.length)];
        boolean loss = sim.chance(0.8);
        String reason = sim.pick(loss ? LOSSES : FINDS);
        long delta = item.adjust(sim, (1 + sim.pick(5)) * (loss ? -1 : 1));
        sim.schedule(this, sim.now() + sim.exponential(meanGap(items)));
        if (delta == 0) {
            return null; // nothing on the shelf to lose
        }
        SupplyEvent e = sim.event(EventType.STOCK_ADJUSTED);
        e.site = item.site;
        e.sku = item.sku;
        e.quantity = delta;
        e.reason = reason;
        return e;
    }
}
