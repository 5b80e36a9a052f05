package io.scem.jobs.orders;

import io.scem.core.cost.CostModel;
import io.scem.core.order.OrderSignal;
import io.scem.core.order.OrderStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps the {@link OrderStatus} of every order, keyed by orderId, and puts out each change.
 *
 * <p>Signals come from two rule-stage entities (the order and its shipment) and from the alerts,
 * each on its own way, so they may arrive out of event-time order. They wait until the watermark
 * passes their time (one event-time timer per distinct time) and are then applied in time order,
 * the order's own facts before its shipment's and alerts at one time ({@link OrderSignal#rank}):
 * every replay, at any parallelism, publishes the same changes in the same order. After the
 * signals of one time, a placed order with no ORDER_AT_RISK open becomes ALLOCATED.
 *
 * <p>Timers besides those: the promise (LATE when it passes without a delivery) and the release,
 * {@code retention} after the order ended (only when it ended is kept meanwhile: the status is
 * final, and what still comes about the order is dropped), or once its status has not changed for
 * {@code idleTtl} (an order whose shipment was lost never ends). A released order's state and
 * timers are gone. The last status of an open order released goes to {@link #RELEASED}, as does
 * that of every open order at the end of a bounded input: with {@link #ENDED}, that is how a
 * replay writes the latest status of every order.
 *
 * <p>Input 2 is the end-of-input clock of a bounded input (broadcast): at the end Flink fires
 * every timer, and a promise at or after the replay's last event has not passed.
 *
 * <p>Outputs: every change of a status (published to {@code scem.order-status}); side outputs
 * {@link #ENDED}, the status at its delivery or cancellation, priced (for the order KPIs), and
 * {@link #RELEASED}.
 */
public class OrderStatusFunction extends KeyedBroadcastProcessFunction<String, OrderSignal, Long, OrderStatus> {
    public static final OutputTag<OrderStatus> ENDED =
            new OutputTag<>("orders-ended", TypeInformation.of(OrderStatus.class));
    public static final OutputTag<OrderStatus> RELEASED =
            new OutputTag<>("orders-released", TypeInformation.of(OrderStatus.class));
    /** The newest end-of-input clock of the bounded inputs (one entry, broadcast state). */
    public static final MapStateDescriptor<String, Long> END_OF_INPUT =
            new MapStateDescriptor<>("order-status-end-of-input", Types.STRING, Types.LONG);
    private static final String END = "end";
    /** An open order never forgotten (no idle TTL) is still released at the end of a bounded input. */
    static final long AT_END_ONLY = Long.MAX_VALUE - 1;

    private static final Comparator<OrderSignal> BY_RANK = Comparator.comparingInt(OrderSignal::rank);

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

    private final CostModel costs;
    private final long retention;
    private final long idleTtl;

    private transient ValueState<OrderStatus> status;
    private transient MapState<Long, List<OrderSignal>> pending;
    private transient ValueState<Timers> timers;

    /**
     * @param retention how long (event time) an ended order is kept, to take what still comes about it
     * @param idleTtl how long the status of an order that has not ended may stay unchanged before it is released; 0: never
     */
    public OrderStatusFunction(CostModel costs, long retention, long idleTtl) {
        this.costs = costs;
        this.retention = retention;
        this.idleTtl = idleTtl;
    }

    @Override
    public void open(OpenContext context) {
        status = getRuntimeContext().getState(new ValueStateDescriptor<>("order-status", TypeInformation.of(OrderStatus.class)));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("order-signals", Types.LONG,
                Types.LIST(TypeInformation.of(OrderSignal.class))));
        timers = getRuntimeContext().getState(new ValueStateDescriptor<>("order-timers", TypeInformation.of(Timers.class)));
    }

    @Override
    public void processElement(OrderSignal signal, ReadOnlyContext ctx, Collector<OrderStatus> out) throws Exception {
        Timers armed = timers.value();
        if (armed != null && armed.endedAt != null) {
            return; // the order ended: what still comes about it within the retention changes nothing
        }
        List<OrderSignal> at = pending.get(signal.at);
        if (at == null) {
            at = new ArrayList<>(2);
            // One timer per distinct time; one behind the watermark (a held RESOLVED of an alert
            // comes stamped with when it cleared) fires at the next watermark.
            ctx.timerService().registerEventTimeTimer(signal.at);
        }
        at.add(signal);
        pending.put(signal.at, at);
    }

    @Override
    public void processBroadcastElement(Long endOfInput, Context ctx, Collector<OrderStatus> out) throws Exception {
        BroadcastState<String, Long> end = ctx.getBroadcastState(END_OF_INPUT);
        Long known = end.get(END);
        end.put(END, known == null ? endOfInput : Math.max(known, endOfInput));
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<OrderStatus> out) throws Exception {
        OrderStatus s = status.value();
        Timers armed = timers.value();
        if (armed == null) armed = new Timers();
        if (armed.endedAt != null) {
            // Ended: only the retention's timer is left (and those of signals that came before the end).
            pending.remove(time);
            if (armed.releaseAt == time) forget(armed, ctx.timerService());
            return;
        }
        boolean changed = false;
        boolean endedBefore = s != null && s.hasEnded();
        List<OrderSignal> due = pending.get(time);
        if (due != null) {
            pending.remove(time);
            if (s == null) s = OrderStatus.of(ctx.getCurrentKey());
            due.sort(BY_RANK);
            for (OrderSignal signal : due) changed |= s.apply(signal);
            changed |= s.allocateIfClear(time);
        }
        if (s == null || !s.isKnown()) {
            // Only an alert about an order never seen (or already released): nothing to keep.
            return;
        }
        if (armed.lateAt != null && armed.lateAt == time) {
            armed.lateAt = null;
            if (promiseReached(time, ctx)) changed |= s.promisePassed(time);
        }
        if (!endedBefore && s.hasEnded()) {
            if (s.deliveredAt != null) {
                CostModel.Priced priced = costs.price(s);
                s.priced(priced.cost(), priced.unknown());
            }
            ctx.output(ENDED, s.copy());
        }
        if (changed) out.collect(s.copy());
        if (s.hasEnded()) {
            keepOnlyTheEnd(s, armed, ctx.timerService());
            return;
        }
        if (armed.releaseAt != null && armed.releaseAt == time) {
            if (isReleased(s, time, ctx)) {
                release(s, armed, ctx);
                return;
            }
            armed.releaseAt = null; // it heard something since: re-armed from its latest change below
        }
        arm(s, armed, ctx.timerService(), promisesBefore(ctx));
        status.update(s);
        timers.update(armed);
    }

    /** A promise at {@code time} has passed, unless the input ended before it (Flink fires every timer then). */
    private static boolean promiseReached(long time, OnTimerContext ctx) throws Exception {
        return time < promisesBefore(ctx);
    }

    /**
     * Promises before this time can pass: all while the input goes on; at the end of a bounded
     * input (watermark MAX) only those before its last event, as the rule clock stops just
     * before it (none if the end's clock is unknown: the clock then stays where it was).
     */
    private static long promisesBefore(OnTimerContext ctx) throws Exception {
        if (ctx.currentWatermark() != Long.MAX_VALUE) return Long.MAX_VALUE;
        Long end = ctx.getBroadcastState(END_OF_INPUT).get(END);
        return end == null ? Long.MIN_VALUE : end;
    }

    /** An open order is let go of when it has been idle for the TTL, or when the input ended. */
    private boolean isReleased(OrderStatus s, long time, OnTimerContext ctx) {
        return ctx.currentWatermark() == Long.MAX_VALUE || idleTtl > 0 && s.updatedAt + idleTtl <= time;
    }

    /**
     * An ended order's status is final and published ({@link #ENDED} has it): only when it ended
     * is kept, for the retention, so that stragglers (a cancellation after the delivery, an alert
     * resolving late) do not start a new status. A few bytes instead of the whole status: there
     * are as many ended orders in their retention as orders placed in a day.
     */
    private void keepOnlyTheEnd(OrderStatus s, Timers armed, TimerService timerService) throws Exception {
        Long late = armed.lateAt;
        Long idle = armed.releaseAt;
        armed.lateAt = null;
        armed.releaseAt = s.endedAt() + retention;
        armed.endedAt = s.endedAt();
        drop(late, armed, timerService);
        drop(idle, armed, timerService);
        timerService.registerEventTimeTimer(armed.releaseAt);
        status.clear();
        timers.update(armed);
    }

    /**
     * The promise timer while the order may still be late, for a promise before {@code
     * promisesBefore}; the release timer at its current time. (At the end of a bounded input every
     * timer fires at once, in time order, those armed meanwhile too: a promise after the end armed
     * then would fire at once, again and again.)
     */
    private void arm(OrderStatus s, Timers armed, TimerService timerService, long promisesBefore) throws Exception {
        Long late = !s.late && !s.hasEnded() && s.promisedAt != null && s.promisedAt < promisesBefore ? s.promisedAt : null;
        if (!Objects.equals(late, armed.lateAt)) {
            Long old = armed.lateAt;
            armed.lateAt = late;
            drop(old, armed, timerService);
            if (late != null) timerService.registerEventTimeTimer(late);
        }
        long release = idleTtl > 0 ? s.updatedAt + idleTtl : AT_END_ONLY;
        // The idle timer is re-armed only when it fires, not at every change.
        if (armed.releaseAt == null) {
            Long old = armed.releaseAt;
            armed.releaseAt = release;
            drop(old, armed, timerService);
            timerService.registerEventTimeTimer(release);
        }
    }

    /** Deletes the timer at {@code time} unless a purpose still needs it (timers of one key and time are one). */
    private void drop(Long time, Timers armed, TimerService timerService) throws Exception {
        if (time == null || time.equals(armed.lateAt) || time.equals(armed.releaseAt) || pending.contains(time)) return;
        timerService.deleteEventTimeTimer(time);
    }

    private void release(OrderStatus s, Timers armed, OnTimerContext ctx) throws Exception {
        ctx.output(RELEASED, s.copy());
        forget(armed, ctx.timerService());
    }

    private void forget(Timers armed, TimerService timerService) throws Exception {
        if (armed.lateAt != null) timerService.deleteEventTimeTimer(armed.lateAt);
        for (Long time : pending.keys()) timerService.deleteEventTimeTimer(time);
        status.clear();
        pending.clear();
        timers.clear();
    }
}
