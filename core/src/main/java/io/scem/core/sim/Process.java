package io.scem.core.sim;

import io.scem.core.event.SupplyEvent;

/**
 * Something in the simulated world that acts at scheduled instants: an order moving to its next
 * step, a SKU's demand, a production line. Each step emits at most one event and reschedules
 * itself (or not, when it is over), so the {@link Agenda} holds only what is still in progress.
 */
abstract class Process {
    /** Runs the step due at {@code sim.now()}; returns its event, or null for a silent step. */
    abstract SupplyEvent step(SupplyChainSimulator sim);
}
