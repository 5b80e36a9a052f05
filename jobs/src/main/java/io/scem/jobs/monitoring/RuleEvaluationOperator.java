package io.scem.jobs.monitoring;

import io.scem.core.alert.Alert;
import io.scem.core.entity.EntityFact;
import io.scem.core.entity.EntityKeys;
import io.scem.core.entity.EntityKind;
import io.scem.core.entity.StockLevel;
import io.scem.core.event.DeadLetter;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import io.scem.core.rules.RuleEngine;
import io.scem.core.rules.RuleSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The heart of the monitoring job. Keyed by entity: it keeps each entity's state (Flink owns it,
 * checkpointed), holds events back until the watermark passes them so that they are applied in
 * event-time order (ties in arrival order), and feeds the resulting facts to one Esper
 * {@link RuleEngine} per subtask, whose clock follows the watermark. Input 2 carries the
 * end-of-input clocks of bounded inputs (broadcast), so that a replay's clock stops at its last
 * event on every subtask.
 *
 * <p>Esper's own state is not checkpointed. After a restore the engine is rebuilt from the latest
 * fact of every entity, replayed muted up to the restored clock: patterns that wait for a
 * deadline are re-armed, and what already fired before the checkpoint is not raised again.
 *
 * <p>Held-back events wait in one queue per subtask (not in keyed state with a timer each: that
 * cost two state writes, a timer and a heap operation per event). The queue is checkpointed as
 * union list state so that, after rescaling, each subtask takes back the events of its key groups.
 *
 * <p>Outputs: rule signals (to the alert lifecycle); side outputs: late events as dead letters,
 * and every stock level (for metrics).
 */
public class RuleEvaluationOperator extends AbstractStreamOperator<Alert>
        implements TwoInputStreamOperator<KeyedEvent, Long, Alert>, Triggerable<String, VoidNamespace> {

    public static final OutputTag<DeadLetter> LATE = new OutputTag<>("late-events", TypeInformation.of(DeadLetter.class));
    public static final OutputTag<StockLevel> STOCK_LEVELS =
            new OutputTag<>("stock-levels", TypeInformation.of(StockLevel.class));

    private final RuleSet rules;
    private final long dedupHorizon;
    private final long closedRetention;

    private transient ValueState<EntityState> entities;
    private transient InternalTimerService<VoidNamespace> timers;

    /** Events waiting for the watermark: see {@link HeldEvents}. */
    private transient HeldEvents held;
    private transient ListState<KeyedEvent> heldState;

    /** Event time up to which rules have run (the last watermark applied); checkpointed. */
    private transient ListState<Long> clockState;
    private transient long clock;
    /** The last watermark: events at or before it have been released, later arrivals are late. */
    private transient long releasedUpTo;
    private transient long timersAdvancedTo;
    private transient long endOfInputClock;
    private transient RuleEngine engine;

    private static final ValueStateDescriptor<EntityState> ENTITIES =
            new ValueStateDescriptor<>("entities", EntityState.class);

    public RuleEvaluationOperator(RuleSet rules, JobSettings settings) {
        this.rules = rules;
        this.dedupHorizon = settings.dedupHorizon().toMillis();
        this.closedRetention = Math.max(settings.closedEntityRetention().toMillis(), dedupHorizon);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        clockState = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("rule-clock", Long.class));
        clock = Long.MIN_VALUE;
        for (Long restored : clockState.get()) {
            // Union state: every subtask sees all clocks; they are equal but for in-flight skew,
            // and the smallest is the one no subtask has gone beyond.
            clock = clock == Long.MIN_VALUE ? restored : Math.min(clock, restored);
        }
        releasedUpTo = clock;
        timersAdvancedTo = clock;
        entities = getPartitionedState(ENTITIES);

        held = new HeldEvents();
        heldState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("held-events", TypeInformation.of(KeyedEvent.class)));
        var task = getRuntimeContext().getTaskInfo();
        int maxParallelism = task.getMaxNumberOfParallelSubtasks();
        KeyGroupRange mine = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                maxParallelism, task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask());
        for (KeyedEvent restored : heldState.get()) {
            if (mine.contains(KeyGroupRangeAssignment.assignToKeyGroup(restored.entityKey, maxParallelism))) {
                held.add(restored);
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        timers = getInternalTimerService("entity-cleanup", VoidNamespaceSerializer.INSTANCE, this);
        endOfInputClock = Long.MIN_VALUE;
        String uri = "scem-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + "-" + UUID.randomUUID();
        List<EntityFact> latestFacts = clock == Long.MIN_VALUE ? List.of() : latestFactOfEveryEntity();
        long start = latestFacts.isEmpty() ? Math.max(clock, 0) : latestFacts.get(0).occurredAt - 1;
        engine = new RuleEngine(rules, uri, start, this::emitSignal);
        if (!latestFacts.isEmpty()) {
            engine.setMuted(true);
            for (EntityFact fact : latestFacts) {
                engine.insert(fact);
            }
            engine.advanceTo(clock);
            engine.setMuted(false);
        }
    }

    private List<EntityFact> latestFactOfEveryEntity() throws Exception {
        List<EntityFact> facts = new ArrayList<>();
        getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, ENTITIES,
                (key, state) -> {
                    EntityState entity = state.value();
                    if (entity != null && entity.fact() != null) facts.add(entity.fact().rearmed());
                });
        facts.sort(Comparator.comparingLong(f -> f.occurredAt));
        return facts;
    }

    @Override
    public void processElement1(StreamRecord<KeyedEvent> record) throws Exception {
        KeyedEvent keyed = record.getValue();
        SupplyEvent event = keyed.event;
        if (event.occurredAt <= releasedUpTo) {
            // The intake already dead-letters events beyond the bound; this catches what slips
            // through after a restore (the intake forgot what it saw) or from an idle partition.
            output.collect(LATE, new StreamRecord<>(new DeadLetter(
                    "late: occurredAt " + Instants.format(event.occurredAt) + " is behind the rule clock "
                            + Instants.format(releasedUpTo),
                    event.toString(), "rule-evaluation", event.sequence)));
            return;
        }
        held.add(keyed);
    }

    /** End-of-input clock of one bounded input; the replay's clock stops at the newest of them. */
    @Override
    public void processElement2(StreamRecord<Long> record) {
        endOfInputClock = Math.max(endOfInputClock, record.getValue());
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long watermark = mark.getTimestamp();
        KeyedEvent next;
        while ((next = held.pollUpTo(watermark)) != null) {
            // Cleanup timers due before this event run first: time moves in one order for all.
            advanceTimers(next.event.occurredAt - 1);
            setCurrentKey(next.entityKey);
            apply(next.entityKey, next.event);
        }
        advanceTimers(watermark);
        releasedUpTo = Math.max(releasedUpTo, watermark);
        long target = watermark;
        if (target == Long.MAX_VALUE) {
            // End of a bounded input: the clock stops at its newest event, exclusive, so a
            // deadline at or after the last event time is not (yet) missed.
            target = endOfInputClock == Long.MIN_VALUE ? clock : endOfInputClock - 1;
        }
        if (target > clock) {
            engine.advanceTo(target);
            clock = target;
        }
        output.emitWatermark(mark);
    }

    /** Applies one released event to its entity, unless the entity has seen its eventId. */
    private void apply(String key, SupplyEvent event) throws Exception {
        EntityState entity = entities.value();
        if (entity == null) {
            entity = new EntityState();
        }
        if (!entity.recentEventIds.addIfAbsent(event.eventId, event.occurredAt, event.occurredAt - dedupHorizon)) {
            return;
        }
        EntityKind kind = EntityKeys.kindOf(key);
        EntityFact fact = kind.apply(entity.fact(), event);
        entity.setFact(kind, fact);
        if (!fact.isOpen() && entity.cleanupAt == null) {
            entity.cleanupAt = event.occurredAt + closedRetention;
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, entity.cleanupAt);
        }
        entities.update(entity);
        engine.insert(fact);
        if (fact instanceof StockLevel level) {
            output.collect(STOCK_LEVELS, new StreamRecord<>(level, event.occurredAt));
        }
    }

    private void advanceTimers(long time) throws Exception {
        if (time > timersAdvancedTo && getTimeServiceManager().isPresent()) {
            getTimeServiceManager().get().advanceWatermark(new Watermark(time));
            timersAdvancedTo = time;
        }
    }

    /** A closed entity's retention has passed: forget it entirely. */
    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        EntityState entity = entities.value();
        if (entity != null && entity.cleanupAt != null && entity.cleanupAt == timer.getTimestamp()) {
            entities.clear();
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

    private void emitSignal(Alert signal) {
        output.collect(new StreamRecord<>(signal, signal.at));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        clockState.update(List.of(clock));
        heldState.update(held.inOrder());
    }

    @Override
    public void close() throws Exception {
        if (engine != null) {
            engine.close();
        }
        super.close();
    }
}
