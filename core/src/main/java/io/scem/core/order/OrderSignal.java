package io.scem.core.order;

import io.scem.core.alert.Alert;
import io.scem.core.entity.CustomerOrder;
import io.scem.core.entity.EntityFact;
import io.scem.core.entity.Shipment;

/**
 * One thing learnt about a customer order, keyed by its orderId: a new version of the order
 * entity (placed, picked, dispatched, cancelled), a new version of the shipment that carries it
 * (dispatched, tracked, delivered; a shipment names its order from its dispatch on), or an
 * ORDER_AT_RISK alert about it firing or resolving. Exactly one of {@link #order}, {@link
 * #shipment} and {@link #alertStatus} is set. A public-field POJO, so that Flink serializes it
 * itself.
 */
public class OrderSignal {
    /** The rule whose alerts flag an order AT_RISK (raised by the available-to-promise check). */
    public static final String AT_RISK_RULE = "ORDER_AT_RISK";

    /** Event time of what it says. */
    public long at;
    public String orderId;
    public CustomerOrder order;
    public Shipment shipment;
    /** FIRING or RESOLVED, for an ORDER_AT_RISK alert. */
    public String alertStatus;
    public String alertMessage;

    public OrderSignal() {}

    /** The signal a new entity fact gives its order, or null when it names none. */
    public static OrderSignal of(EntityFact fact) {
        if (fact instanceof CustomerOrder o && o.orderId != null) {
            OrderSignal s = at(o.occurredAt, o.orderId);
            s.order = o;
            return s;
        }
        if (fact instanceof Shipment sh && sh.orderId != null) {
            OrderSignal s = at(sh.occurredAt, sh.orderId);
            s.shipment = sh;
            return s;
        }
        return null;
    }

    /** Whether {@code alert} flags (or clears) an order as at risk: rule ORDER_AT_RISK with an orderId. */
    public static boolean isAtRisk(Alert alert) {
        return AT_RISK_RULE.equals(alert.rule) && alert.orderId != null;
    }

    /** The signal of an ORDER_AT_RISK alert (see {@link #isAtRisk}). */
    public static OrderSignal of(Alert alert) {
        OrderSignal s = at(alert.at, alert.orderId);
        s.alertStatus = alert.status;
        s.alertMessage = alert.message;
        return s;
    }

    private static OrderSignal at(long at, String orderId) {
        OrderSignal s = new OrderSignal();
        s.at = at;
        s.orderId = orderId;
        return s;
    }

    /**
     * Among signals of one event time: the order's own facts first, then its shipment's, then
     * alerts. Each kind comes from one upstream entity and keeps its order; this rank makes the
     * result independent of how the kinds interleave on their way.
     */
    public int rank() {
        return order != null ? 0 : shipment != null ? 1 : 2;
    }
}
