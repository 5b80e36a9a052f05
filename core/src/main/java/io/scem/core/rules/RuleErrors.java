package io.scem.core.rules;

import com.espertech.esper.common.client.hook.exception.ExceptionHandler;
import com.espertech.esper.common.client.hook.exception.ExceptionHandlerContext;
import com.espertech.esper.common.client.hook.exception.ExceptionHandlerFactory;
import com.espertech.esper.common.client.hook.exception.ExceptionHandlerFactoryContext;
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

    /** How often a statement (or "filter on Type") failed, and its first error. */
    public record Failures(long times, String firstError) {}

    private static final class Failing {
        long total;
        long sinceReport;
        long reportedAt;
        String firstError;
    }

    private final LongSupplier clock;
    private final Log log;
    private final Map<String, Failing> byStatement = new HashMap<>();
    private long total;

    RuleErrors(LongSupplier clock, Log log) {
        this.clock = clock;
        this.log = log;
    }

    @Override
    public void handle(ExceptionHandlerContext context) {
        failed(context.getStatementName(), context.getEpl(), context.getThrowable());
    }

    void failed(String statement, String epl, Throwable error) {
        report(statement, "Rule statement " + statement + " failed at run time and was skipped for this event;"
                + " further failures are counted and reported once a minute. Statement: " + epl, error);
    }

    /**
     * A filter expression threw while Esper matched a fact to the statements (a {@code where} on
     * a single stream becomes one): Esper does not say whose, and no statement saw the fact.
     */
    void filterFailed(String factType, String eventId, Throwable error) {
        report("filter on " + factType, "A rule's filter on " + factType + " facts failed at run time on the fact of event "
                + eventId + ", and no rule saw that fact (Esper does not say which statement's filter it was);"
                + " further failures are counted and reported once a minute", error);
    }

    /** Logs {@code first} the first time {@code what} fails, then a count at most once a minute. */
    private void report(String what, String first, Throwable error) {
        total++;
        long now = clock.getAsLong();
        Failing failing = byStatement.get(what);
        if (failing == null) {
            failing = new Failing();
            failing.total = 1;
            failing.reportedAt = now;
            failing.firstError = String.valueOf(error);
            byStatement.put(what, failing);
            log.warn(first, error);
            return;
        }
        failing.total++;
        failing.sinceReport++;
        if (now - failing.reportedAt >= REPORT_EVERY_MILLIS) {
            String subject = what.startsWith("filter on ") ? "A rule's " + what : "Rule statement " + what;
            log.warn(subject + " failed " + failing.sinceReport + " more times in the last "
                    + (now - failing.reportedAt) / 1000 + " s (" + failing.total + " in all), each time skipped;"
                    + " the latest: " + error, null);
            failing.sinceReport = 0;
            failing.reportedAt = now;
        }
    }

    /** How many failures in this runtime, all statements and filters together. */
    long total() {
        return total;
    }

    /** How often each statement (or "filter on Type") has failed in this runtime, by name. */
    Map<String, Failures> failures() {
        Map<String, Failures> all = new TreeMap<>();
        byStatement.forEach((what, failing) -> all.put(what, new Failures(failing.total, failing.firstError)));
        return all;
    }
}
