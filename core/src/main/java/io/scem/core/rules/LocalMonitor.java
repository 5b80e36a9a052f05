package io.scem.core.rules;

import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertEpisodes;
import io.scem.core.alert.Correlation;
import io.scem.core.atp.AtpBook;
import io.scem.core.atp.AtpDecision;
import io.scem.core.atp.AtpProfile;
import io.scem.core.atp.AtpProfiles;
import io.scem.core.atp.OrderAtRisk;
import io.scem.core.atp.Substitutes;
import io.scem.core.entity.CustomerOrder;
import io.scem.core.entity.StockLevel;
import io.scem.core.entity.DerivedEvents;
import io.scem.core.entity.EntityFact;
import io.scem.core.entity.EntityKeys;
import io.scem.core.entity.EntityState;
import io.scem.core.entity.IdleEntities;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The monitoring job's semantics on one thread, without Flink: for rule scenarios and backtests.
 * It does what {@code RuleEvaluationOperator} and {@code AlertLifecycleFunction} do, in the same
 * order: each event fans out to its entities ({@link EntityKeys}); per entity a repeated eventId
 * within the dedup horizon is dropped, the entity's next fact goes to the {@link RuleEngine}, and
 * a closed entity is forgotten once its retention has passed; what an entity passes on to the
 * stock and suppliers it feeds ({@link DerivedEvents}) is applied after the input events of its
 * time, as the job's second rule stage does; then the ATP book ({@link AtpBook}) takes that
 * time's stock changes and order changes, as the job's book does once the watermark passes them;
 * the rules' and the book's signals become episodes ({@link AlertEpisodes}) keyed by rule and key.
 *
 * <p>Events must come in (occurredAt, input order) order, as the job releases them after its
 * watermark; {@link #accept} refuses an older one. {@link #finish} stops the clock just before the
 * end of input, as a replay does: a deadline at or after the last event has not been missed.
 *
 * <p>Not thread-safe; close it to free the Esper runtime.
 */
public final class LocalMonitor implements AutoCloseable {
    /** The order the job applies events in: by occurredAt, ties in input order (sequence). */
    public static final Comparator<SupplyEvent> EVENT_ORDER =
            Comparator.comparingLong((SupplyEvent e) -> e.occurredAt).thenComparingLong(e -> e.sequence);

    /**
     * How the monitor remembers entities; the defaults are the job's ({@code config/scem.properties}).
     *
     * @param dedupHorizon how long an entity remembers an eventId to drop its duplicates
     * @param closedEntityRetention how long a closed entity is kept after closing (at least the
     *     dedup horizon, as in the job), so that its stragglers do not reopen it
     * @param idleEntityTtl how long an open PO, work order, shipment or order may hear nothing
     *     before it is forgotten (see {@link IdleEntities}); zero: never
     * @param atpHorizon how far ahead the ATP book looks for the earliest date a site can promise an order
     */
    public record Settings(Duration dedupHorizon, Duration closedEntityRetention, int correlationThreshold,
            Duration idleEntityTtl, Duration atpHorizon) {
        public static final Settings DEFAULTS = new Settings(Duration.ofHours(24), Duration.ofHours(24), 5, Duration.ofDays(30));

        public Settings {
            Objects.requireNonNull(dedupHorizon);
            Objects.requireNonNull(closedEntityRetention);
            Objects.requireNonNull(idleEntityTtl);
            Objects.requireNonNull(atpHorizon);
        }

        /** With the default ATP horizon (30 days). */
        public Settings(Duration dedupHorizon, Duration closedEntityRetention, int correlationThreshold, Duration idleEntityTtl) {
            this(dedupHorizon, closedEntityRetention, correlationThreshold, idleEntityTtl,
                    Duration.ofMillis(AtpProfile.DEFAULT_HORIZON));
        }
    }

    private record Cleanup(long at, String key, EntityState entity) {}

    private final RuleEngine engine;
    private final Consumer<Alert> alerts;
    private final LongSupplier wallClock;
    private final long dedupHorizon;
    private final long closedRetention;
    private final Map<String, EntityState> entities = new HashMap<>();
    /** Closed entities in cleanup order; cleanup times only grow, since events come in order. */
    private final ArrayDeque<Cleanup> cleanups = new ArrayDeque<>();
    private final Map<String, AlertEpisodes.Episode> episodes = new HashMap<>();
    /** Held RESOLVEDs by the end of their hold (the job's lifecycle timers); stale entries are skipped. */
    private final PriorityQueue<Hold> holds = new PriorityQueue<>(Comparator.comparingLong(Hold::ends));

    private record Hold(long ends, String condition, Alert resolved) {}

    private final int correlationThreshold;
    private final IdleEntities idle;
    private final Map<String, Correlation.Group> correlationGroups = new HashMap<>();
    /** Alerts of correlation groups, waiting as the job's do for the clock to pass their decision time. */
    private final PriorityQueue<Correlation.Decided> toCorrelate = new PriorityQueue<>(Correlation.ORDER);
    /** Derived events of the latest event time, applied after that time's input events as in the job. */
    private final List<DerivedEvents.Routed> derived = new ArrayList<>();
    private final AtpBook atpBook;
    /** Stock profiles and order changes of the latest event time, for the ATP book. */
    private final List<AtpProfile> atpProfiles = new ArrayList<>();
    private final List<CustomerOrder> atpOrders = new ArrayList<>();
    private final AtpBook.Listener atpListener = new AtpBook.Listener() {
        @Override
        public void decided(AtpDecision decision) {
            atpDecisions.accept(decision);
        }

        @Override
        public void signal(Alert signal) {
            onSignal(signal, signal.at);
        }
    };
    private Consumer<AtpDecision> atpDecisions = d -> { };
    private SupplyEvent last;
    private long events;
    private boolean finished;

    /** A monitor with the job's default settings and the wall clock for {@code detectedAt}. */
    public LocalMonitor(RuleSet rules, Consumer<Alert> alerts) {
        this(rules, Settings.DEFAULTS, System::currentTimeMillis, alerts);
    }

    /**
     * @param alerts receives every alert (FIRING and RESOLVED, alertId set) when it is decided
     * @param wallClock what {@code detectedAt} is stamped with
     */
    public LocalMonitor(RuleSet rules, Settings settings, LongSupplier wallClock, Consumer<Alert> alerts) {
        this.alerts = alerts;
        this.wallClock = wallClock;
        this.dedupHorizon = settings.dedupHorizon().toMillis();
        this.closedRetention = Math.max(settings.closedEntityRetention().toMillis(), dedupHorizon);
        this.correlationThreshold = settings.correlationThreshold();
        this.idle = new IdleEntities(settings.idleEntityTtl(), Long.MIN_VALUE);
        // Start at 0 as the job does on a fresh start: no timer exists before the first event,
        // so where the clock starts makes no difference after it.
        // As the job does: a RESOLVED of what was never raised stops at the engine (the episodes would ignore it).
        this.engine = new RuleEngine(rules, "scem-local-" + UUID.randomUUID(), 0, RaisedConditions.tracking(), this::onSignal);
        this.atpBook = new AtpBook(new Substitutes(rules.items()), settings.atpHorizon().toMillis());
    }

    /** Receives the ATP book's decision on every order placement (before the first event). */
    public void onAtpDecision(Consumer<AtpDecision> decisions) {
        this.atpDecisions = decisions;
    }

    /** The latest ATP profile of every site and SKU the book has heard of. */
    public AtpProfiles atpProfiles() {
        return atpBook.profiles();
    }

    /** Runs {@code events} (any order: sorted stably by occurredAt first) and returns the alerts. */
    public static List<Alert> run(RuleSet rules, List<SupplyEvent> events) {
        List<SupplyEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(e -> e.occurredAt));
        List<Alert> out = new ArrayList<>();
        try (LocalMonitor monitor = new LocalMonitor(rules, out::add)) {
            sorted.forEach(monitor::accept);
            monitor.finish();
        }
        return out;
    }

    /**
     * Sets an EPL variable (a rule tunable such as {@code SUPPLIER_LATE_GRACE_MINUTES}) before the
     * first event. Numbers are converted to the variable's type by Esper.
     *
     * @throws IllegalArgumentException for an unknown variable or a value it cannot take
     */
    public void setVariable(String name, Object value) {
        if (events > 0) throw new IllegalStateException("variables are set before the first event");
        engine.setVariable(name, value);
    }

    /** How often each rule statement failed at run time so far, by name (see {@link RuleEngine#failures}). */
    public Map<String, RuleErrors.Failures> ruleFailures() {
        return engine.failures();
    }

    /** The rules that can raise alerts: the {@code @Name} up to the first '.' of each alert statement. */
    public Set<String> ruleNames() {
        Set<String> names = new TreeSet<>(engine.ruleNames());
        names.add(OrderAtRisk.RULE);
        return names;
    }

    /**
     * Processes the next event. Events must come in {@link #EVENT_ORDER}; an event with an
     * occurredAt before the previous one's is a caller's bug and throws.
     */
    public void accept(SupplyEvent event) {
        if (finished) throw new IllegalStateException("finished");
        if (last != null && event.occurredAt < last.occurredAt) {
            throw new IllegalArgumentException("events out of order: " + event + " after " + last);
        }
        if (last != null && event.occurredAt > last.occurredAt) {
            applyDerived();
            stepAtp(last.occurredAt);
        }
        last = event;
        events++;
        // The job runs the cleanup timers due before an event first (at occurredAt - 1).
        forgetClosedUpTo(event.occurredAt - 1);
        forgetIdleUpTo(event.occurredAt - 1);
        for (String key : EntityKeys.of(event)) {
            apply(key, event);
        }
        // The job's lifecycle timers run once the watermark passes them, after every event at
        // or before it: a hold ending at this event's time may still be cancelled by the next.
        releaseHoldsEndingBefore(event.occurredAt);
        correlateDecidedBefore(event.occurredAt);
    }

    private void apply(String key, SupplyEvent event) {
        EntityState entity = entities.computeIfAbsent(key, k -> new EntityState());
        boolean wasClosing = entity.cleanupAt != null;
        EntityFact before = entity.fact();
        EntityFact fact = entity.apply(EntityKeys.kindOf(key), event, dedupHorizon, closedRetention);
        if (fact == null) {
            return;
        }
        idle.noteFact(fact.occurredAt);
        if (!wasClosing && entity.cleanupAt != null) {
            cleanups.addLast(new Cleanup(entity.cleanupAt, key, entity));
        }
        // An allocation is kept for available-to-promise but changes nothing the rules read.
        if (!DerivedEvents.isAllocation(event)) engine.insert(fact);
        derived.addAll(DerivedEvents.of(before, fact, event));
        if (fact instanceof StockLevel level && !level.sameAvailability((StockLevel) before)) {
            atpProfiles.add(AtpProfile.of(level));
        }
        if (AtpBook.concerns(before, fact)) atpOrders.add((CustomerOrder) fact);
    }

    /** The ATP book's step for {@code time}, once its input events and their derived events are applied. */
    private void stepAtp(long time) {
        if (atpProfiles.isEmpty() && atpOrders.isEmpty()) return;
        atpBook.at(time, List.copyOf(atpProfiles), List.copyOf(atpOrders), atpListener);
        atpProfiles.clear();
        atpOrders.clear();
    }

    /**
     * The job applies derived events in its second rule stage, which releases them after the
     * input events of the same time: so does this, once the time moves on or the input ends.
     */
    private void applyDerived() {
        // Stock and supplier records pass nothing on, so applying these derives no more events.
        List<DerivedEvents.Routed> batch = List.copyOf(derived);
        derived.clear();
        for (DerivedEvents.Routed routed : batch) apply(routed.key(), routed.event());
    }

    private void forgetIdleUpTo(long time) {
        Long cutoff = idle.sweepCutoff(time);
        if (cutoff != null) entities.entrySet().removeIf(e -> IdleEntities.isIdle(e.getKey(), e.getValue(), cutoff));
    }

    private void forgetClosedUpTo(long time) {
        while (!cleanups.isEmpty() && cleanups.peekFirst().at() <= time) {
            Cleanup c = cleanups.pollFirst();
            // Only the entity the cleanup was scheduled for: the key may have been reused since.
            entities.remove(c.key(), c.entity());
        }
    }

    /**
     * Ends the input: the clock moves to just before {@code endOfInput} (normally the newest
     * occurredAt, see {@link #finish()}), firing the deadlines before it. Later events are refused.
     */
    public void finish(long endOfInput) {
        if (last != null && endOfInput < last.occurredAt) {
            throw new IllegalArgumentException("the end " + Instants.format(endOfInput) + " is before the last event "
                    + Instants.format(last.occurredAt));
        }
        finished = true;
        applyDerived();
        if (last != null) stepAtp(last.occurredAt);
        engine.advanceTo(endOfInput - 1);
        // The end of input releases every hold, as the job's final watermark does.
        releaseHoldsEndingBefore(Long.MAX_VALUE);
        correlateDecidedBefore(Long.MAX_VALUE);
    }

    /** Sends an alert decided at {@code time}: at once, or through its correlation group. */
    private void decided(long time, Alert alert) {
        if (Correlation.groupOf(alert) == null) alerts.accept(alert);
        else toCorrelate.add(new Correlation.Decided(time, alert));
    }

    private void correlateDecidedBefore(long time) {
        while (!toCorrelate.isEmpty() && toCorrelate.peek().time() < time) {
            Correlation.Decided next = toCorrelate.poll();
            String group = next.group();
            Correlation.Group state = correlationGroups.computeIfAbsent(group, g -> new Correlation.Group());
            if (next.isExpiry()) {
                Correlation.expire(group, state, next.time(), correlationThreshold, wallClock.getAsLong()).forEach(alerts);
            } else {
                Correlation.apply(group, state, next.time(), next.alert(), correlationThreshold, wallClock.getAsLong())
                        .forEach(alerts);
                for (long expiry : Correlation.expiryTimes(group, next.alert())) {
                    toCorrelate.add(new Correlation.Decided(expiry, null, group));
                }
            }
            if (state.isEmpty()) correlationGroups.remove(group);
        }
    }

    private void releaseHoldsEndingBefore(long time) {
        while (!holds.isEmpty() && holds.peek().ends() < time) {
            Hold hold = holds.poll();
            AlertEpisodes.Episode episode = episodes.get(hold.condition());
            if (episode != null && episode.held() == hold.resolved()) {
                episodes.remove(hold.condition());
                decided(hold.ends(), AlertEpisodes.release(hold.resolved(), wallClock.getAsLong()));
            }
        }
    }

    /** Ends the input at its newest event, as a replay does; nothing happens without events. */
    public void finish() {
        if (last == null) {
            finished = true;
        } else {
            finish(last.occurredAt);
        }
    }

    /** Events accepted so far (duplicates included). */
    public long eventCount() {
        return events;
    }

    /** Entities currently remembered (closed ones are forgotten after their retention). */
    public int entityCount() {
        return entities.size();
    }

    private void onSignal(Alert signal, long decidedAt) {
        String condition = signal.conditionKey();
        AlertEpisodes.Step step = AlertEpisodes.apply(
                episodes.getOrDefault(condition, AlertEpisodes.Episode.NONE), signal, wallClock.getAsLong());
        AlertEpisodes.Episode after = step.after();
        if (after.firing() == null) {
            episodes.remove(condition);
        } else {
            episodes.put(condition, after);
            if (after.held() != null && after.held() == signal) {
                holds.add(new Hold(AlertEpisodes.holdEnds(signal), condition, signal));
            }
        }
        step.emit().forEach(alert -> decided(decidedAt, alert));
    }

    @Override
    public void close() {
        engine.close();
    }
}
