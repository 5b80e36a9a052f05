package io.scem.jobs.cli;

import io.scem.core.rules.RuleSet;
import io.scem.jobs.io.ReplayProgress;
import io.scem.jobs.metrics.InfluxPreflight;
import io.scem.jobs.metrics.InfluxSettings;
import io.scem.jobs.monitoring.JobSettings;
import io.scem.jobs.monitoring.Replay;
import io.scem.jobs.orders.OrderStatusFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scem replay}: a file of events through the job in event time, alerts to a file; on a
 * file of 10 MB or more, progress on stderr every two seconds.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Process a JSON Lines file of events in event time and write every alert (FIRING and RESOLVED) as JSON Lines,"
                + " and the latest status of every order beside it.")
final class ReplayCommand implements Callable<Integer> {
    private static final long PROGRESS_FROM_BYTES = 10L << 20;
    private static final long PROGRESS_EVERY_MILLIS = 2_000;

    @Option(names = "--events", required = true, description = "JSON Lines file of events")
    Path events;

    @Option(names = "--alerts", required = true, description = "where to write the alerts (dead letters go beside it)")
    Path alerts;

    @Option(names = "--rules", defaultValue = "${env:SCEM_RULES:-rules}", description = "rules directory (default: ${DEFAULT-VALUE})")
    Path rules;

    @Option(names = "--parallelism", defaultValue = "2", converter = Bounded.AtLeastOne.class, description = "Flink parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--out-of-order-bound", defaultValue = "5m", converter = DurationConverter.class,
            description = "how late an event may arrive and still count (default: ${DEFAULT-VALUE})")
    Duration bound;

    @Option(names = "--follow-orders", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "run the ATP book and the order status stage (the default); --no-follow-orders runs the rules"
                    + " alone, for a faster backtest: no ORDER_AT_RISK, and no ATP or order status files")
    boolean followOrders;

    @Option(names = "--influx-url", converter = Bounded.InfluxUrl.class, description = "also write the job's metrics to this InfluxDB, at the events' times "
            + "(e.g. http://localhost:8086)")
    String influxUrl;

    @Option(names = "--influx-database", defaultValue = "scem", description = "InfluxDB database (default: ${DEFAULT-VALUE})")
    String influxDatabase;

    @Override
    public Integer call() throws Exception {
        // The alerts and the files written beside them (dead letters, ATP, order status) go to
        // one directory: checked (and made) here, not found wrong by the job's last sink after
        // the whole run.
        String problem = CommandFiles.cannotRead(events);
        if (problem == null) problem = CommandFiles.cannotWrite(alerts);
        if (problem != null) {
            System.err.println("scem replay: " + problem);
            return 2;
        }
        RuleSet ruleSet = RulesCommand.compileOrReport(rules);
        if (ruleSet == null) return 1;
        long size = Files.size(events);
        System.err.printf("replaying %s (%,d MB) with the rules in %s at parallelism %d%n", events, size >> 20, rules, parallelism);
        // One file is one split, never idle before it ends: idleness would only add risk.
        JobSettings settings = JobSettings.defaults().withOutOfOrderBound(bound).withIdleTimeout(Duration.ZERO)
                .withFollowOrders(followOrders);
        InfluxSettings influx = influxUrl == null ? null : InfluxSettings.of(influxUrl, influxDatabase);
        InfluxPreflight.warnIfDown("scem replay", influx, System.err::println);
        Thread progress = size >= PROGRESS_FROM_BYTES ? startProgress(size) : null;
        Replay.Result result;
        try {
            Replay replay = new Replay(settings, ruleSet);
            if (influx != null) replay = replay.withMetrics(influx);
            result = replay.run(Environments.local(parallelism), events, alerts);
        } finally {
            if (progress != null) {
                progress.interrupt();
                progress.join();
            }
        }
        System.err.printf("done in %.1f s: %,d alerts -> %s, %,d dead letters -> %s", result.millis() / 1000.0,
                result.alerts(), alerts, result.deadLetters(), Replay.deadLetterPathFor(alerts));
        if (result.followedOrders()) {
            System.err.printf(", %,d ATP decisions -> %s, ATP profiles at the end -> %s, %,d orders -> %s%n",
                    result.atpDecisions(), Replay.atpDecisionsPathFor(alerts), Replay.atpProfilesPathFor(alerts),
                    result.orders(), OrderStatusFile.besideAlerts(alerts));
        } else {
            System.err.printf(" (orders not followed: no ATP or order status files)%n");
        }
        if (result.ruleFailures() > 0) {
            System.err.printf("rules failed at run time %,d time%s, each time skipped (a statement for that fact, or every"
                    + " rule for a fact its filter threw on): the first failure of each is in %s%n",
                    result.ruleFailures(), result.ruleFailures() == 1 ? "" : "s", logFile());
        }
        return 0;
    }

    /**
     * Prints lines read, percent of the file and lines/s to stderr every two seconds while the
     * replay runs. Only for files of 10 MB or more (a few seconds of work): short replays stay
     * quiet, whether stderr is a terminal or a log. The counts come from {@link ReplayProgress},
     * which the readers of the embedded MiniCluster update in this JVM.
     */
    private static Thread startProgress(long size) {
        ReplayProgress.reset();
        Thread t = new Thread(() -> {
            long lastLines = 0;
            long lastTime = System.nanoTime();
            try {
                while (true) {
                    Thread.sleep(PROGRESS_EVERY_MILLIS);
                    long lines = ReplayProgress.lines();
                    long now = System.nanoTime();
                    double rate = (lines - lastLines) / ((now - lastTime) / 1e9);
                    long percent = Math.min(100, ReplayProgress.bytes() * 100 / size);
                    System.err.printf("  %,d lines (%d%%), %,.0f lines/s%n", lines, percent, rate);
                    lastLines = lines;
                    lastTime = now;
                }
            } catch (InterruptedException done) {
                // the replay ended
            }
        }, "scem-replay-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The file log4j2-cli.properties logs to (its appender "File"), or "the log" when the log goes elsewhere. */
    private static String logFile() {
        if (LogManager.getContext(false) instanceof LoggerContext context
                && context.getConfiguration().getAppender("File") instanceof FileAppender file) {
            return file.getFileName();
        }
        return "the log";
    }
}
