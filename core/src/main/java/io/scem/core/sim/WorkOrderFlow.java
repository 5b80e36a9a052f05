package io.scem.core.sim;

import static io.scem.core.sim.SupplyChainSimulator.DAY;
import static io.scem.core.sim.SupplyChainSimulator.HOUR;
import static io.scem.core.sim.SupplyChainSimulator.MINUTE;

import io.scem.core.event.EventType;
import io.scem.core.event.SupplyEvent;

/**
 * A work order: WORK_ORDER_RELEASED (due in 1–2 days), STARTED, COMPLETED, then GOODS_RECEIVED
 * into the site's stock. Disruptions: completion after dueAt, or started and never completed.
 */
final class WorkOrderFlow extends Replenishment<WorkOrderFlow.Step> {
    static final double MAX_LEAD_DAYS = 2.5;
    private static final long WRITE_OFF_AFTER = 3 * DAY;

    enum Step { RELEASE, START, COMPLETE, RECEIVE, WRITE_OFF }

    private String workOrderId;
    private long dueAt;
    private boolean slowStart;
    private boolean late;
    private boolean neverCompleted;

    WorkOrderFlow(Item item, long units) {
        super(Step.RELEASE, item, units);
    }

    @Override
    SupplyEvent run(Step step, SupplyChainSimulator sim) {
        return switch (step) {
            case RELEASE -> release(sim);
            case START -> start(sim);
            case COMPLETE -> complete(sim);
            case RECEIVE -> receive(sim);
            case WRITE_OFF -> writeOff(sim);
        };
    }

    private SupplyEvent release(SupplyChainSimulator sim) {
        SimulationConfig.Disruptions d = sim.disruptions();
        workOrderId = sim.newWorkOrderId();
        dueAt = SupplyChainSimulator.ceilHour(sim.now() + sim.between(DAY, 2 * DAY));
        neverCompleted = sim.chance(d.neverCompleted());
        late = !neverCompleted && sim.chance(d.lateWorkOrder());

        SupplyEvent e = sim.event(EventType.WORK_ORDER_RELEASED);
        e.workOrderId = workOrderId;
        e.site = item.site;
        e.sku = item.sku;
        e.quantity = units;
        e.dueAt = dueAt;
        slowStart = !neverCompleted && !late && sim.chance(d.slowHandling());
        // A slow start comes 3–7 h before the due time: after PRODUCTION_NOT_STARTED's deadline.
        then(sim, Step.START, slowStart ? dueAt - sim.between(3 * HOUR, 7 * HOUR) : sim.now() + sim.between(HOUR, 8 * HOUR));
        return e;
    }

    private SupplyEvent start(SupplyChainSimulator sim) {
        SupplyEvent e = sim.event(EventType.WORK_ORDER_STARTED);
        e.workOrderId = workOrderId;
        if (neverCompleted) {
            then(sim, Step.WRITE_OFF, dueAt + WRITE_OFF_AFTER);
        } else if (late) {
            then(sim, Step.COMPLETE, dueAt + sim.between(HOUR, DAY));
        } else if (slowStart) {
            then(sim, Step.COMPLETE, dueAt - sim.between(10 * MINUTE, 2 * HOUR));
        } else {
            // Started at most 8 h after release and due at least 24 h after it: room to finish.
            then(sim, Step.COMPLETE, dueAt - sim.between(HOUR, 10 * HOUR));
        }
        return e;
    }

    private SupplyEvent complete(SupplyChainSimulator sim) {
        SupplyEvent e = sim.event(EventType.WORK_ORDER_COMPLETED);
        e.workOrderId = workOrderId;
        e.quantity = units;
        then(sim, Step.RECEIVE, sim.now() + sim.between(10 * MINUTE, HOUR));
        return e;
    }

    private SupplyEvent receive(SupplyChainSimulator sim) {
        SupplyEvent e = receipt(sim);
        e.workOrderId = workOrderId;
        return e;
    }
}
