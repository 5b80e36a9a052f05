package io.scem.core.sim;

import static io.scem.core.sim.SupplyChainSimulator.DAY;
import static io.scem.core.sim.SupplyChainSimulator.HOUR;
import static io.scem.core.sim.SupplyChainSimulator.MINUTE;

import io.scem.core.event.EventType;
import io.scem.core.event.SupplyEvent;

/**
 * A customer order from placement to delivery: ORDER_PLACED, GOODS_ISSUED (more than one when the
 * shelf holds too little: the order picks what there is and waits for the rest),
 * SHIPMENT_DISPATCHED once every unit is picked, one to three SHIPMENT_CHECKPOINTs (with an ETA
 * update and possibly an exception after the first), SHIPMENT_DELIVERED. A few orders are
 * cancelled before issue (half the bulk orders, larger than the stock, whose customers go
 * elsewhere); some shipments arrive after the promise (some of them dark, unscanned for more than
 * a day, after the first hub), and a few are lost (an exception, then nothing).
 */
final class CustomerOrderFlow extends Flow<CustomerOrderFlow.Step> {
    private static final double CANCEL_RATE = 0.02;
    /** Bulk orders the site cannot fill: half the customers take them elsewhere within hours. */
    private static final double BULK_CANCEL_RATE = 0.5;
    /** Exceptions that do not make the shipment late (a wrong address fixed in time). */
    private static final double HARMLESS_EXCEPTION_RATE = 0.01;
    private static final double ETA_UPDATE_RATE = 0.3;
    /** Time a shipment needs left before its promise to be delivered on time. */
    private static final long ON_TIME_LEAD = 14 * HOUR;

    static final String[] CITIES = {
        "Rotterdam", "Hamburg", "Antwerp", "Lyon", "Milan", "Warsaw", "Prague", "Madrid",
        "Vienna", "Munich", "Paris", "Brussels", "Copenhagen", "Zurich", "Budapest", "Barcelona"
    };
    private static final String[] CARRIERS = {"DHL", "UPS", "DPD", "GLS", "DSV", "FEDEX"};
    private static final String[] EXCEPTIONS = {"ADDRESS_ISSUE", "CUSTOMS_HOLD", "DAMAGED", "WEATHER", "MISSORTED"};

    /** Late shipments whose carrier stops scanning after the first hub until delivery. */
    private static final double DARK_RATE = 0.3;

    enum Step { CANCEL, ISSUE, DISPATCH, CHECKPOINT, EXCEPTION, ETA, DELIVER }

    private final Item item;
    private final String orderId;
    private final long promisedAt;

    /** Units still to pick. */
    private long toPick;
    private String shipmentId;
    private long dispatchedAt;
    private long deliverAt;
    private long leg;
    private int checkpoints;
    private int passed;
    private boolean lost;
    private boolean late;
    private boolean exceptionPending;
    private boolean etaPending;
    /** When the carrier knows the ETA it will send (the start of an outage), or 0: any time. */
    private long etaKnownAt;

    private CustomerOrderFlow(Item item, String orderId, long units, long promisedAt) {
        this.item = item;
        this.orderId = orderId;
        this.promisedAt = promisedAt;
        this.toPick = units;
    }

    /** Places a new order now and schedules what follows; returns the ORDER_PLACED. */
    static SupplyEvent place(SupplyChainSimulator sim, Item item, long units, boolean bulk) {
        long promise = SupplyChainSimulator.ceilHour(sim.now() + sim.between(2 * DAY, 4 * DAY));
        CustomerOrderFlow flow = new CustomerOrderFlow(item, sim.newOrderId(), units, promise);
        SupplyEvent e = sim.event(EventType.ORDER_PLACED);
        e.orderId = flow.orderId;
        e.customerId = "CUST-" + (1 + sim.pick(2000));
        e.site = item.site;
        e.sku = item.sku;
        e.quantity = units;
        e.promisedAt = promise;
        if (sim.chance(bulk ? BULK_CANCEL_RATE : CANCEL_RATE)) {
            flow.then(sim, Step.CANCEL, sim.now() + sim.between(10 * MINUTE, 6 * HOUR));
        } else {
            // A slow pick leaves the order in the warehouse for more than a day (FULFILLMENT_LATE).
            flow.then(sim, Step.ISSUE, sim.now() + (sim.chance(sim.disruptions().slowHandling())
                    ? sim.between(25 * HOUR, 30 * HOUR) : sim.between(30 * MINUTE, 12 * HOUR)));
        }
        return e;
    }

    @Override
    SupplyEvent run(Step step, SupplyChainSimulator sim) {
        return switch (step) {
            case CANCEL -> cancel(sim);
            case ISSUE -> issue(sim);
            case DISPATCH -> dispatch(sim);
            case CHECKPOINT -> checkpoint(sim);
            case EXCEPTION -> exception(sim);
            case ETA -> etaUpdate(sim);
            case DELIVER -> deliver(sim);
        };
    }

    private SupplyEvent cancel(SupplyChainSimulator sim) {
        SupplyEvent e = sim.event(EventType.ORDER_CANCELLED);
        e.orderId = orderId;
        return e;
    }

    private SupplyEvent issue(SupplyChainSimulator sim) {
        long picked = item.pick(sim, toPick);
        toPick -= picked;
        if (toPick > 0) {
            // The shelf ran out (the stock-out shows): the rest is backordered, shipped complete.
            item.backorder(sim, this, toPick);
        } else {
            then(sim, Step.DISPATCH, sim.now() + sim.between(30 * MINUTE, 4 * HOUR));
        }
        if (picked == 0) {
            return null;
        }
        SupplyEvent e = sim.event(EventType.GOODS_ISSUED);
        e.orderId = orderId;
        e.site = item.site;
        e.sku = item.sku;
        e.quantity = picked;
        return e;
    }

    /** Stock has come in: the order goes to pick again soon. Returns the units it was waiting for. */
    long wake(SupplyChainSimulator sim) {
        then(sim, Step.ISSUE, sim.now() + sim.between(15 * MINUTE, 2 * HOUR));
        return toPick;
    }

    private SupplyEvent dispatch(SupplyChainSimulator sim) {
        shipmentId = sim.newShipmentId();
        dispatchedAt = sim.now();
        SimulationConfig.Disruptions d = sim.disruptions();
        lost = sim.chance(d.neverCompleted());
        // An order picked at once leaves at least 14 h before its promise (promise >= placed + 48 h,
        // dispatch <= +34 h), so an on-time delivery lands strictly before it. A backordered one
        // may leave with less time than a carrier needs, or after the promise: late whatever happens.
        boolean backlogged = promisedAt - dispatchedAt < ON_TIME_LEAD;
        late = !lost && (backlogged || sim.chance(d.lateDelivery()));
        deliverAt = late
                ? Math.max(promisedAt, dispatchedAt) + sim.between(HOUR, 2 * DAY)
                : dispatchedAt + Math.round((promisedAt - dispatchedAt) * sim.uniform(0.3, 0.9) / 1000) * 1000;
        // Carriers scan at every hub: at least one checkpoint per 16 h of transit, so that only a
        // lost shipment, or a late one that goes dark, is quiet for a day (TRACKING_SILENT).
        checkpoints = Math.max(1 + sim.pick(3), (int) ((deliverAt - dispatchedAt) / (16 * HOUR)));
        leg = (deliverAt - dispatchedAt) / (checkpoints + 1) / 1000 * 1000;
        if (late && sim.chance(DARK_RATE)) {
            // Dark after the first hub: scanned within 4 h, then delivered 26-40 h later.
            checkpoints = 1;
            leg = Math.min(leg, 4 * HOUR);
            deliverAt = Math.max(deliverAt, dispatchedAt + leg + sim.between(26 * HOUR, 40 * HOUR));
        }
        exceptionPending = lost || (late && sim.chance(0.4)) || sim.chance(HARMLESS_EXCEPTION_RATE);
        etaPending = !lost && (late || sim.chance(ETA_UPDATE_RATE));
        // Drawn here, as before outages existed, so that a world without them stays the same.
        String carrier = sim.pick(CARRIERS);
        CarrierOutages.Outage outage = lost ? null : sim.carrierOutages().at(carrier, deliverAt);
        if (outage != null) {
            delayedBy(outage, sim);
        }

        SupplyEvent e = sim.event(EventType.SHIPMENT_DISPATCHED);
        e.shipmentId = shipmentId;
        e.orderId = orderId;
        e.carrierId = carrier;
        e.site = item.site;
        e.destination = sim.pick(CITIES);
        e.promisedAt = promisedAt;
        then(sim, Step.CHECKPOINT, dispatchedAt + leg);
        return e;
    }

    /**
     * Due during its carrier's outage: it arrives once the carrier's backlog clears, and the
     * carrier sends its new ETA when the outage begins.
     */
    private void delayedBy(CarrierOutages.Outage outage, SupplyChainSimulator sim) {
        deliverAt = outage.end() + sim.between(6 * HOUR, 30 * HOUR);
        late = late || deliverAt > promisedAt;
        checkpoints = Math.max(checkpoints, (int) ((deliverAt - dispatchedAt) / (16 * HOUR)));
        leg = (deliverAt - dispatchedAt) / (checkpoints + 1) / 1000 * 1000;
        etaPending = true;
        etaKnownAt = outage.start();
    }

    private SupplyEvent checkpoint(SupplyChainSimulator sim) {
        passed++;
        SupplyEvent e = sim.event(EventType.SHIPMENT_CHECKPOINT);
        e.shipmentId = shipmentId;
        e.location = "HUB-" + sim.pick(CITIES).toUpperCase();
        if (exceptionPending) {
            then(sim, Step.EXCEPTION, sim.now() + sim.between(5 * MINUTE, HOUR));
        } else {
            continueTracking(sim);
        }
        return e;
    }

    private SupplyEvent exception(SupplyChainSimulator sim) {
        exceptionPending = false;
        SupplyEvent e = sim.event(EventType.SHIPMENT_EXCEPTION);
        e.shipmentId = shipmentId;
        e.reason = lost ? "LOST" : sim.pick(EXCEPTIONS);
        if (!lost) {
            continueTracking(sim);
        }
        return e;
    }

    private SupplyEvent etaUpdate(SupplyChainSimulator sim) {
        etaPending = false;
        SupplyEvent e = sim.event(EventType.SHIPMENT_ETA_UPDATED);
        e.shipmentId = shipmentId;
        e.eta = deliverAt;
        continueTracking(sim);
        return e;
    }

    private SupplyEvent deliver(SupplyChainSimulator sim) {
        SupplyEvent e = sim.event(EventType.SHIPMENT_DELIVERED);
        e.shipmentId = shipmentId;
        return e;
    }

    private void continueTracking(SupplyChainSimulator sim) {
        if (etaPending) {
            then(sim, Step.ETA, Math.max(sim.now(), etaKnownAt) + sim.between(MINUTE, 30 * MINUTE));
        } else if (passed < checkpoints) {
            then(sim, Step.CHECKPOINT, dispatchedAt + leg * (passed + 1));
        } else {
            then(sim, Step.DELIVER, deliverAt);
        }
    }
}
