package io.scem.jobs.orders;

import io.scem.core.cost.CostModel;
import io.scem.core.order.OrderSignal;
import io.scem.core.order.OrderStatus;
import io.scem.jobs.monitoring.HeldInCheckpoints;
import io.scem.jobs.monitoring.LazyTimers;
import io.scem.jobs.monitoring.OwnKeyGroups;
import io.scem.jobs.orders.OrderStatusFunction.Timers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Keeps the {@link OrderStatus} of every order, keyed by orderId, and puts out each change.
 *
 * <p>Signals come from two rule-stage entities (the order and its shipment) and from the alerts,
 * each on its own way, so they may arrive out of event-time order. They wait in one queue per
 * subtask ({@link HeldSignals}) until the watermark passes their time, and are then applied in
 * time order, the order's own facts before its shipment's and alerts at one time ({@link
 * OrderSignal#rank}): every
 * replay, at any parallelism, publishes the same changes in the same order. After the signals of
 * one time, a placed order with no ORDER_AT_RISK open becomes ALLOCATED. (Up to 0.1.0 each
 * signal waited in keyed state with an event-time timer per distinct time: the timers alone were
 * more than half of this stage's time. A restored savepoint of then has its held signals moved to
 * the queue.) The queue is checkpointed as union list state: after rescaling, each subtask takes
 * back the signals of its key groups.
 *
 * <p>Timers per order ({@link LazyTimers}, rebuilt from each order's {@link Timers} state at a
 * restore), fired in time order with the queue: the promise (LATE when it passes without a
 * delivery) and the release, {@code retention} after the order ended (only when it
 * ended is kept meanwhile: the status is final, and what still comes about the order is dropped),
 * or once its status has not changed for {@code idleTtl} (an order whose shipment was lost never
 * ends). A released order's state and timers are gone. The last status of an open order released
 * goes to {@link #RELEASED}, as does that of every open order at the end of a bounded input: with
 * {@link #ENDED}, that is how a replay writes the latest status of every order.
 *
 * <p>Input 2 is the end-of-input clock of a bounded input (broadcast): at the end the watermark
 * jumps to its maximum, and a promise at or after the replay's last event has not passed.
 *
 * <p>Outputs: every change of a status (published to {@code scem.order-status}); side outputs
 * {@link #ENDED}, the status at its delivery or cancellation, priced (for the order KPIs), and
 * {@link #RELEASED}.
 */
public class OrderStatusOperator extends AbstractStreamOperator<OrderStatus>
        implements TwoInputStreamOperator<OrderSignal, Long, OrderStatus>, Triggerable<String, VoidNamespace> {
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

    // State names and timer service as 0.1.0's keyed broadcast process function had them, so
    // that its savepoints restore.
    private static final ValueStateDescriptor<OrderStatus> STATUS =
            new ValueStateDescriptor<>("order-status", TypeInformation.of(OrderStatus.class));
    private static final ValueStateDescriptor<Timers> TIMERS =
            new ValueStateDescriptor<>("order-timers", TypeInformation.of(Timers.class));
    /** Signals held by 0.1.0, per order and time: only read at a restore, to move them to the queue. */
    private static final MapStateDescriptor<Long, List<OrderSignal>> SIGNALS_OF_0_1_0 = new MapStateDescriptor<>(
            "order-signals", Types.LONG, Types.LIST(TypeInformation.of(OrderSignal.class)));
    private static final String TIMER_SERVICE = "user-timers";

    private final CostModel costs;
    private final long retention;
    private final long idleTtl;

    private transient ValueState<OrderStatus> status;
    /** The times each order's timers are armed for (its promise, its release). */
    private transient ValueState<Timers> timers;
    /** The same timers, earliest first: an entry whose time the order's {@link Timers} no longer names is stale. */
    private transient LazyTimers orderTimers;
    private transient BroadcastState<String, Long> endOfInput;

    /** Signals waiting for the watermark. */
    private transient HeldSignals held;
    private transient HeldInCheckpoints<OrderSignal> heldState;
    private transient long timersAdvancedTo;
    /** True while the watermark that ends a bounded input is applied. */
    private transient boolean inputEnded;

    /**
     * @param retention how long (event time) an ended order is kept, to take what still comes about it
     * @param idleTtl how long the status of an order that has not ended may stay unchanged before it is released; 0: never
     */
    public OrderStatusOperator(CostModel costs, long retention, long idleTtl) {
        this.costs = costs;
        this.retention = retention;
        this.idleTtl = idleTtl;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        endOfInput = context.getOperatorStateStore().getBroadcastState(END_OF_INPUT);
        held = new HeldSignals();
        // Earlier checkpoints hold one element per signal, in its POJO form; now the wire form.
        heldState = new HeldInCheckpoints<>(context.getOperatorStateStore(), "order-status-held-signals-by-subtask",
                OrderSignalWire.TYPE, "order-status-held-signals", TypeInformation.of(OrderSignal.class));
        OwnKeyGroups mine = OwnKeyGroups.of(getRuntimeContext().getTaskInfo());
        for (OrderSignal restored : heldState.takeRestored()) {
            if (mine.owns(restored.orderId)) held.add(restored);
        }
        timersAdvancedTo = Long.MIN_VALUE;
    }

    @Override
    public void open() throws Exception {
        super.open();
        status = getPartitionedState(STATUS);
        timers = getPartitionedState(TIMERS);
        // Savepoints of earlier versions (0.1.0 among them) hold Flink timers here: they fire only
        // if the service is asked for, and do what the rebuilt ones would, once.
        getInternalTimerService(TIMER_SERVICE, VoidNamespaceSerializer.INSTANCE, this);
        orderTimers = new LazyTimers();
        getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, TIMERS,
                (orderId, state) -> {
                    Timers armed = state.value();
                    if (armed == null) return;
                    queueTimer((String) orderId, armed.lateAt);
                    queueTimer((String) orderId, armed.releaseAt);
                });
        moveSignalsHeldBy010();
    }

    /**
     * A 0.1.0 savepoint holds waiting signals in keyed state: they join the queue (its timers at
     * their times then fire with nothing to apply, which changes nothing).
     */
    private void moveSignalsHeldBy010() throws Exception {
        getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, SIGNALS_OF_0_1_0,
                (orderId, signals) -> {
                    for (Map.Entry<Long, List<OrderSignal>> at : signals.entries()) at.getValue().forEach(held::add);
                    signals.clear();
                });
    }

    @Override
    public void processElement1(StreamRecord<OrderSignal> record) {
        held.add(record.getValue());
    }

    @Override
    public void processElement2(StreamRecord<Long> record) throws Exception {
        Long known = endOfInput.get(END);
        endOfInput.put(END, known == null ? record.getValue() : Math.max(known, record.getValue()));
    }

    /**
     * Applies the held signals at or before the watermark and fires the timers up to it, in time
     * order: timers before a signal's time fire before it, those at its time after it (a signal
     * that comes behind the watermark, such as a held RESOLVED stamped with when its alert
     * cleared, is applied at the next one).
     */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long watermark = mark.getTimestamp();
        inputEnded = watermark == Long.MAX_VALUE;
        for (List<OrderSignal> due = held.pollNextDue(watermark); !due.isEmpty(); due = held.pollNextDue(watermark)) {
            OrderSignal head = due.get(0);
            advanceTimers(head.at - 1);
            setCurrentKey(head.orderId);
            step(head.at, due);
        }
        advanceTimers(watermark);
        output.emitWatermark(mark);
    }

    private void advanceTimers(long time) throws Exception {
        if (time <= timersAdvancedTo) return;
        getTimeServiceManager().orElseThrow().advanceWatermark(new Watermark(time));
        for (LazyTimers.Due due; (due = orderTimers.pollDue(time)) != null; ) {
            setCurrentKey(due.key());
            fireIfArmed(due.at());
        }
        if (time >= AT_END_ONLY) releaseTheRest();
        orderTimers.dropStaleIfGrown(this::isArmed);
        timersAdvancedTo = time;
    }

    private boolean isArmed(LazyTimers.Due due) {
        setCurrentKey(due.key());
        try {
            return waitsFor(timers.value(), due.at());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the state backend failed: the task restarts from a checkpoint
        }
    }

    /** At the end of a bounded input, the orders kept until then (no idle TTL, so no queued timer), by orderId. */
    private void releaseTheRest() throws Exception {
        List<String> keptToTheEnd = new ArrayList<>();
        getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, TIMERS,
                (orderId, state) -> {
                    Timers armed = state.value();
                    if (armed != null && Objects.equals(armed.releaseAt, AT_END_ONLY)) keptToTheEnd.add((String) orderId);
                });
        keptToTheEnd.sort(null);
        for (String orderId : keptToTheEnd) {
            setCurrentKey(orderId);
            fireIfArmed(AT_END_ONLY);
        }
    }

    /** A Flink timer of an older savepoint. */
    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        fireIfArmed(timer.getTimestamp());
    }

    /** The promise or the release of the current order, if it still waits for {@code time}. */
    private void fireIfArmed(long time) throws Exception {
        if (waitsFor(timers.value(), time)) step(time, List.of());
    }

    private static boolean waitsFor(Timers armed, long time) {
        return armed != null && (Objects.equals(armed.lateAt, time) || Objects.equals(armed.releaseAt, time));
    }

    /** Timers in the queue, stale ones included (for tests: none may outlive its order for long). */
    int timersQueued() {
        return orderTimers.all().size();
    }

    /** Promise and release timers armed and not yet fired (for tests: none may be left behind). */
    int timersArmed() {
        return (int) orderTimers.all().stream().filter(this::isArmed).count();
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

    /** What happens to the current order at {@code time}: its signals of that time ({@code due}, by rank), then its timers of that time. */
    private void step(long time, List<OrderSignal> due) throws Exception {
        OrderStatus s = status.value();
        // A timer of this time fires in this step, signals or not: the step moves the time it
        // names on, which leaves the timer stale.
        Timers armed = timers.value();
        if (armed == null) armed = new Timers();
        if (armed.endedAt != null) {
            // Ended: what still comes about it within the retention changes nothing; only the retention's timer is left.
            if (armed.releaseAt == time) forget();
            return;
        }
        boolean changed = false;
        boolean endedBefore = s != null && s.hasEnded();
        if (!due.isEmpty()) {
            if (s == null) s = OrderStatus.of((String) getCurrentKey());
            for (OrderSignal signal : due) changed |= s.apply(signal);
            changed |= s.allocateIfClear(time);
        }
        if (s == null || !s.isKnown()) {
            // Only an alert about an order never seen (or already released): nothing to keep.
            return;
        }
        if (armed.lateAt != null && armed.lateAt == time) {
            armed.lateAt = null;
            if (time < promisesBefore()) changed |= s.promisePassed(time);
        }
        if (!endedBefore && s.hasEnded()) {
            if (s.deliveredAt != null) {
                CostModel.Priced priced = costs.price(s);
                s.priced(priced.cost(), priced.unknown());
            }
            output.collect(ENDED, new StreamRecord<>(s.copy(), time));
        }
        if (changed) output.collect(new StreamRecord<>(s.copy(), time));
        if (s.hasEnded()) {
            keepOnlyTheEnd(s, armed);
            return;
        }
        if (armed.releaseAt != null && armed.releaseAt == time) {
            if (inputEnded || idleTtl > 0 && s.updatedAt + idleTtl <= time) {
                output.collect(RELEASED, new StreamRecord<>(s.copy(), time));
                forget();
                return;
            }
            armed.releaseAt = null; // it heard something since: re-armed from its latest change below
        }
        arm(s, armed);
        status.update(s);
        timers.update(armed);
    }

    /**
     * Promises before this time can pass: all while the input goes on; at the end of a bounded
     * input only those before its last event, as the rule clock stops just before it (none if the
     * end's clock is unknown: the clock then stays where it was).
     */
    private long promisesBefore() throws Exception {
        if (!inputEnded) return Long.MAX_VALUE;
        Long end = endOfInput.get(END);
        return end == null ? Long.MIN_VALUE : end;
    }

    /**
     * An ended order's status is final and published ({@link #ENDED} has it): only when it ended
     * is kept, for the retention, so that stragglers (a cancellation after the delivery, an alert
     * resolving late) do not start a new status. A few bytes instead of the whole status: there
     * are as many ended orders in their retention as orders placed in a day.
     */
    private void keepOnlyTheEnd(OrderStatus s, Timers armed) throws Exception {
        armed.lateAt = null;
        armed.releaseAt = s.endedAt() + retention;
        armed.endedAt = s.endedAt();
        queueTimer((String) getCurrentKey(), armed.releaseAt);
        status.clear();
        timers.update(armed);
    }

    /**
     * The promise timer while the order may still be late, for a promise that can pass; the
     * release timer at its current time. (At the end of a bounded input every timer fires, those
     * armed meanwhile too: a promise after the end armed then would fire at once, again and again.)
     */
    private void arm(OrderStatus s, Timers armed) throws Exception {
        Long late = !s.late && !s.hasEnded() && s.promisedAt != null && s.promisedAt < promisesBefore() ? s.promisedAt : null;
        if (!Objects.equals(late, armed.lateAt)) {
            armed.lateAt = late;
            queueTimer((String) getCurrentKey(), late);
        }
        // The idle timer is re-armed only when it fires, not at every change.
        if (armed.releaseAt == null) {
            armed.releaseAt = idleTtl > 0 ? s.updatedAt + idleTtl : AT_END_ONLY;
            queueTimer((String) getCurrentKey(), armed.releaseAt);
        }
    }

    /**
     * Queues the timer of {@code orderId} at {@code at}, if any; none at {@link #AT_END_ONLY}: in
     * an unbounded input it would never fire, and would outlive the order (see {@link #releaseTheRest}).
     */
    private void queueTimer(String orderId, Long at) {
        if (at != null && at != AT_END_ONLY) orderTimers.add(orderId, at);
    }

    /** The order's state goes, and with it what its timers wait for. */
    private void forget() {
        status.clear();
        timers.clear();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        heldState.update(held.inOrder());
    }
}
