package io.scem.core.sim;

import io.scem.core.event.EventType;
import io.scem.core.event.SupplyEvent;

/**
 * An order that replenishes an item's stock, bought ({@link PurchaseFlow}) or made
 * ({@link WorkOrderFlow}): it ends in a receipt of its units into the site's stock, or is
 * written off when it never comes.
 */
abstract class Replenishment<S extends Enum<S>> extends Flow<S> {
    final Item item;
    final long units;

    Replenishment(S first, Item item, long units) {
        super(first);
        this.item = item;
        this.units = units;
    }

    /** GOODS_RECEIVED of all the units into the item's stock; the caller names its order. */
    SupplyEvent receipt(SupplyChainSimulator sim) {
        SupplyEvent e = sim.event(EventType.GOODS_RECEIVED);
        e.site = item.site;
        e.sku = item.sku;
        e.quantity = units;
        item.received(sim, units, units);
        return e;
    }

    /** The planner gives up on it: the item may order again. A silent step. */
    SupplyEvent writeOff(SupplyChainSimulator sim) {
        item.abandoned(sim, units);
        return null;
    }
}
