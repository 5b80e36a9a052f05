package io.scem.core.sim;

import static io.scem.core.sim.SupplyChainSimulator.DAY;
import static io.scem.core.sim.SupplyChainSimulator.HOUR;
import static io.scem.core.sim.SupplyChainSimulator.MINUTE;

import io.scem.core.event.EventType;
import io.scem.core.event.SupplyEvent;

/** A production line that runs for about two days at a time, then stops for 15 min to 4 h. */
final class LineProcess extends Process {
    static final double MEAN_RUN = 2.0 * DAY;
    private static final String[] REASONS = {"BREAKDOWN", "CHANGEOVER", "MATERIAL_SHORTAGE", "QUALITY_HOLD"};

    private final String site;
    private final String lineId;
    private boolean stopped;

    LineProcess(String site, String lineId) {
        this.site = site;
        this.lineId = lineId;
    }

    @Override
    SupplyEvent step(SupplyChainSimulator sim) {
        stopped = !stopped;
        SupplyEvent e = sim.event(stopped ? EventType.LINE_STOPPED : EventType.LINE_RESUMED);
        e.site = site;
        e.lineId = lineId;
        if (stopped) {
            e.reason = sim.pick(REASONS);
            sim.schedule(this, sim.now() + sim.between(15 * MINUTE, 4 * HOUR));
        } else {
            sim.schedule(this, sim.now() + sim.exponential(MEAN_RUN));
        }
        return e;
    }
}
