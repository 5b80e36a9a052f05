package io.scem.core.rules;

import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.hook.exception.ExceptionHandler;
import com.espertech.esper.common.client.hook.exception.ExceptionHandlerContext;
import com.espertech.esper.common.client.hook.exception.ExceptionHandlerFactory;
import com.espertech.esper.common.client.hook.exception.ExceptionHandlerFactoryContext;
import io.scem.core.entity.EntityFact;
import io.scem.core.event.Instants;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a rule statement that throws at run time leaves in the log. Esper catches the exception,
 * skips the statement for that event and goes on; by itself it logs the statement's whole text
 * with the stack trace every time, and a statement that fails on every event of a kind filled 4 GB
 * of log in one replay (bench/PERFORMANCE.md, "Resolving only what fired"). Here the first failure
 * of a statement is logged in full, and after that at most one line a minute says how many more
 * there were and the latest error. A filter expression that throws is not Esper's to catch: the
 * exception leaves {@code sendEvent}, and {@link RuleEngine#insert} brings it here ({@link
 * #filterFailed}) so that the job goes on. One instance per Esper runtime, on the runtime's thread.
 */
public final class RuleErrors implements ExceptionHandler {
    /** How often a statement that keeps failing is reported again (wall clock: this is about the log's size). */
    static final long REPORT_EVERY_MILLIS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(RuleErrors.class);

    /** How a filter's failures are named: "filter on Shipment" (Esper does not say whose filter it was). */
    public static final String FILTER_ON = "filter on ";

    /** Whether a name of {@link #failures()} is a filter's. */
    public static boolean isFilter(String statement) {
        return statement.startsWith(FILTER_ON);
    }

    /** What is logged: the message, and the exception when its stack trace is worth printing. */
    interface Log {
        void warn(String message, Throwable error);
    }

    /** Each runtime's handler, by runtime URI: Esper makes them from the class name, so this is how its engine finds it. */
    private static final Map<String, RuleErrors> BY_RUNTIME = new ConcurrentHashMap<>();

    /** Registered in {@link RuleSet#configuration()}: Esper makes one handler per runtime. */
    public static final class Factory implements ExceptionHandlerFactory {
        @Override
        public ExceptionHandler getHandler(ExceptionHandlerFactoryContext context) {
            RuleErrors errors = new RuleErrors(System::currentTimeMillis, LOG::warn);
            BY_RUNTIME.put(context.getRuntimeURI(), errors);
            return errors;
        }
    }

    /** The handler of the runtime {@code runtimeUri} (null if it has none); {@link #forget} it when the runtime ends. */
    static RuleErrors of(String runtimeUri) {
        return BY_RUNTIME.get(runtimeUri);
    }

    static void forget(String runtimeUri) {
        BY_RUNTIME.remove(runtimeUri);
    }

    /**
     * How often a statement (or "filter on Type") failed, and its first failure: the error, the
     * event time and the eventId of the fact it failed on (null if none: a deadline, say); where
     * the statement is ({@code file} null and {@code line} 0 for a filter, which Esper does not
     * attribute, or for a statement without {@code @Name}), and the version that failed: its
     * file's, or for a filter the rule set's.
     */
    public record Failures(long times, String firstError, long firstAt, String firstEventId, String file, int line,
            String version) {
        /** One line for a person: {@code NUMBERED_PO (numbered.epl:2) failed at run time 2 times, …}. */
        public String describe(String statement) {
            String where = file == null ? "" : " (" + file + (line > 0 ? ":" + line : "") + ")";
            return statement + where + " failed at run time " + times + (times == 1 ? " time" : " times")
                    + ", skipped each time; the first, at " + Instants.format(firstAt)
                    + (firstEventId == null ? "" : " on the fact of event " + firstEventId) + ": " + firstError;
        }
    }

    private static final class Failing {
        long total;
        long sinceReport;
        long reportedAt;
        String firstError;
        long firstAt;
        String firstEventId;
        /** The module of the statement; null for a filter. */
        RuleSet.CompiledModule module;
    }

    private final LongSupplier clock;
    private final Log log;
    private final Map<String, Failing> byStatement = new HashMap<>();
    /** The modules deployed, by Esper's deployment id (which is all a failure says of where it is). */
    private final Map<String, RuleSet.CompiledModule> modules = new HashMap<>();
    private LongSupplier eventTime = () -> 0;
    private String rulesVersion;
    private long total;

    RuleErrors(LongSupplier clock, Log log) {
        this.clock = clock;
        this.log = log;
    }

    /** Set by the engine that owns the runtime: the version of its rule set, and its event-time clock. */
    void running(String rulesVersion, LongSupplier eventTime) {
        this.rulesVersion = rulesVersion;
        this.eventTime = eventTime;
    }

    /** A module of the rules, deployed as {@code deploymentId}. */
    void deployed(String deploymentId, RuleSet.CompiledModule module) {
        modules.put(deploymentId, module);
    }

    @Override
    public void handle(ExceptionHandlerContext context) {
        EventBean current = context.getCurrentEvent();
        String eventId = current != null && current.getUnderlying() instanceof EntityFact fact ? fact.eventId : null;
        failed(context.getStatementName(), context.getDeploymentId(), context.getEpl(), context.getThrowable(), eventId);
    }

    void failed(String statement, String deploymentId, String epl, Throwable error, String eventId) {
        String subject = "Rule statement " + statement;
        Failing failing = report(statement, subject, subject + " failed at run time and was skipped for this event;"
                + " further failures are counted and reported once a minute. Statement: " + epl, error, eventId);
        if (failing.module == null) failing.module = modules.get(deploymentId);
    }

    /**
     * A filter expression threw while Esper matched a fact to the statements (a {@code where} on
     * a single stream becomes one): Esper does not say whose, and no statement saw the fact.
     */
    void filterFailed(String factType, String eventId, Throwable error) {
        String subject = "A rule's filter on " + factType;
        report(FILTER_ON + factType, subject, subject + " facts failed at run time on the fact of event " + eventId
                + ", and no rule saw that fact (Esper does not say which statement's filter it was);"
                + " further failures are counted and reported once a minute", error, eventId);
    }

    /**
     * Logs {@code first} the first time {@code what} fails, then at most once a minute a count
     * that starts with {@code subject}.
     */
    private Failing report(String what, String subject, String first, Throwable error, String eventId) {
        total++;
        long now = clock.getAsLong();
        Failing failing = byStatement.get(what);
        if (failing == null) {
            failing = new Failing();
            failing.total = 1;
            failing.reportedAt = now;
            failing.firstError = String.valueOf(error);
            failing.firstAt = eventTime.getAsLong();
            failing.firstEventId = eventId;
            byStatement.put(what, failing);
            log.warn(first, error);
            return failing;
        }
        failing.total++;
        failing.sinceReport++;
        if (now - failing.reportedAt >= REPORT_EVERY_MILLIS) {
            log.warn(subject + " failed " + failing.sinceReport + " more times in the last "
                    + (now - failing.reportedAt) / 1000 + " s (" + failing.total + " in all), each time skipped;"
                    + " the latest: " + error, null);
            failing.sinceReport = 0;
            failing.reportedAt = now;
        }
        return failing;
    }

    /** How many failures in this runtime, all statements and filters together. */
    long total() {
        return total;
    }

    /** How often each statement (or "filter on Type") has failed in this runtime, by name. */
    Map<String, Failures> failures() {
        Map<String, Failures> all = new TreeMap<>();
        byStatement.forEach((what, failing) -> {
            RuleSet.CompiledModule module = failing.module;
            all.put(what, new Failures(failing.total, failing.firstError, failing.firstAt, failing.firstEventId,
                    module == null ? null : module.file(), module == null ? 0 : module.lineOf(what),
                    module == null ? rulesVersion : module.contentHash()));
        });
        return all;
    }
}
