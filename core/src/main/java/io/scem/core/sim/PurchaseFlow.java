package io.scem.core.sim;

import static io.scem.core.sim.SupplyChainSimulator.DAY;
import static io.scem.core.sim.SupplyChainSimulator.HOUR;

import io.scem.core.event.EventType;
import io.scem.core.event.SupplyEvent;

/**
 * A purchase order: PO_PLACED (expectedAt 4–7 days out), PO_CONFIRMED, PO_SHIPPED, GOODS_RECEIVED.
 * Disruptions: the confirmation moves expectedAt 1–3 days later (well before the first deadline,
 * so a rule must move its timer), the receipt comes after the deadline in force, or the PO is
 * confirmed and then never shipped.
 */
final class PurchaseFlow extends Replenishment<PurchaseFlow.Step> {
    static final double MAX_LEAD_DAYS = 7;
    /** How long after the deadline a planner writes off a PO that never came. */
    private static final long WRITE_OFF_AFTER = 5 * DAY;

    enum Step { PLACE, CONFIRM, SHIP, RECEIVE, WRITE_OFF }

    private String poId;
    private long expectedAt;
    private long confirmedExpectedAt;
    private long receiveAt;
    private boolean late;
    private boolean neverReceived;

    PurchaseFlow(Item item, long units) {
        super(Step.PLACE, item, units);
    }

    @Override
    SupplyEvent run(Step step, SupplyChainSimulator sim) {
        return switch (step) {
            case PLACE -> place(sim);
            case CONFIRM -> confirm(sim);
            case SHIP -> ship(sim);
            case RECEIVE -> receive(sim);
            case WRITE_OFF -> writeOff(sim);
        };
    }

    private SupplyEvent place(SupplyChainSimulator sim) {
        SimulationConfig.Disruptions d = sim.disruptions();
        poId = sim.newPurchaseOrderId();
        expectedAt = SupplyChainSimulator.ceilHour(sim.now() + sim.between(4 * DAY, 6 * DAY));
        confirmedExpectedAt = sim.chance(d.poSlip()) ? expectedAt + (1 + sim.pick(3)) * DAY : expectedAt;
        neverReceived = sim.chance(d.neverCompleted());
        late = !neverReceived && sim.chance(d.latePo());

        SupplyEvent e = sim.event(EventType.PO_PLACED);
        e.poId = poId;
        e.supplierId = item.supplierId;
        e.site = item.site;
        e.sku = item.sku;
        e.quantity = units;
        e.expectedAt = expectedAt;
        // A slow supplier confirms after more than a day (SUPPLIER_UNCONFIRMED), well before expectedAt.
        then(sim, Step.CONFIRM, sim.now() + (sim.chance(d.slowHandling())
                ? sim.between(26 * HOUR, 40 * HOUR) : sim.between(2 * HOUR, 12 * HOUR)));
        return e;
    }

    private SupplyEvent confirm(SupplyChainSimulator sim) {
        expectedAt = confirmedExpectedAt;
        SupplyEvent e = sim.event(EventType.PO_CONFIRMED);
        e.poId = poId;
        e.expectedAt = expectedAt;
        if (neverReceived) {
            then(sim, Step.WRITE_OFF, expectedAt + WRITE_OFF_AFTER);
        } else {
            receiveAt = late
                    ? expectedAt + sim.between(HOUR, 3 * DAY)
                    : expectedAt - sim.between(HOUR, 20 * HOUR);
            then(sim, Step.SHIP, Math.max(sim.now() + HOUR, receiveAt - sim.between(12 * HOUR, 36 * HOUR)));
        }
        return e;
    }

    private SupplyEvent ship(SupplyChainSimulator sim) {
        SupplyEvent e = sim.event(EventType.PO_SHIPPED);
        e.poId = poId;
        e.quantity = units;
        // The supplier's ship notice repeats the promise in force, even when it will not be kept.
        e.expectedAt = expectedAt;
        then(sim, Step.RECEIVE, receiveAt);
        return e;
    }

    private SupplyEvent receive(SupplyChainSimulator sim) {
        SupplyEvent e = receipt(sim);
        e.poId = poId;
        return e;
    }
}
