package io.scem.jobs.metrics;

import io.scem.core.event.Instants;
import io.scem.core.kpi.Completion;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins a customer order's dispatch (what was ordered and issued, the promise) with its
 * shipment's delivery, keyed by orderId, into an {@link Completion.Kind#ORDER_DELIVERY}: the
 * order KPIs (on time in full, fill rate, cycle time) are final only when the customer has the
 * goods. Either side may come first; the other is waited for {@link #WAIT} of event time, then
 * the key is forgotten. Feed it only the completions {@link #joins} accepts.
 */
public class OrderDeliveries extends KeyedProcessFunction<String, Completion, Completion> {
    /** How long one side waits for the other: longer than any shipment is in transit. */
    static final long WAIT = 60 * Instants.DAY;

    private transient ValueState<Completion> dispatch;
    private transient ValueState<Long> deliveredAt;
    private transient ValueState<Long> expiry;

    /** An order's dispatch, or the delivery of a shipment for an order: the two sides, keyed by orderId. */
    public static boolean joins(Completion c) {
        return c.orderId != null && (c.kind == Completion.Kind.ORDER_DISPATCH || c.kind == Completion.Kind.SHIPMENT);
    }

    @Override
    public void open(OpenContext context) {
        dispatch = getRuntimeContext().getState(
                new ValueStateDescriptor<>("order-dispatch", TypeInformation.of(Completion.class)));
        deliveredAt = getRuntimeContext().getState(new ValueStateDescriptor<>("delivered-at", Types.LONG));
        expiry = getRuntimeContext().getState(new ValueStateDescriptor<>("expiry", Types.LONG));
    }

    @Override
    public void processElement(Completion c, Context ctx, Collector<Completion> out) throws Exception {
        if (c.kind == Completion.Kind.ORDER_DISPATCH) {
            dispatch.update(c);
        } else if (deliveredAt.value() == null) {
            deliveredAt.update(c.at);
        }
        if (dispatch.value() != null && deliveredAt.value() != null) {
            out.collect(Completion.delivered(dispatch.value(), deliveredAt.value()));
            clear(ctx);
        } else if (expiry.value() == null) {
            long at = c.at + WAIT;
            expiry.update(at);
            ctx.timerService().registerEventTimeTimer(at);
        }
    }

    /** The other side never came: forget the one that did. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Completion> out) {
        forget();
    }

    private void clear(Context ctx) throws Exception {
        ctx.timerService().deleteEventTimeTimer(expiry.value());
        forget();
    }

    private void forget() {
        dispatch.clear();
        deliveredAt.clear();
        expiry.clear();
    }
}
