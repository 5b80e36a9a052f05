package io.scem.core.atp;

import io.scem.core.alert.Alert;
import io.scem.core.entity.CustomerOrder;
import io.scem.core.entity.EntityFact;
import io.scem.core.event.EventType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ATP book: the latest profile of every site and SKU, and the orders found at risk. It decides
 * each order placement against the stock of all sites as of the placement's event time, raises
 * ORDER_AT_RISK when the order's site cannot fill it by its promise, and resolves it when the
 * order is dispatched or cancelled, or when a later change of that stock lets the site fill it.
 *
 * <p>Time moves in steps: {@link #at} takes everything that happened at one event time, the
 * stock changes first (all of them, so that an order sees every other order placed at the same
 * time as allocated), then the order changes, then the orders at risk on the stocks that changed
 * are looked at again. Within a step, orders are taken by orderId and outputs come in that order,
 * so the result does not depend on the order in which the inputs arrived. Flink-free: the job's
 * {@code AtpBookOperator} and the local monitor both drive it.
 */
public final class AtpBook {
    /** Receives what a step decides. */
    public interface Listener {
        void decided(AtpDecision decision);

        void signal(Alert signal);
    }

    private final AtpProfiles profiles = new AtpProfiles();
    private final AvailableToPromise atp;
    private final long horizonDays;
    private final Map<String, AtRiskOrder> atRisk = new TreeMap<>();
    /** Orders at risk by the stock (site|sku) whose changes may resolve them. */
    private final Map<String, TreeSet<String>> atRiskByStock = new HashMap<>();

    public AtpBook(Substitutes substitutes, long horizon) {
        this.atp = new AvailableToPromise(profiles, substitutes, horizon);
        this.horizonDays = atp.horizonDays();
    }

    /**
     * True for the order changes the book needs: a placement, and the dispatch or cancellation
     * that closes an open order.
     */
    public static boolean concerns(EntityFact before, EntityFact after) {
        if (!(after instanceof CustomerOrder order) || order.eventType == null) return false;
        return switch (order.eventType) {
            case "ORDER_PLACED" -> true;
            case "ORDER_CANCELLED", "SHIPMENT_DISPATCHED" -> before != null && before.isOpen() && !order.isOpen();
            default -> false;
        };
    }

    /**
     * One step: the stock changes and order changes of event time {@code time}, each list in the
     * order they happened (the latest profile of a stock wins).
     */
    public void at(long time, List<AtpProfile> changed, List<CustomerOrder> orders, Listener out) {
        for (AtpProfile p : changed) profiles.put(p);
        List<CustomerOrder> sorted = orders;
        if (orders.size() > 1) {
            sorted = new ArrayList<>(orders);
            sorted.sort(Comparator.comparing(o -> o.orderId)); // stable: one order's changes stay in order
        }
        for (CustomerOrder order : sorted) apply(order, time, out);
        // Most steps change stocks no order at risk waits on: nothing more to do.
        if (atRiskByStock.isEmpty()) return;
        TreeSet<String> toCheck = null;
        for (AtpProfile p : changed) {
            TreeSet<String> ids = atRiskByStock.get(p.key());
            if (ids == null) continue;
            if (toCheck == null) toCheck = new TreeSet<>();
            toCheck.addAll(ids);
        }
        if (toCheck == null) return;
        // Orders placed in this step were just decided on these very profiles.
        for (CustomerOrder order : sorted) toCheck.remove(order.orderId);
        for (String orderId : toCheck) recheck(atRisk.get(orderId), time, out);
    }

    private void apply(CustomerOrder order, long time, Listener out) {
        AtRiskOrder risk = atRisk.get(order.orderId);
        if (!order.eventType.equals(EventType.ORDER_PLACED.name())) {
            if (risk != null) {
                forget(risk);
                String what = order.eventType.equals(EventType.ORDER_CANCELLED.name()) ? "cancelled" : "dispatched";
                out.signal(OrderAtRisk.closed(risk, what, time, order.eventId));
            }
            return;
        }
        if (!order.isOpen() || order.site == null || order.sku == null || order.promisedAt == null) return;
        long quantity = order.quantity == null ? 0 : Math.max(0, order.quantity - order.issuedQuantity);
        AtpDecision d = atp.decide(order.orderId, order.site, order.sku, quantity, order.promisedAt, time);
        d.customerId = order.customerId;
        d.eventId = order.eventId;
        out.decided(d);
        if (risk != null) forget(risk);
        if (d.feasible()) {
            // Placed again, and now it can be met: whatever was at risk is over.
            if (risk != null) out.signal(OrderAtRisk.feasible(AtRiskOrder.of(d), d.quantity, d.available, time, d.eventId));
            return;
        }
        AtRiskOrder now = AtRiskOrder.of(d);
        if (risk != null) now.since = risk.since;
        remember(now);
        out.signal(OrderAtRisk.firing(d, horizonDays));
    }

    /** A change of the order's stock: can its site fill what it has left to issue by the promise now? */
    private void recheck(AtRiskOrder risk, long time, Listener out) {
        AtpProfile stock = profiles.getOrEmpty(risk.site, risk.sku);
        // What the order has left to issue is what it still holds at its stock (issues take it off).
        long needed = stock.allocatedTo(risk.orderId);
        long available = stock.availableExcluding(risk.orderId, risk.promisedAt);
        if (needed > 0 && available < needed) return;
        forget(risk);
        out.signal(needed == 0 ? OrderAtRisk.noLongerAllocated(risk, time, stock.eventId)
                : OrderAtRisk.feasible(risk, needed, available, time, stock.eventId));
    }

    private void remember(AtRiskOrder risk) {
        atRisk.put(risk.orderId, risk);
        atRiskByStock.computeIfAbsent(risk.stockKey(), k -> new TreeSet<>()).add(risk.orderId);
    }

    private void forget(AtRiskOrder risk) {
        atRisk.remove(risk.orderId);
        TreeSet<String> ids = atRiskByStock.get(risk.stockKey());
        if (ids != null) {
            ids.remove(risk.orderId);
            if (ids.isEmpty()) atRiskByStock.remove(risk.stockKey());
        }
    }

    /** The latest profile of every site and SKU (read only). */
    public AtpProfiles profiles() {
        return profiles;
    }

    /** The orders at risk, by orderId (for a checkpoint). */
    public Collection<AtRiskOrder> atRisk() {
        return atRisk.values();
    }

    /** Restores what {@link #profiles()} and {@link #atRisk()} held. */
    public void restore(Iterable<AtpProfile> savedProfiles, Iterable<AtRiskOrder> savedAtRisk) {
        for (AtpProfile p : savedProfiles) profiles.put(p);
        for (AtRiskOrder r : savedAtRisk) remember(r);
    }
}
