package io.scem.core.sim;

import io.scem.core.event.SupplyEvent;

/**
 * A process that goes through the steps of {@code S}, one at each scheduled instant: a customer
 * order, a purchase order, a work order. Each step schedules the next one ({@link #then}), or
 * none when the flow is over.
 */
abstract class Flow<S extends Enum<S>> extends Process {
    private S next;

    /** A flow that schedules its first step itself ({@link #then}). */
    Flow() {}

    /** A flow whose first step, {@code first}, runs when someone first schedules it. */
    Flow(S first) {
        this.next = first;
    }

    @Override
    final SupplyEvent step(SupplyChainSimulator sim) {
        return run(next, sim);
    }

    /** Runs {@code step}, due at {@code sim.now()}; returns its event, or null for a silent step. */
    abstract SupplyEvent run(S step, SupplyChainSimulator sim);

    /** Makes {@code step} the next one, due at {@code at}. */
    final void then(SupplyChainSimulator sim, S step, long at) {
        next = step;
        sim.schedule(this, at);
    }
}
