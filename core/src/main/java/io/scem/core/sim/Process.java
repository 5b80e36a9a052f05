package io.scem.core.sim;

import io.scem.core.event.SupplyEvent;

/**
 * Something in the simulated world that acts at a scheduled instant: an order moving to its next
 * step, a site's demand, a production line. Each step emits at most one event and reschedules
 * itself (or not, when it is over), so the agenda holds only what is still in progress.
 */
abstract class Process implements Comparable<Process> {
    /** When the next step happens, epoch millis. */
    long at;
    /** Order of scheduling: ties at the same instant run first-scheduled first, deterministically. */
    long ticket;

    /** Runs the step due at {@code sim.now()}; returns its event, or null for a silent step. */
    abstract SupplyEvent step(SupplyChainSimulator sim);

    @Override
    public int compareTo(Process o) {
        int c = Long.compare(at, o.at);
        return c != 0 ? c : Long.compare(ticket, o.ticket);
    }
}
