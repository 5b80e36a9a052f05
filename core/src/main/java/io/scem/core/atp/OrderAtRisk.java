package io.scem.core.atp;

import io.scem.core.alert.Alert;
import io.scem.core.atp.AtpDecision.Alternative;
import io.scem.core.entity.StockLevel;
import io.scem.core.event.Instants;

/**
 * The ORDER_AT_RISK alert, raised by the ATP book rather than by a rule file: an order that its
 * site cannot fill by its promise. The message says what, where, since when, why (what the site
 * can promise by then) and what would work instead, best first.
 */
public final class OrderAtRisk {
    public static final String RULE = "ORDER_AT_RISK";
    public static final String SEVERITY = "MAJOR";
    public static final String STAGE = "orders";

    private OrderAtRisk() {}

    /** FIRING at the placement that {@code d} decided. */
    public static Alert firing(AtpDecision d, long horizonDays) {
        Alert a = base(d.orderId, d.site, d.sku, d.customerId, Alert.FIRING, d.decidedAt, d.eventId);
        StringBuilder m = new StringBuilder()
                .append("Order ").append(d.orderId).append(" (").append(d.quantity).append(" x ").append(d.sku)
                .append(" for ").append(d.customerId).append(" from ").append(d.site).append(", promised ")
                .append(Instants.format(d.by)).append(") cannot be met from ").append(d.site).append(" since ")
                .append(Instants.format(d.decidedAt)).append(": ").append(d.available)
                .append(" available by the promise (on hand ").append(d.onHand).append(", allocated to other orders ")
                .append(d.allocated).append(", due in by then ").append(d.dueIn).append(")");
        if (d.alternatives.length == 0) {
            m.append("; cannot be met anywhere: no other site or substitute has ").append(d.quantity)
                    .append(" by the promise, and ").append(d.site).append(" cannot promise it within ")
                    .append(horizonDays).append(" days");
        }
        for (Alternative alt : d.alternatives) {
            m.append("; ");
            switch (alt.kind) {
                case Alternative.OTHER_SITE -> m.append(alt.site).append(" has ").append(alt.available);
                case Alternative.SUBSTITUTE -> m.append("substitute ").append(alt.sku).append(" has ").append(alt.available);
                default -> m.append(alt.site).append(" can promise ").append(Instants.format(alt.at));
            }
        }
        a.message = m.toString();
        return a;
    }

    /** RESOLVED: the order was dispatched or cancelled ({@code what}) at {@code at}. */
    public static Alert closed(AtRiskOrder o, String what, long at, String eventId) {
        Alert a = base(o.orderId, o.site, o.sku, o.customerId, Alert.RESOLVED, at, eventId);
        a.message = "Order " + o.orderId + " (" + o.quantity + " x " + o.sku + " from " + o.site + ") was " + what + " at "
                + Instants.format(at);
        return a;
    }

    /** RESOLVED: a stock change at {@code at} lets the site promise what the order has left ({@code needed}). */
    public static Alert feasible(AtRiskOrder o, long needed, long available, long at, String eventId) {
        Alert a = base(o.orderId, o.site, o.sku, o.customerId, Alert.RESOLVED, at, eventId);
        a.message = "Order " + o.orderId + " (" + needed + " x " + o.sku + " from " + o.site + ") can be met from " + o.site
                + " again since " + Instants.format(at) + ": " + available + " available by the promise "
                + Instants.format(o.promisedAt);
        return a;
    }

    /**
     * RESOLVED: the order holds nothing at its stock any more at {@code at}: issued in full (the
     * warehouse picked it), or a month past its promise (the stock dropped it).
     */
    public static Alert noLongerAllocated(AtRiskOrder o, long at, String eventId) {
        Alert a = base(o.orderId, o.site, o.sku, o.customerId, Alert.RESOLVED, at, eventId);
        String why = at - o.promisedAt > StockLevel.ALLOCATION_EXPIRY
                ? "holds nothing at " + o.site + " any more: its promise is more than 30 days past"
                : "was issued in full at " + o.site;
        a.message = "Order " + o.orderId + " (" + o.quantity + " x " + o.sku + " from " + o.site + ") " + why + " at "
                + Instants.format(at);
        return a;
    }

    private static Alert base(String orderId, String site, String sku, String customerId, String status, long at,
            String eventId) {
        Alert a = new Alert();
        a.rule = RULE;
        a.status = status;
        a.severity = SEVERITY;
        a.stage = STAGE;
        a.key = orderId;
        a.orderId = orderId;
        a.site = site;
        a.sku = sku;
        a.customerId = customerId;
        a.at = at;
        a.evidence = eventId == null ? new String[0] : new String[] {eventId};
        return a;
    }
}
