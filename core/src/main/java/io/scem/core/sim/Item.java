package io.scem.core.sim;

import static io.scem.core.sim.SupplyChainSimulator.DAY;
import static io.scem.core.sim.SupplyChainSimulator.HOUR;
import static io.scem.core.sim.SupplyChainSimulator.MINUTE;

import io.scem.core.event.EventType;
import io.scem.core.event.SupplyEvent;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * One SKU at one site: its stock, its replenishment policy, and the customer demand for it. As
 * a process it first counts its opening stock, then places customer orders as a Poisson process
 * (faster and larger during a demand spike; now and then a bulk order larger than the stock).
 *
 * <p>Replenishment is a reorder-point policy on the inventory position (on-hand plus on order):
 * below the reorder point, order enough to get a lot above it. The reorder point covers the
 * longest lead time plus three days, so stock runs out only when something goes wrong: a spike, a
 * late or lost supply.
 *
 * <p>Stock on the shelf never goes below zero, as in a warehouse: an order picks what there is and
 * waits, backordered, for the rest ({@link #pick}, {@link #backorder}); the backorders count
 * against the inventory position, so the replenishment covers them, and its receipt wakes them.
 */
final class Item extends Process {
    /** Mean units per customer order (uniform 1..19). */
    static final int MEAN_ORDER_UNITS = 10;
    /** Replenishments in flight at once: caps what a spike can trigger. */
    private static final int MAX_OPEN_REPLENISHMENTS = 3;
    private static final int SPIKE_RATE_FACTOR = 6;
    private static final int SPIKE_SIZE_FACTOR = 2;

    final String site;
    final String sku;
    final String supplierId;
    /** Made in-house (work orders) rather than bought (purchase orders). */
    final boolean manufactured;
    private final double ordersPerDay;
    private final long lotSize;
    private final long reorderPoint;

    /** Units on the shelf: never negative. */
    long onHand;
    private long onOrder;
    /** Units that waiting orders still need, and those orders: stock that comes in wakes them all. */
    private long backordered;
    private final Queue<CustomerOrderFlow> waiting = new ArrayDeque<>();
    private int openReplenishments;
    private long spikeUntil = Long.MIN_VALUE;
    private boolean counted;

    Item(SupplyChainSimulator sim, String site, int skuNumber) {
        this.site = site;
        this.sku = "SKU-" + skuNumber;
        this.manufactured = isManufactured(skuNumber);
        this.supplierId = manufactured ? null : sim.randomSupplier();
        // Items differ: some sell three times as fast as others.
        this.ordersPerDay = sim.ordersPerItemDay() * sim.uniform(0.5, 1.5);
        double unitsPerDay = ordersPerDay * MEAN_ORDER_UNITS;
        double leadDays = manufactured ? WorkOrderFlow.MAX_LEAD_DAYS : PurchaseFlow.MAX_LEAD_DAYS;
        this.lotSize = Math.max(10, Math.round(unitsPerDay * 5));
        this.reorderPoint = Math.round(unitsPerDay * (leadDays + 3));
        this.onHand = reorderPoint + sim.pick((int) lotSize + 1);
    }

    /**
     * SKUs whose number ends in 3, 6 or 9 (30 %) are made in-house, at every site and whatever the
     * seed, so that reference data (rules/items.csv: their 2-day lead time) can describe them.
     */
    static boolean isManufactured(int skuNumber) {
        int last = skuNumber % 10;
        return last == 3 || last == 6 || last == 9;
    }

    @Override
    SupplyEvent step(SupplyChainSimulator sim) {
        SupplyEvent e;
        if (!counted) {
            counted = true;
            e = sim.event(EventType.STOCK_COUNTED);
            e.site = site;
            e.sku = sku;
            e.quantity = onHand;
        } else {
            boolean spike = sim.now() < spikeUntil;
            long units = (1 + sim.pick(2 * MEAN_ORDER_UNITS - 1)) * (spike ? SPIKE_SIZE_FACTOR : 1);
            boolean bulk = sim.chance(sim.disruptions().bulkOrders());
            if (bulk) {
                // A bulk order: more than the shelf holds, so the site cannot promise it from stock.
                units = Math.max(units, Math.round(Math.max(onHand, MEAN_ORDER_UNITS) * sim.uniform(1.1, 1.5)));
            }
            e = CustomerOrderFlow.place(sim, this, units, bulk);
        }
        double rate = ordersPerDay * (sim.now() < spikeUntil ? SPIKE_RATE_FACTOR : 1);
        sim.schedule(this, sim.now() + sim.exponential(DAY / rate));
        return e;
    }

    void spike(long until) {
        spikeUntil = Math.max(spikeUntil, until);
    }

    /** Takes up to {@code wanted} units off the shelf, all there are if fewer; returns how many. */
    long pick(SupplyChainSimulator sim, long wanted) {
        long units = Math.min(wanted, onHand);
        onHand -= units;
        replenishIfLow(sim);
        return units;
    }

    /** {@code order} waits for {@code units} more; the next stock to arrive wakes it. */
    void backorder(SupplyChainSimulator sim, CustomerOrderFlow order, long units) {
        backordered += units;
        waiting.add(order);
        replenishIfLow(sim);
    }

    /** A correction of the shelf's stock: a loss takes at most what is there; returns the delta made. */
    long adjust(SupplyChainSimulator sim, long delta) {
        long made = Math.max(delta, -onHand);
        onHand += made;
        if (made > 0) {
            wakeBackorders(sim);
        }
        replenishIfLow(sim);
        return made;
    }

    /** A replenishment of {@code ordered} units arrived with {@code units}. */
    void received(SupplyChainSimulator sim, long ordered, long units) {
        onHand += units;
        closeReplenishment(ordered);
        wakeBackorders(sim);
    }

    /** Every waiting order goes to pick again; one that finds too little waits again. */
    private void wakeBackorders(SupplyChainSimulator sim) {
        for (CustomerOrderFlow order; (order = waiting.poll()) != null; ) {
            backordered -= order.wake(sim);
        }
    }

    /** A replenishment that will never come: the planner stops counting on it and reorders. */
    void abandoned(SupplyChainSimulator sim, long ordered) {
        closeReplenishment(ordered);
        replenishIfLow(sim);
    }

    private void closeReplenishment(long ordered) {
        onOrder -= ordered;
        openReplenishments--;
    }

    private void replenishIfLow(SupplyChainSimulator sim) {
        long position = onHand + onOrder - backordered;
        if (position >= reorderPoint || openReplenishments >= MAX_OPEN_REPLENISHMENTS) {
            return;
        }
        long units = Math.max(lotSize, reorderPoint + lotSize - position);
        onOrder += units;
        openReplenishments++;
        Process flow = manufactured ? new WorkOrderFlow(this, units) : new PurchaseFlow(this, units);
        // The planner reacts within a couple of hours, not at the instant of the issue.
        sim.schedule(flow, sim.now() + sim.between(5 * MINUTE, 2 * HOUR));
    }
}
