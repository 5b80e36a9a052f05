package io.scem.core.order;

import io.scem.core.cost.CostToServe;
import io.scem.core.event.Instants;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An order's status as a person reads it: a summary, the milestones with their times, the history. */
public final class OrderStatusText {
    private OrderStatusText() {}

    public static String render(OrderStatus s) {
        List<String> out = new ArrayList<>();
        out.add("Order " + s.orderId + ": " + s.status + (s.atRisk ? ", AT RISK" : "") + (s.late ? ", LATE" : ""));
        out.add("  " + (s.quantity == null ? "?" : s.quantity) + " x " + or(s.sku) + " from " + or(s.site) + " for "
                + or(s.customerId) + "; issued " + s.issuedQuantity + " in " + s.picks + (s.picks == 1 ? " pick" : " picks"));
        StringBuilder promise = new StringBuilder("  promised for " + at(s.promisedAt));
        if (s.eta != null) promise.append(", ETA ").append(at(s.eta));
        if (s.deliveredAt != null && s.late) {
            promise.append(", delivered ").append(OrderStatus.hours(s.latenessMillis(s.deliveredAt))).append(" late");
        } else if (s.late && !s.hasEnded()) {
            // The status changes on events, not with the clock: how late it is now is for the reader to count.
            promise.append(", not delivered: late since ").append(at(s.promisedAt));
        }
        out.add(promise.toString());
        if (s.shipmentId != null) {
            out.add("  shipment " + s.shipmentId + " by " + or(s.carrierId) + " to " + or(s.destination)
                    + (s.lastLocation == null ? "" : ", last seen at " + s.lastLocation + " " + at(s.lastLocationAt))
                    + (s.exceptions == 0 ? "" : "; " + s.exceptions + (s.exceptions == 1 ? " exception" : " exceptions")
                            + " (latest: " + s.lastException + ")"));
        }
        if (s.atRisk) out.add("  at risk since " + at(s.atRiskSince));
        CostToServe c = s.costToServe;
        if (c != null) {
            String cur = c.currency == null || c.currency.isEmpty() ? "" : " " + c.currency;
            out.add(String.format(Locale.ROOT, "  revenue %.2f%s, product cost %.2f, cost to serve %.2f"
                            + " (handling %.2f, transport %.2f, expedite %.2f, exceptions %.2f, lateness penalty %.2f),"
                            + " margin %.2f", c.revenue, cur, c.productCost, c.costToServe, c.handling, c.transport,
                    c.expedite, c.exceptions, c.latenessPenalty, c.margin));
        } else if (s.costUnknown != null) {
            out.add("  cost to serve unknown: " + s.costUnknown);
        }
        out.add("Milestones");
        for (OrderStatus.Status step : OrderStatus.Status.values()) {
            Long time = s.milestone(step);
            if (time != null) out.add(String.format(Locale.ROOT, "  %-10s  %s", step, at(time)));
        }
        out.add("History");
        for (OrderChange h : s.history) out.add("  " + at(h.at) + "  " + h.what);
        out.add("(version " + s.version + ", updated " + at(s.updatedAt) + ")");
        return String.join(System.lineSeparator(), out) + System.lineSeparator();
    }

    private static String at(Long t) {
        return t == null ? "(unknown)" : Instants.format(t);
    }

    private static String or(String s) {
        return s == null ? "(unknown)" : s;
    }
}
