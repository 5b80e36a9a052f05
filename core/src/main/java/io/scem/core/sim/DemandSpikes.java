package io.scem.core.sim;

import static io.scem.core.sim.SupplyChainSimulator.HOUR;

import io.scem.core.event.SupplyEvent;

/**
 * Starts demand spikes at a site's SKUs (a promotion, a competitor out of stock): silent, the
 * spike shows only as a burst of larger orders. Strong enough to empty the shelf, so that the
 * stream contains stock-outs that recover when replenishment arrives.
 */
final class DemandSpikes extends Process {
    private final Item[] items;
    private final double meanGap;

    DemandSpikes(Item[] items, double meanGap) {
        this.items = items;
        this.meanGap = meanGap;
    }

    @Override
    SupplyEvent step(SupplyChainSimulator sim) {
        items[sim.pick(items.length)].spike(sim.now() + sim.between(12 * HOUR, 36 * HOUR));
        sim.schedule(this, sim.now() + sim.exponential(meanGap));
        return null;
    }
}
