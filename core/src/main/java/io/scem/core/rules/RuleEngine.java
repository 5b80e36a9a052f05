package io.scem.core.rules;

import com.espertech.esper.common.client.EPException;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.variable.EPVariableService;
import com.espertech.esper.common.internal.util.DeploymentIdNamePair;
import com.espertech.esper.runtime.client.DeploymentOptions;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPEventService;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import io.scem.core.alert.Alert;
import io.scem.core.entity.EntityFact;
import io.scem.core.reference.Item;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * An Esper runtime running a {@link RuleSet} on an external clock. Single-threaded: the caller
 * advances time and inserts facts in event-time order, and receives the alerts the rules raise.
 *
 * <p>Clock convention: a fact stamped T is inserted with the clock at T-1 ms, so a deadline at
 * exactly T has not fired yet when the fact arrives: an entity completed at its deadline is on
 * time. {@link #advanceTo} then moves the clock on and fires the deadlines up to it.
 */
public final class RuleEngine implements AutoCloseable {
    private final String runtimeUri;
    private final EPRuntime runtime;
    /** The runtime's run-time failures of rules (made by Esper from {@link RuleSet#configuration()}). */
    private final RuleErrors errors;
    private final EPEventService events;
    private final Signals sink;
    /** What the rules raised and have not resolved: a RESOLVED of anything else goes no further. */
    private final RaisedConditions raised;
    private long clock;
    /** The fact being inserted, if any: a rule failing on it failed at its time. */
    private EntityFact inserting;
    /** During a {@link #rebuild}: the versions (content hashes) of the modules whose alerts are dropped. */
    private final Set<String> quietVersions = new HashSet<>();
    /** The rules (alert statement names up to the first dot) deployed. */
    private final Set<String> ruleNames = new HashSet<>();

    /**
     * Receives the rules' signals, each with the event time at which it was decided: the time of
     * the fact that made it true, or the deadline whose passing did. It can be later than the
     * signal's {@code at} (a deadline already past when its entity appeared; a condition that must
     * last a while), and it is what orders signals of different conditions the same way in every
     * run, however the clock's steps fall.
     */
    @FunctionalInterface
    public interface Signals {
        void signal(Alert signal, long decidedAt);

        /** A sink that takes the signals alone. */
        static Signals of(Consumer<Alert> sink) {
            return (signal, decidedAt) -> sink.accept(signal);
        }
    }

    /** An engine that passes on every signal of the rules, each RESOLVED too. */
    public RuleEngine(RuleSet rules, String runtimeUri, long startTime, Consumer<Alert> sink) {
        this(rules, runtimeUri, startTime, RaisedConditions.admittingAll(), Signals.of(sink));
    }

    /** An engine that passes on a RESOLVED only for a condition in {@code raised}, and adds what it raises there. */
    public RuleEngine(RuleSet rules, String runtimeUri, long startTime, RaisedConditions raised, Signals sink) {
        this.sink = sink;
        this.raised = raised;
        this.runtimeUri = runtimeUri;
        this.runtime = EPRuntimeProvider.getRuntime(runtimeUri, RuleSet.configuration());
        runtime.initialize();
        this.errors = RuleErrors.of(runtimeUri);
        this.events = runtime.getEventService();
        errors.running(rules.version(), this::decisionTime);
        events.clockExternal();
        events.advanceTime(startTime);
        this.clock = startTime;
        deploy(rules);
        for (Item item : rules.items()) {
            events.sendEventBean(item, "Item");
        }
    }

    private void deploy(RuleSet rules) {
        Map<String, List<AlertStatement>> byRule = new HashMap<>();
        List<Map.Entry<EPStatement, AlertStatement>> attach = new ArrayList<>();
        for (RuleSet.CompiledModule module : rules.modules()) {
            EPDeployment deployment;
            try {
                deployment = runtime.getDeploymentService().deploy(module.compiled(), new DeploymentOptions());
            } catch (EPDeployException e) {
                throw new IllegalStateException("cannot deploy " + module.file() + ": " + e.getMessage(), e);
            }
            errors.deployed(deployment.getDeploymentId(), module);
            for (EPStatement statement : deployment.getStatements()) {
                if (AlertStatement.isAlertStatement(statement.getEventType())) {
                    AlertStatement alert = new AlertStatement(statement.getName(), module.contentHash(),
                            statement.getAnnotations(), statement.getEventType());
                    byRule.computeIfAbsent(alert.rule, r -> new ArrayList<>()).add(alert);
                    attach.add(Map.entry(statement, alert));
                }
            }
        }
        AlertStatement.completeMetadata(byRule);
        ruleNames.addAll(byRule.keySet());
        for (Map.Entry<EPStatement, AlertStatement> entry : attach) {
            AlertStatement alert = entry.getValue();
            entry.getKey().addListener((newEvents, oldEvents, statement, rt) -> {
                if (newEvents == null || quietVersions.contains(alert.ruleVersion)) return;
                for (EventBean row : newEvents) {
                    // Before the alert is built: most resolves of a rule that says "cleared" at
                    // every clearing fact close nothing.
                    if (raised.admit(alert.rule, alert.status(row), alert.key(row))) sink.signal(alert.toAlert(row), decisionTime());
                }
            });
        }
    }

    /**
     * The event time of what the rules are doing now: the fact being inserted, or the rule timer
     * firing (Esper's clock steps through each due timer's time).
     */
    private long decisionTime() {
        return inserting != null ? inserting.occurredAt : events.getCurrentTime();
    }

    /** Moves the clock to {@code time} (never back), firing every rule timer due by then. */
    public void advanceTo(long time) {
        if (time > clock) {
            events.advanceTimeSpan(time);
            clock = time;
        }
    }

    /** Inserts a fact that happened at its {@code occurredAt}; see the clock convention above. */
    public void insert(EntityFact fact) {
        advanceTo(fact.occurredAt - 1);
        inserting = fact;
        try {
            events.sendEventBean(fact, fact.getClass().getSimpleName());
        } catch (EPException e) {
            // A filter expression threw (Esper reports a statement's own failures to RuleErrors
            // and goes on, but not these): a rule must not stop the job, nor every restart of it.
            errors.filterFailed(fact.getClass().getSimpleName(), fact.eventId, e.getCause() != null ? e.getCause() : e);
        } finally {
            inserting = null;
        }
    }

    /**
     * A new engine running {@code rules}, its state rebuilt from the latest fact of every entity
     * and its clock brought to {@code clock}: how the job restores after a failure and applies
     * changed rule files. Rules see each fact as the entity's first version ({@link
     * EntityFact#rearmed}), so the deadlines they wait for are armed again, and every deadline
     * that passed by {@code clock} fires during the rebuild.
     *
     * <p>What the rebuild raises is dropped for the modules whose version is in {@code
     * alreadyRan}: those ran on the same facts before and raised it then. The other modules (new
     * or changed files) raise what the facts show, stamped with when it became true, so that a
     * new rule reports the conditions that already hold.
     */
    public static RuleEngine rebuild(RuleSet rules, String runtimeUri, Collection<? extends EntityFact> latestFacts,
            long clock, Set<String> alreadyRan, Consumer<Alert> sink) {
        return rebuild(rules, runtimeUri, latestFacts, clock, alreadyRan, RaisedConditions.admittingAll(), Signals.of(sink));
    }

    /**
     * As {@link #rebuild(RuleSet, String, Collection, long, Set, Consumer)}, passing on a RESOLVED
     * only for a condition in {@code raised}, and each signal with its decision time. What the
     * rebuild drops for the modules that already ran does not touch {@code raised}: it was raised
     * (and is there) or resolved before.
     */
    public static RuleEngine rebuild(RuleSet rules, String runtimeUri, Collection<? extends EntityFact> latestFacts,
            long clock, Set<String> alreadyRan, RaisedConditions raised, Signals sink) {
        List<EntityFact> facts = new ArrayList<>(latestFacts.size());
        for (EntityFact fact : latestFacts) facts.add(fact.rearmed());
        facts.sort((a, b) -> Long.compare(a.occurredAt, b.occurredAt));
        long start = facts.isEmpty() ? clock : Math.min(clock, facts.get(0).occurredAt - 1);
        RuleEngine engine = new RuleEngine(rules, runtimeUri, start, raised, sink);
        engine.quietVersions.addAll(alreadyRan);
        try {
            for (EntityFact fact : facts) engine.insert(fact);
            engine.advanceTo(clock);
        } finally {
            engine.quietVersions.clear();
        }
        return engine;
    }

    /**
     * Sets an EPL variable (a rule tunable such as {@code SUPPLIER_LATE_GRACE_MINUTES}); numbers
     * are converted to the variable's type by Esper. For scenarios and backtests.
     *
     * @throws IllegalArgumentException for an unknown variable or a value it cannot take
     */
    public void setVariable(String name, Object value) {
        EPVariableService variables = runtime.getVariableService();
        Set<String> known = new TreeSet<>();
        for (DeploymentIdNamePair variable : variables.getVariableValueAll().keySet()) {
            if (variable.getName().equals(name)) {
                try {
                    variables.setVariableValue(variable.getDeploymentId(), name, value);
                    return;
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("variable " + name + " cannot be set to " + value + ": "
                            + e.getMessage(), e);
                }
            }
            known.add(variable.getName());
        }
        throw new IllegalArgumentException("unknown variable " + name + " (the rules declare " + String.join(", ", known) + ")");
    }

    /** The rules' variables (their tunables) and their values now, by name. */
    public Map<String, Object> variables() {
        Map<String, Object> values = new TreeMap<>();
        runtime.getVariableService().getVariableValueAll().forEach((variable, value) -> values.put(variable.getName(), value));
        return values;
    }

    /** The names of the rules that raise alerts. */
    public Set<String> ruleNames() {
        return Set.copyOf(ruleNames);
    }

    public long clock() {
        return clock;
    }

    /**
     * How often each statement has thrown at run time (and was skipped for that event) in this
     * engine, and where and when it first did, by name; a filter expression's failures count
     * under "filter on Type" (no rule saw that fact).
     */
    public Map<String, RuleErrors.Failures> failures() {
        return errors.failures();
    }

    /** How many run-time failures of rules in this engine, all statements together (see {@link #failures}). */
    public long failureCount() {
        return errors.total();
    }

    @Override
    public void close() {
        runtime.destroy();
        RuleErrors.forget(runtimeUri);
    }
}
