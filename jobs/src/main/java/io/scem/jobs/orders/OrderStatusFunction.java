package io.scem.jobs.orders;

/**
 * Only the type of the order status stage's "order-timers" state is left here. Up to 0.1.0 the
 * stage was a keyed process function of this name, and savepoints name that state's POJO by its
 * class, {@code OrderStatusFunction$Timers}: moved, it would no longer restore. The stage is
 * {@link OrderStatusOperator}.
 */
public final class OrderStatusFunction {
    private OrderStatusFunction() {}

    /**
     * Which timers an order has armed, so that each can be deleted when nothing else needs its
     * time; and, once it ended, when: all that is kept of it then.
     */
    public static class Timers {
        public Long lateAt;
        public Long releaseAt;
        public Long endedAt;

        public Timers() {}
    }
}
