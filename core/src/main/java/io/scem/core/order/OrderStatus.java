package io.scem.core.order;

import io.scem.core.cost.CostToServe;
import io.scem.core.entity.CustomerOrder;
import io.scem.core.entity.Shipment;
import io.scem.core.event.Instants;
import io.scem.core.event.SharedStrings;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Where one customer order is now, derived from everything the job sees about it: its own events
 * (placed, picked, dispatched, cancelled), its shipment's (checkpoints, ETA, exceptions,
 * delivery), ORDER_AT_RISK alerts, and the passing of its promise. It keeps the time of each
 * milestone, the promise, the ETA, the last location, the quantities, the carrier and, once
 * delivered, the cost to serve it, plus a short history in words.
 *
 * <p>The lifecycle is PLACED → ALLOCATED → PICKED → SHIPPED → IN_TRANSIT → DELIVERED, or
 * CANCELLED. The status is the furthest milestone reached, so it never goes back, and a late fact
 * about an earlier step fills its milestone without moving the status. A delivery or a
 * cancellation ends the order: whichever comes first is final, the other only goes into the
 * history. AT_RISK and LATE are flags beside the status, not steps.
 *
 * <p>There is no IN_PRODUCTION step: in the event contract a work order names no customer order,
 * so production cannot be tied to one without inventing a link.
 *
 * <p>One shipment per order, as {@link CustomerOrder} has one shipmentId: a second dispatch
 * naming the order makes that shipment the one followed (and goes into the history), and the
 * previous shipment's tracking is ignored from then on.
 *
 * <p>A public-field POJO (arrays, no collections) so that Flink keeps it without Kryo; no Flink
 * imports. Instants are epoch millis of event time.
 */
public class OrderStatus {
    /** Steps of the lifecycle, in order. */
    public enum Status { PLACED, ALLOCATED, PICKED, SHIPPED, IN_TRANSIT, DELIVERED, CANCELLED }

    /** Lines of history kept; older ones are dropped (the milestones stay). */
    public static final int MAX_HISTORY = 40;
    /** Alert messages are quoted in the history up to this length. */
    static final int MAX_QUOTE = 240;

    public String orderId;
    public Status status;
    public String customerId;
    public String site;
    public String sku;
    public Long quantity;
    public long issuedQuantity;
    /** GOODS_ISSUED events naming the order: each is one pick (handling cost). */
    public int picks;
    public Long promisedAt;

    public String shipmentId;
    public String carrierId;
    public String destination;
    /** The carrier's latest estimate of the delivery. */
    public Long eta;
    public String lastLocation;
    public Long lastLocationAt;
    /** SHIPMENT_EXCEPTION events of its shipment. */
    public int exceptions;
    public String lastException;

    public boolean atRisk;
    public Long atRiskSince;
    /** The promise passed without delivery, or the delivery came after it. */
    public boolean late;

    public Long placedAt;
    public Long allocatedAt;
    public Long pickedAt;
    public Long shippedAt;
    public Long inTransitAt;
    public Long deliveredAt;
    public Long cancelledAt;

    /** Event time of the latest change, and how many changes there were (1 = the first version). */
    public long updatedAt;
    public long version;
    public OrderChange[] history = new OrderChange[0];

    /** Once delivered: what the order earned and what serving it cost, or null if unknown. */
    public CostToServe costToServe;
    /** Why {@link #costToServe} is null on a delivered order (no price for its SKU, no rate for its carrier). */
    public String costUnknown;

    public OrderStatus() {}

    /** A status for an order the job has not heard of yet. */
    public static OrderStatus of(String orderId) {
        OrderStatus s = new OrderStatus();
        s.orderId = orderId;
        return s;
    }

    /**
     * A copy to hand on while this one goes on changing (history lines are never changed in
     * place, so they are shared).
     */
    public OrderStatus copy() {
        OrderStatus c = new OrderStatus();
        c.orderId = orderId;
        c.status = status;
        c.customerId = customerId;
        c.site = site;
        c.sku = sku;
        c.quantity = quantity;
        c.issuedQuantity = issuedQuantity;
        c.picks = picks;
        c.promisedAt = promisedAt;
        c.shipmentId = shipmentId;
        c.carrierId = carrierId;
        c.destination = destination;
        c.eta = eta;
        c.lastLocation = lastLocation;
        c.lastLocationAt = lastLocationAt;
        c.exceptions = exceptions;
        c.lastException = lastException;
        c.atRisk = atRisk;
        c.atRiskSince = atRiskSince;
        c.late = late;
        c.placedAt = placedAt;
        c.allocatedAt = allocatedAt;
        c.pickedAt = pickedAt;
        c.shippedAt = shippedAt;
        c.inTransitAt = inTransitAt;
        c.deliveredAt = deliveredAt;
        c.cancelledAt = cancelledAt;
        c.updatedAt = updatedAt;
        c.version = version;
        c.history = history;
        c.costToServe = costToServe;
        c.costUnknown = costUnknown;
        return c;
    }

    /** Whether it has been delivered or cancelled. */
    public boolean hasEnded() {
        return status == Status.DELIVERED || status == Status.CANCELLED;
    }

    /** Whether nothing but an alert has been heard of it: such a status is not published. */
    public boolean isKnown() {
        return status != null;
    }

    /** When it was delivered or cancelled, or null while it goes on. */
    public Long endedAt() {
        return status == Status.DELIVERED ? deliveredAt : status == Status.CANCELLED ? cancelledAt : null;
    }

    /** The time of a milestone, or null if it was not reached. */
    public Long milestone(Status step) {
        return switch (step) {
            case PLACED -> placedAt;
            case ALLOCATED -> allocatedAt;
            case PICKED -> pickedAt;
            case SHIPPED -> shippedAt;
            case IN_TRANSIT -> inTransitAt;
            case DELIVERED -> deliveredAt;
            case CANCELLED -> cancelledAt;
        };
    }

    /**
     * How far past its promise it is: at delivery (final), else as of {@code now} while the
     * promise has passed; 0 when on time or without a promise.
     */
    public long latenessMillis(long now) {
        if (promisedAt == null) return 0;
        long until = deliveredAt != null ? deliveredAt : cancelledAt != null ? cancelledAt : now;
        return Math.max(0, until - promisedAt);
    }

    /**
     * Applies one signal. Returns whether anything a reader sees changed (then {@link #version}
     * and {@link #updatedAt} moved too).
     */
    public boolean apply(OrderSignal signal) {
        Seen before = seen();
        if (signal.order != null) {
            applyOrder(signal.order);
        } else if (signal.shipment != null) {
            applyShipment(signal.shipment);
        } else if (signal.alertStatus != null) {
            applyAlert(signal);
        }
        return changed(before, signal.at);
    }

    /**
     * ALLOCATED: the order is placed and, once every signal of its placement's event time was
     * applied, no ORDER_AT_RISK is open for it (or later, when the one open resolves). Call it
     * after the signals of each event time.
     */
    public boolean allocateIfClear(long at) {
        if (placedAt == null || allocatedAt != null || atRisk || hasEnded() || pickedAt != null) return false;
        Seen before = seen();
        allocatedAt = at;
        record(at, "allocated: placed and not at risk");
        return changed(before, at);
    }

    /** The promise passed at {@code at} without a delivery: flags it LATE. */
    public boolean promisePassed(long at) {
        if (late || hasEnded() || promisedAt == null || at < promisedAt) return false;
        Seen before = seen();
        late = true;
        record(promisedAt, "late: promised for " + Instants.format(promisedAt) + ", not delivered");
        return changed(before, at);
    }

    /** Prices a delivered order: {@code cost} or, when it cannot be priced, why not. */
    public void priced(CostToServe cost, String unknown) {
        costToServe = cost;
        costUnknown = cost == null ? unknown : null;
    }

    private void applyOrder(CustomerOrder o) {
        long at = o.occurredAt;
        // Shared instances: each open order is kept in state, and signals come deserialized.
        if (o.customerId != null) customerId = SharedStrings.of(o.customerId);
        if (o.site != null) site = SharedStrings.of(o.site);
        if (o.sku != null) sku = SharedStrings.of(o.sku);
        if (o.quantity != null) quantity = o.quantity;
        switch (o.eventType) {
            case "ORDER_PLACED" -> {
                if (placedAt == null) {
                    placedAt = o.placedAt;
                    promisedAt = o.promisedAt;
                    record(at, "placed: " + quantity + " x " + sku + " from " + site + " for " + customerId
                            + ", promised for " + instant(promisedAt));
                } else if (!Objects.equals(promisedAt, o.promisedAt)) {
                    promisedAt = o.promisedAt;
                    if (late && deliveredAt == null && promisedAt != null && promisedAt > at) late = false;
                    record(at, "placed again: promise now " + instant(promisedAt));
                }
            }
            case "GOODS_ISSUED" -> {
                picks++;
                long issued = Math.max(issuedQuantity, o.issuedQuantity);
                long delta = issued - issuedQuantity;
                issuedQuantity = issued;
                if (pickedAt == null) pickedAt = at;
                record(at, "picked " + delta + (quantity == null ? "" : ": " + issuedQuantity + " of " + quantity)
                        + (quantity != null && issuedQuantity < quantity ? " (partly picked)" : ""));
            }
            case "SHIPMENT_DISPATCHED" -> dispatched(at, o.shipmentId, null, null);
            case "ORDER_CANCELLED" -> {
                if (hasEnded()) {
                    record(at, "cancellation after it was " + status.name().toLowerCase() + ": ignored");
                } else {
                    cancelledAt = at;
                    record(at, "cancelled");
                }
            }
            default -> {
                // A fact of another event type changes no milestone.
            }
        }
        derive();
    }

    private void applyShipment(Shipment sh) {
        long at = sh.occurredAt;
        if ("SHIPMENT_DISPATCHED".equals(sh.eventType)) {
            dispatched(at, sh.shipmentId, sh.carrierId, sh.destination);
            if (promisedAt == null) promisedAt = sh.promisedAt;
            derive();
            return;
        }
        if (shipmentId != null && !shipmentId.equals(sh.shipmentId)) {
            return; // tracking of a shipment the order no longer travels in
        }
        if (shipmentId == null) {
            // Its dispatch was never seen (before the job's memory): follow it from here.
            dispatched(sh.dispatchedAt == null ? at : sh.dispatchedAt, sh.shipmentId, sh.carrierId, sh.destination);
        }
        switch (sh.eventType) {
            case "SHIPMENT_CHECKPOINT" -> {
                lastLocation = SharedStrings.of(sh.lastLocation);
                lastLocationAt = at;
                if (inTransitAt == null) inTransitAt = at;
                // Shared: a route passes the same few hubs, and this is a third of all lines kept.
                record(at, SharedStrings.of("checkpoint " + sh.lastLocation));
            }
            case "SHIPMENT_ETA_UPDATED" -> {
                eta = sh.eta;
                record(at, "ETA " + instant(eta)
                        + (promisedAt != null && eta != null && eta > promisedAt ? " (after the promise)" : ""));
            }
            case "SHIPMENT_EXCEPTION" -> {
                exceptions++;
                lastException = SharedStrings.of(sh.exceptionReason);
                record(at, "exception: " + sh.exceptionReason);
            }
            case "SHIPMENT_DELIVERED" -> {
                if (hasEnded()) {
                    if (deliveredAt == null) record(at, "delivered after it was cancelled");
                } else {
                    deliveredAt = at;
                    if (promisedAt != null && at > promisedAt) late = true;
                    record(at, promisedAt == null ? "delivered"
                            : at <= promisedAt ? "delivered on time" : "delivered, " + hours(at - promisedAt) + " late");
                }
            }
            default -> {
                // No other shipment events exist; a new one changes nothing here.
            }
        }
        derive();
    }

    private void dispatched(long at, String shipment, String carrier, String to) {
        if (shipment == null) return;
        boolean same = shipment.equals(shipmentId);
        if (!same && shipmentId != null) {
            // Another shipment takes over: its tracking starts afresh.
            eta = null;
            lastLocation = null;
            lastLocationAt = null;
        }
        if (!same) {
            shipmentId = shipment;
            record(at, "shipped in " + shipment + (carrier == null ? "" : " by " + carrier)
                    + (to == null ? "" : " to " + to));
        } else if (carrier != null && carrierId == null) {
            // The order's own dispatch fact came first, without the carrier: complete its line.
            replaceLast("shipped in " + shipment, "shipped in " + shipment + " by " + carrier + (to == null ? "" : " to " + to));
        }
        if (carrier != null) carrierId = SharedStrings.of(carrier);
        if (to != null) destination = SharedStrings.of(to);
        if (shippedAt == null) shippedAt = at;
    }

    private void applyAlert(OrderSignal signal) {
        if ("FIRING".equals(signal.alertStatus)) {
            if (!atRisk) {
                atRisk = true;
                atRiskSince = signal.at;
                record(signal.at, "at risk: " + quote(signal.alertMessage));
            }
        } else if (atRisk) {
            atRisk = false;
            atRiskSince = null;
            record(signal.at, "no longer at risk");
        }
    }

    /** The status is the furthest step reached; the first of delivery and cancellation is final. */
    private void derive() {
        if (hasEnded()) return;
        if (cancelledAt != null) status = Status.CANCELLED;
        else if (deliveredAt != null) status = Status.DELIVERED;
        else if (inTransitAt != null) status = Status.IN_TRANSIT;
        else if (shippedAt != null) status = Status.SHIPPED;
        else if (pickedAt != null) status = Status.PICKED;
        else if (allocatedAt != null) status = Status.ALLOCATED;
        else if (placedAt != null) status = Status.PLACED;
    }

    private void record(long at, String what) {
        OrderChange[] next;
        if (history.length < MAX_HISTORY) {
            next = Arrays.copyOf(history, history.length + 1);
        } else {
            next = Arrays.copyOfRange(history, 1, history.length + 1);
        }
        next[next.length - 1] = new OrderChange(at, what);
        history = next;
    }

    private void replaceLast(String was, String what) {
        OrderChange last = history.length == 0 ? null : history[history.length - 1];
        if (last != null && last.what.equals(was)) {
            history = history.clone();
            history[history.length - 1] = new OrderChange(last.at, what);
        }
    }

    /**
     * What a reader sees, to tell a change from a repeat (a re-sent event, a fact that adds
     * nothing). Every new history line is a new object, so the last line's identity stands for
     * the whole history; string fields are compared by value.
     */
    private record Seen(Status status, boolean atRisk, boolean late, OrderChange lastLine, String customerId,
            Long quantity, Long promisedAt, String carrierId, String destination) {}

    private Seen seen() {
        return new Seen(status, atRisk, late, history.length == 0 ? null : history[history.length - 1], customerId,
                quantity, promisedAt, carrierId, destination);
    }

    private boolean changed(Seen before, long at) {
        if (seen().equals(before)) return false;
        derive();
        version++;
        updatedAt = Math.max(updatedAt, at);
        return true;
    }

    private static String instant(Long t) {
        return t == null ? "(unknown)" : Instants.format(t);
    }

    static String hours(long millis) {
        double h = millis / (double) Instants.HOUR;
        return String.format(Locale.ROOT, h == Math.rint(h) ? "%.0f h" : "%.1f h", h);
    }

    private static String quote(String message) {
        if (message == null) return "(no message)";
        return message.length() <= MAX_QUOTE ? message : message.substring(0, MAX_QUOTE - 1) + "…";
    }
}
