package io.scem.jobs.monitoring;

import io.scem.core.alert.Alert;
import io.scem.core.atp.AtpBook;
import io.scem.core.atp.AtpProfile;
import io.scem.core.atp.OrderAtRisk;
import io.scem.core.entity.CustomerOrder;
import io.scem.core.entity.DerivedEvents;
import io.scem.core.entity.EntityFact;
import io.scem.core.kpi.Completion;
import io.scem.core.order.OrderSignal;
import io.scem.core.kpi.Completions;
import io.scem.core.entity.EntityKeys;
import io.scem.core.entity.EntityState;
import io.scem.core.entity.IdleEntities;
import io.scem.core.entity.StockLevel;
import io.scem.core.event.DeadLetter;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import io.scem.core.rules.RaisedConditions;
import io.scem.core.rules.RuleDirectory;
import io.scem.core.rules.RuleEngine;
import io.scem.core.rules.RuleFailing;
import io.scem.core.rules.RuleProblem;
import io.scem.core.rules.RuleRejection;
import io.scem.core.rules.RuleSet;
import io.scem.jobs.orders.OrderSignalWire;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.InternalTimeServiceManager;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;
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
 * fact of every entity up to the restored clock ({@link RuleEngine#rebuild}): patterns that wait
 * for a deadline are re-armed, and what already fired before the checkpoint is not raised again.
 * Changed rule files are applied the same way while the job runs ({@link RuleReload}): a
 * background thread compiles the rules directory when it changes, and the task thread swaps in
 * an engine rebuilt with the new rules; a file that does not compile is reported as a
 * RULE_REJECTED alert (by subtask 0) and its previous version keeps running.
 *
 * <p>Held-back events wait in one queue per subtask (not in keyed state with a timer each: that
 * cost two state writes, a timer and a heap operation per event). The queue is checkpointed as
 * union list state so that, after rescaling, each subtask takes back the events of its key groups.
 *
 * <p>The job runs two of these stages: the first keeps the entities that events name (orders, POs,
 * work orders, shipments, lines), the second the ones other entities feed as well (stock and
 * supplier records, see {@link DerivedEvents}): it takes their events from the input and the
 * derived events the first stage passes on.
 *
 * <p>Outputs: rule signals (to the alert lifecycle; a RESOLVED only of a condition this subtask
 * raised and has not resolved, see {@link RaisedConditions}); side outputs: late events as dead letters,
 * stock levels after each movement (for metrics), derived events (to the second stage), for
 * the ATP book each stock's profile after it changed and the order changes it needs, and the
 * facts of customer orders and their shipments (to the order status).
 */
public class RuleEvaluationOperator extends AbstractStreamOperator<Alert>
        implements TwoInputStreamOperator<KeyedEvent, Long, Alert>, Triggerable<String, VoidNamespace> {

    public static final OutputTag<DeadLetter> LATE = new OutputTag<>("late-events", TypeInformation.of(DeadLetter.class));
    /** Rules that a reload removed (from subtask 0): the alert lifecycle resolves their open alerts. */
    /**
     * The job accumulator that counts rule statements failing at run time (each skipped for that
     * fact, or, for a filter, the fact skipped by every rule: {@link io.scem.core.rules.RuleErrors}),
     * summed over both rule stages; Flink's web UI shows it, and a replay prints it.
     */
    public static final String RULE_FAILURES = "rule-failures";
    /**
     * RULE_FAILING as each subtask sees it: a FIRING when a statement of its engine first fails,
     * a RESOLVED when the version that failed no longer runs. {@link FirstRuleFailure} makes one
     * alert of every subtask's.
     */
    public static final OutputTag<Alert> FAILING_RULES = new OutputTag<>("failing-rules", TypeInformation.of(Alert.class));
    /** How many more times each failing rule statement failed, at the watermarks after (for metrics). */
    public static final OutputTag<RuleFailureCount> RULE_FAILURE_COUNTS =
            new OutputTag<>("rule-failure-counts", TypeInformation.of(RuleFailureCount.class));
    public static final OutputTag<RuleRetired> RETIRED_RULES =
            new OutputTag<>("retired-rules", TypeInformation.of(RuleRetired.class));
    /** Stock after each warehouse movement (for metrics). */
    public static final OutputTag<StockLevel> STOCK_LEVELS =
            new OutputTag<>("stock-levels", TypeInformation.of(StockLevel.class));
    /** Events an entity passes on to the stock and suppliers it feeds ({@link DerivedEvents}), for the second rule stage. */
    public static final OutputTag<KeyedEvent> DERIVED = new OutputTag<>("derived-events", MonitoringJob.KEYED_EVENTS);
    /** Entities completing (for the KPIs): a PO received, a work order completed, a shipment delivered, an order dispatched. */
    public static final OutputTag<Completion> COMPLETIONS =
            new OutputTag<>("completions", TypeInformation.of(Completion.class));
    /** A stock's available-to-promise after each change of its on-hand, supply due in or allocations (to the ATP book). */
    public static final OutputTag<AtpProfile> ATP_PROFILES =
            new OutputTag<>("atp-profiles-changed", TypeInformation.of(AtpProfile.class));
    /** Order placements, dispatches and cancellations (to the ATP book, see {@link AtpBook#concerns}). */
    public static final OutputTag<CustomerOrder> ORDERS = new OutputTag<>("orders", TypeInformation.of(CustomerOrder.class));
    /** Each new version of a customer order, or of a shipment that names one (for the order status). */
    public static final OutputTag<OrderSignal> ORDER_SIGNALS =
            new OutputTag<>("order-signals", OrderSignalWire.TYPE);
    /** The primary copy of each event ignored as a repeated eventId (for the duplicate count). */
    public static final OutputTag<SupplyEvent> DUPLICATES =
            new OutputTag<>("duplicates", TypeInformation.of(SupplyEvent.class));

    /** The rules running; replaced when the rules directory changes. */
    private RuleSet rules;
    /** Where and how often to look for changed rule files; null: the rules never change. */
    private final RuleReload reload;
    private final long dedupHorizon;
    private final long closedRetention;
    private final Duration idleEntityTtl;
    /** True for the one stage that reports rule changes (rejected files, retired rules) for the job. */
    private final boolean reportsRuleChanges;
    /**
     * Whether the job follows orders ({@link JobSettings#followOrders}): only then are the ATP
     * book's and the order status stage's inputs made (allocations, profiles, orders, signals).
     */
    private final boolean followOrders;

    private transient ValueState<EntityState> entities;
    /** When each closed entity may be forgotten (its {@link EntityState#cleanupAt}). */
    private transient LazyTimers closed;

    /** Events waiting for the watermark: see {@link HeldEvents}. */
    private transient HeldEvents held;
    private transient HeldInCheckpoints<KeyedEvent> heldState;

    /** Event time up to which rules have run (the last watermark applied); checkpointed. */
    private transient ListState<Long> clockState;
    private transient long clock;
    /** The last watermark: events at or before it have been released, later arrivals are late. */
    private transient long releasedUpTo;
    private transient long timersAdvancedTo;
    /** Flink's timer services if restored timers wait there (null if none), looked up once: {@link #advanceTimers} runs at every event time. */
    private transient InternalTimeServiceManager<?> timeServices;
    private transient long endOfInputClock;
    private transient RuleEngine engine;
    /** {@link #RULE_FAILURES}, and how many of the current engine's failures it has counted, in all and by statement. */
    private transient LongCounter ruleFailures;
    private transient long engineFailuresCounted;
    private transient Map<String, Long> engineFailuresCountedByStatement;
    private transient IdleEntities idle;
    /** Versions of the rule modules that ran up to the restored checkpoint, if any. */
    private transient ListState<String> ruleVersionsState;
    private transient Set<String> restoredRuleVersions;

    /**
     * Set when a job that no longer follows orders is restored: the ORDER_AT_RISK alerts the ATP
     * book left open would never resolve, so the first watermark retires them (see {@link RuleRetired}).
     */
    private transient boolean retireOrderAtRisk;

    private transient ScheduledExecutorService ruleWatcher;
    /** A compiled change of the rules directory, waiting for the task thread to apply it. */
    private transient AtomicReference<RuleDirectory.Change> pendingRules;
    /** Rule files currently rejected (and alerted on, by subtask 0); checkpointed so that a file fixed while the job was down resolves. */
    private transient Set<String> rejectedFiles;
    private transient ListState<String> rejectedFilesState;
    /**
     * The RULE_FAILING keys raised and not resolved (each names the version that failed);
     * checkpointed, so that a file fixed while the job was down resolves, and the same failure
     * of a restored engine is not raised again.
     */
    private transient Set<String> failingRules;
    private transient ListState<String> failingRulesState;
    /** Set by a restore: the first watermark resolves the failures of versions that no longer run. */
    private transient boolean resolveRestoredFailures;
    /**
     * The conditions this subtask's engines raised and have not resolved: a RESOLVED of anything
     * else is dropped before it is built (see {@link RaisedConditions}). Carried across engine
     * swaps and checkpointed.
     */
    private transient RaisedConditions raised;
    private transient RaisedInCheckpoints raisedState;

    private static final ValueStateDescriptor<EntityState> ENTITIES =
            new ValueStateDescriptor<>("entities", EntityState.class);

    public RuleEvaluationOperator(RuleSet rules, JobSettings settings) {
        this(rules, null, settings, true);
    }

    /**
     * @param reportsRuleChanges whether this stage reports rejected rule files and retired rules
     *     (from its subtask 0); the job runs two rule stages and only the first does
     */
    public RuleEvaluationOperator(RuleSet rules, RuleReload reload, JobSettings settings, boolean reportsRuleChanges) {
        this.rules = rules;
        this.reportsRuleChanges = reportsRuleChanges;
        this.reload = reload;
        this.dedupHorizon = settings.dedupHorizon().toMillis();
        this.closedRetention = Math.max(settings.closedEntityRetention().toMillis(), dedupHorizon);
        this.idleEntityTtl = settings.idleEntityTtl();
        this.followOrders = settings.followOrders();
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
        ruleVersionsState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("rule-versions", String.class));
        restoredRuleVersions = new HashSet<>();
        ruleVersionsState.get().forEach(restoredRuleVersions::add);
        rejectedFilesState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("rejected-rule-files", String.class));
        rejectedFiles = new TreeSet<>();
        rejectedFilesState.get().forEach(rejectedFiles::add);
        failingRulesState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("failing-rules", String.class));
        failingRules = new TreeSet<>();
        failingRulesState.get().forEach(failingRules::add);
        raisedState = new RaisedInCheckpoints(context.getOperatorStateStore(), "raised-conditions");
        raised = raisedState.restore(context.isRestored(), getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        entities = getPartitionedState(ENTITIES);

        held = new HeldEvents();
        TypeInformation<KeyedEvent> events = TypeInformation.of(KeyedEvent.class);
        heldState = new HeldInCheckpoints<>(context.getOperatorStateStore(), "held-events-by-subtask", events,
                "held-events", events);
        OwnKeyGroups mine = OwnKeyGroups.of(getRuntimeContext().getTaskInfo());
        for (KeyedEvent restored : heldState.takeRestored()) {
            if (mine.owns(restored.entityKey)) {
                held.add(restored);
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        // Savepoints of earlier versions (0.1.0 among them) hold a Flink timer per closed entity
        // here: they fire only if the service is asked for. No new ones are made, so without
        // restored ones the service is never advanced (it was, at every event time).
        InternalTimerService<VoidNamespace> legacyCleanup =
                getInternalTimerService("entity-cleanup", VoidNamespaceSerializer.INSTANCE, this);
        timeServices = hasEventTimers(legacyCleanup) ? getTimeServiceManager().orElse(null) : null;
        closed = new LazyTimers();
        endOfInputClock = Long.MIN_VALUE;
        pendingRules = new AtomicReference<>();
        if (reload != null) {
            startFollowingRules();
        }
        boolean restored = clock != Long.MIN_VALUE;
        retireOrderAtRisk = restored && !followOrders && reportsForTheJob();
        resolveRestoredFailures = restored;
        idle = new IdleEntities(idleEntityTtl, clock);
        // What ran before the checkpoint raised its alerts then; rule files changed since start
        // from the facts as new rules do. (A checkpoint without versions predates hot reload.)
        Set<String> alreadyRan = !restored ? Set.of()
                : restoredRuleVersions.isEmpty() ? rules.versions() : restoredRuleVersions;
        List<EntityFact> facts = restored ? restoreFromEntities() : List.of();
        ruleFailures = new LongCounter();
        getRuntimeContext().addAccumulator(RULE_FAILURES, ruleFailures);
        engine = RuleEngine.rebuild(rules, newRuntimeUri(), facts, Math.max(clock, 0), alreadyRan, raised, this::emitSignal);
        engineFailuresCounted = 0;
        engineFailuresCountedByStatement = new HashMap<>();
        if (restored) {
            LOG.info("Rule state restored: rebuilt from the latest facts of {} entities up to the clock {}", facts.size(),
                    Instants.format(clock));
        }
    }

    private String newRuntimeUri() {
        return "scem-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + "-" + UUID.randomUUID();
    }

    /**
     * After a restore, in one pass over the entities of the key groups this subtask now owns: the
     * closed ones wait to be forgotten again, the idle sweeps learn the oldest fact, and the latest
     * facts are returned to rebuild Esper.
     */
    private List<EntityFact> restoreFromEntities() throws Exception {
        return latestFactOfEveryEntity((key, entity) -> {
            if (entity.cleanupAt != null) closed.add(key, entity.cleanupAt);
            if (entity.fact() != null) idle.noteFact(entity.fact().occurredAt);
        });
    }

    private List<EntityFact> latestFactOfEveryEntity() throws Exception {
        return latestFactOfEveryEntity((key, entity) -> {});
    }

    /** The latest fact of every entity the rules have seen; {@code alsoVisit} sees every entity on the way. */
    private List<EntityFact> latestFactOfEveryEntity(BiConsumer<String, EntityState> alsoVisit) throws Exception {
        List<EntityFact> facts = new ArrayList<>();
        getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, ENTITIES,
                (key, state) -> {
                    EntityState entity = state.value();
                    if (entity == null) return;
                    alsoVisit.accept((String) key, entity);
                    if (entity.fact() != null && entity.fact().seenByRules()) facts.add(entity.fact());
                });
        return facts;
    }

    /**
     * Compiles the rules directory now (a restore runs the rules as they are, not as they were at
     * submission), then again in the background whenever it changes; a processing-time timer
     * hands each change to the task thread.
     */
    private void startFollowingRules() throws Exception {
        RuleDirectory directory = new RuleDirectory(Path.of(reload.dir()), rules);
        RuleDirectory.Change initial = directory.poll().orElse(new RuleDirectory.Change(null, new TreeMap<>()));
        if (initial.rules() != null) rules = initial.rules();
        // Reported at the first rule check: rejections restored from a checkpoint that no longer
        // hold resolve then.
        pendingRules.set(new RuleDirectory.Change(null, initial.rejected()));
        ruleWatcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "scem-rule-watcher");
            thread.setDaemon(true);
            return thread;
        });
        long interval = reload.interval().toMillis();
        ruleWatcher.scheduleWithFixedDelay(() -> {
            try {
                directory.poll().ifPresent(change -> pendingRules.accumulateAndGet(change,
                        // Rejections are complete in every poll; rules that compiled stay wanted
                        // even if a later poll held its changes back.
                        (older, newer) -> older == null || newer.rules() != null ? newer
                                : new RuleDirectory.Change(older.rules(), newer.rejected())));
            } catch (Exception e) {
                LOG.warn("Cannot read the rules directory {}; the running rules are kept", reload.dir(), e);
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
        scheduleRuleCheck();
    }

    private void scheduleRuleCheck() {
        ProcessingTimeService time = getProcessingTimeService();
        time.registerTimer(time.getCurrentProcessingTime() + reload.interval().toMillis(), now -> {
            applyPendingRules();
            scheduleRuleCheck();
        });
    }

    /** Runs on the task thread, between records: swaps in the new rules and reports rejected files. */
    private void applyPendingRules() throws Exception {
        RuleDirectory.Change change = pendingRules.getAndSet(null);
        if (change == null) {
            return;
        }
        if (change.rules() != null && !change.rules().versions().equals(rules.versions())) {
            long started = System.nanoTime();
            List<EntityFact> facts = latestFactOfEveryEntity();
            RuleEngine rebuilt = RuleEngine.rebuild(change.rules(), newRuntimeUri(), facts, engine.clock(),
                    rules.versions(), raised, this::emitSignal);
            Set<String> retired = new TreeSet<>(engine.ruleNames());
            retired.removeAll(rebuilt.ruleNames());
            // The alert lifecycle resolves what they left open.
            retired.forEach(raised::forgetRule);
            countRuleFailures();
            engine.close();
            engine = rebuilt;
            engineFailuresCounted = 0;
            engineFailuresCountedByStatement.clear();
            rules = change.rules();
            resolveFailuresOfRetiredVersions();
            // What failed in the rebuild, now: no watermark may follow soon on a quiet input.
            countRuleFailures();
            if (reportsForTheJob()) {
                for (String rule : retired) {
                    output.collect(RETIRED_RULES, new StreamRecord<>(new RuleRetired(rule, engine.clock()), engine.clock()));
                }
            }
            LOG.info("Rules reloaded from {}: {} modules, state rebuilt from {} entities in {} ms", reload.dir(),
                    rules.modules().size(), facts.size(), (System.nanoTime() - started) / 1_000_000);
        }
        reportRejections(change.rejected());
    }

    /** Subtask 0 speaks for all about the rules (rejections, retired rules): every subtask sees the same files. */
    private boolean reportsForTheJob() {
        return reportsRuleChanges && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
    }

    /** RULE_REJECTED fires for a newly rejected file and resolves once the file compiles or goes. */
    private void reportRejections(SortedMap<String, List<RuleProblem>> rejected) {
        for (Map.Entry<String, List<RuleProblem>> file : rejected.entrySet()) {
            LOG.warn("Rule file {} rejected, its previous version (if any) keeps running: {}", file.getKey(), file.getValue());
        }
        if (!reportsForTheJob()) {
            return;
        }
        long at = engine.clock() > 0 ? engine.clock() : System.currentTimeMillis();
        for (Map.Entry<String, List<RuleProblem>> file : rejected.entrySet()) {
            if (rejectedFiles.add(file.getKey())) {
                emitSignal(RuleRejection.firing(reload.dir(), file.getKey(), file.getValue(), at));
            }
        }
        for (String file : List.copyOf(rejectedFiles)) {
            if (!rejected.containsKey(file)) {
                rejectedFiles.remove(file);
                emitSignal(RuleRejection.resolved(reload.dir(), file, at));
            }
        }
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
        if (retireOrderAtRisk) {
            retireOrderAtRisk = false;
            output.collect(RETIRED_RULES, new StreamRecord<>(
                    new RuleRetired(OrderAtRisk.RULE, clock, "is off (job.follow-orders = false)"), clock));
        }
        if (resolveRestoredFailures) {
            resolveRestoredFailures = false;
            resolveFailuresOfRetiredVersions();
        }
        KeyedEvent next;
        while ((next = held.pollUpTo(watermark)) != null) {
            // Cleanup timers and sweeps due before this event run first: time moves in one order for all.
            advanceTimers(next.event.occurredAt - 1);
            forgetIdleUpTo(next.event.occurredAt - 1);
            setCurrentKey(next.entityKey);
            apply(next);
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
        countRuleFailures();
        output.emitWatermark(mark);
    }

    /**
     * Adds the current engine's rule failures since the last count to {@link #RULE_FAILURES} and
     * to {@link #RULE_FAILURE_COUNTS}, and raises RULE_FAILING for each statement failing for the
     * first time (a failure is raised once per version, whichever engine of this subtask ran it).
     */
    private void countRuleFailures() {
        long failures = engine.failureCount();
        if (failures == engineFailuresCounted) return;
        ruleFailures.add(failures - engineFailuresCounted);
        engineFailuresCounted = failures;
        String dir = reload == null ? null : reload.dir();
        long now = Math.max(engine.clock(), 0);
        engine.failures().forEach((statement, failing) -> {
            if (failingRules.add(RuleFailing.key(statement, failing))) {
                output.collect(FAILING_RULES, new StreamRecord<>(RuleFailing.firing(dir, statement, failing), failing.firstAt()));
            }
            long counted = engineFailuresCountedByStatement.getOrDefault(statement, 0L);
            if (failing.times() > counted) {
                engineFailuresCountedByStatement.put(statement, failing.times());
                output.collect(RULE_FAILURE_COUNTS, new StreamRecord<>(
                        new RuleFailureCount(RuleFailing.statementIn(statement, failing), failing.times() - counted), now));
            }
        });
    }

    /** RULE_FAILING resolves for the versions that failed and no longer run: their file changed or went. */
    private void resolveFailuresOfRetiredVersions() {
        long at = Math.max(engine.clock(), 0);
        for (String key : RuleFailing.retiredBy(rules, failingRules)) {
            failingRules.remove(key);
            output.collect(FAILING_RULES, new StreamRecord<>(RuleFailing.resolved(key, at), at));
        }
    }

    /** Applies one released event to its entity, unless the entity has seen its eventId. */
    private void apply(KeyedEvent keyed) throws Exception {
        String key = keyed.entityKey;
        SupplyEvent event = keyed.event;
        EntityState entity = entities.value();
        if (entity == null) {
            entity = new EntityState();
        }
        boolean wasClosing = entity.cleanupAt != null;
        EntityFact before = entity.fact();
        EntityFact fact = entity.apply(EntityKeys.kindOf(key), event, dedupHorizon, closedRetention);
        if (fact == null) {
            if (keyed.primary) output.collect(DUPLICATES, new StreamRecord<>(event, event.occurredAt));
            return;
        }
        idle.noteFact(fact.occurredAt);
        if (!wasClosing && entity.cleanupAt != null) {
            closed.add(key, entity.cleanupAt);
        }
        entities.update(entity);
        // An allocation is kept for available-to-promise but changes nothing the rules read.
        boolean forRules = !DerivedEvents.isAllocation(event);
        if (forRules) engine.insert(fact);
        if (fact instanceof StockLevel level && forRules && level.isMovement()) {
            output.collect(STOCK_LEVELS, new StreamRecord<>(level, event.occurredAt));
        }
        if (followOrders) emitToOrderStages(before, fact, event.occurredAt);
        Completion completion = Completions.of(before, fact);
        if (completion != null) {
            output.collect(COMPLETIONS, new StreamRecord<>(completion, event.occurredAt));
        }
        List<DerivedEvents.Routed> passedOn = DerivedEvents.of(before, fact, event);
        // By index: nearly always empty, and an iterator per event is garbage.
        for (int i = 0; i < passedOn.size(); i++) {
            DerivedEvents.Routed derived = passedOn.get(i);
            // Allocations matter to available-to-promise alone.
            if (!followOrders && DerivedEvents.isAllocation(derived.event())) continue;
            output.collect(DERIVED, new StreamRecord<>(new KeyedEvent(derived.key(), derived.event(), false),
                    event.occurredAt));
        }
    }

    /** What the ATP book and the order status stage hear of an entity's change from {@code before} to {@code fact}. */
    private void emitToOrderStages(EntityFact before, EntityFact fact, long time) {
        if (fact instanceof StockLevel level && !level.sameAvailability((StockLevel) before)) {
            output.collect(ATP_PROFILES, new StreamRecord<>(AtpProfile.of(level), time));
        }
        if (AtpBook.concerns(before, fact)) output.collect(ORDERS, new StreamRecord<>((CustomerOrder) fact, time));
        OrderSignal orderSignal = OrderSignal.of(fact);
        if (orderSignal != null) {
            output.collect(ORDER_SIGNALS, new StreamRecord<>(orderSignal, time));
        }
    }

    /** At the first event after a midnight: forget the open entities silent for the TTL (see {@link IdleEntities}). */
    private void forgetIdleUpTo(long time) throws Exception {
        Long cutoff = idle.sweepCutoff(time);
        if (cutoff == null) return;
        getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, ENTITIES,
                (key, state) -> {
                    EntityState entity = state.value();
                    if (entity != null && IdleEntities.isIdle((String) key, entity, cutoff)) state.clear();
                });
    }

    /** Forgets the closed entities whose retention passed by {@code time} (and fires the Flink timers of an older savepoint). */
    private void advanceTimers(long time) throws Exception {
        if (time <= timersAdvancedTo) return;
        if (timeServices != null) timeServices.advanceWatermark(new Watermark(time));
        for (LazyTimers.Due due; (due = closed.pollDue(time)) != null; ) {
            setCurrentKey(due.key());
            forgetIfClosingAt(due.at());
        }
        timersAdvancedTo = time;
    }

    /** The rules this subtask runs now (for tests: a reload has been applied). */
    RuleSet rulesRunning() {
        return rules;
    }

    /** Closed entities waiting to be forgotten (for tests: none may be left behind). */
    int closedEntitiesWaiting() {
        return closed.all().size();
    }

    /** A Flink timer of an older savepoint. */
    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        forgetIfClosingAt(timer.getTimestamp());
    }

    /** The current entity's retention passed at {@code at}: forget it entirely, unless it is not the one that closed then. */
    private void forgetIfClosingAt(long at) throws Exception {
        EntityState entity = entities.value();
        if (entity != null && entity.cleanupAt != null && entity.cleanupAt == at) {
            entities.clear();
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

    private static boolean hasEventTimers(InternalTimerService<VoidNamespace> service) throws Exception {
        boolean[] any = {false};
        service.forEachEventTimeTimer((namespace, time) -> any[0] = true);
        return any[0];
    }

    private void emitSignal(Alert signal) {
        emitSignal(signal, signal.at);
    }

    /**
     * Stamped with the event time it was decided at, not its {@code at}: a deadline already past
     * when its entity appeared is decided later, and downstream (CorrelateAlerts) orders signals
     * of different conditions by this stamp when the watermark passes it, which it has not yet.
     */
    private void emitSignal(Alert signal, long decidedAt) {
        output.collect(new StreamRecord<>(signal, decidedAt));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        clockState.update(List.of(clock));
        ruleVersionsState.update(List.copyOf(rules.versions()));
        rejectedFilesState.update(List.copyOf(rejectedFiles));
        failingRulesState.update(List.copyOf(failingRules));
        raisedState.update(raised, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        heldState.update(held.inOrder());
    }

    @Override
    public void close() throws Exception {
        if (ruleWatcher != null) {
            ruleWatcher.shutdownNow();
        }
        if (engine != null) {
            engine.close();
        }
        super.close();
    }
}
