package io.scem.jobs.monitoring;

import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.core.atp.AtpDecision;
import io.scem.core.atp.AtpJson;
import io.scem.core.atp.AtpProfile;
import io.scem.core.event.DeadLetter;
import io.scem.core.event.Decoded;
import io.scem.core.order.OrderStatus;
import io.scem.core.order.OrderStatusJson;
import io.scem.core.rules.RuleSet;
import io.scem.jobs.io.DeadLetterJson;
import io.scem.jobs.io.AlertFileSorter;
import io.scem.jobs.io.JsonLinesFileSink;
import io.scem.jobs.io.JsonLinesFormat;
import io.scem.jobs.metrics.InfluxSettings;
import io.scem.jobs.metrics.PipelineMetrics;
import io.scem.jobs.orders.OrderStatusFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the monitoring job over a JSON Lines file in event time and writes every alert, then
 * sorts the alerts file by (at, FIRING before RESOLVED, rule, key) so that replays compare
 * line by line whatever the parallelism. Dead letters go to {@code <alerts>.dead-letter.jsonl},
 * the ATP book's decisions (in decision order) to {@code <alerts>.atp-decisions.jsonl}, the
 * latest ATP profile of every site and SKU at the end of input to {@code <alerts>.atp.jsonl}
 * (what {@code scem atp --profiles} reads), and the latest status of every order to {@code
 * <alerts>.order-status.jsonl}, sorted by orderId.
 */
public final class Replay {
    /**
     * What a replay produced; {@code followedOrders} false: no ATP decisions, ATP profiles or
     * order statuses were made (see {@link JobSettings#followOrders}), and none of their files written.
     */
    public record Result(long alerts, long deadLetters, long atpDecisions, long orders, boolean followedOrders,
            long ruleFailures, long millis) {}

    /** How often a replay's sources emit a watermark (Flink's default: 200 ms); see {@link #keepRecordsYoung}. */
    private static final Duration WATERMARK_INTERVAL = Duration.ofMillis(50);
    /** How long a replay's partly filled network buffer waits before it is sent (Flink's default: 100 ms). */
    private static final Duration BUFFER_TIMEOUT = Duration.ofMillis(20);

    private final JobSettings settings;
    private final RuleSet rules;
    /** Where to write the replay's metrics; null: nowhere. */
    private final InfluxSettings metrics;

    public Replay(JobSettings settings, RuleSet rules) {
        // A replay is bounded and writes plain files: a failed one is run again, not restored.
        // One file is one partition: no partition can fall idle and hold the clock back.
        // Only the profiles at the end go to the file: publishing them as they change would write
        // every stock again at every watermark.
        this(settings.withoutCheckpoints().withIdleTimeout(Duration.ZERO).withAtpPublishInterval(Duration.ZERO), rules, null);
    }

    private Replay(JobSettings settings, RuleSet rules, InfluxSettings metrics) {
        this.settings = settings;
        this.rules = rules;
        this.metrics = metrics;
    }

    /**
     * This replay, also writing the job's metrics to InfluxDB at the events' own times: a
     * replayed month fills the dashboards for that month.
     */
    public Replay withMetrics(InfluxSettings influx) {
        return new Replay(settings, rules, influx);
    }

    public Result run(StreamExecutionEnvironment env, Path events, Path alertsOut) throws Exception {
        long start = System.currentTimeMillis();
        Path deadLetterOut = deadLetterPathFor(alertsOut);
        FileSource<Decoded> source = FileSource
                .forRecordStreamFormat(new JsonLinesFormat(events.getFileName().toString(),
                        settings.outOfOrderBound().toMillis()), new org.apache.flink.core.fs.Path(events.toUri()))
                .build();
        MonitoringJob.Outputs outputs = new MonitoringJob(settings, rules).build(env, source,
                new JsonLinesFileSink<Alert>(alertsOut, AlertJson::write),
                new JsonLinesFileSink<DeadLetter>(deadLetterOut, DeadLetterJson::write));
        Path decisionsOut = atpDecisionsPathFor(alertsOut);
        Path profilesOut = atpProfilesPathFor(alertsOut);
        Path orderStatusOut = OrderStatusFile.besideAlerts(alertsOut);
        outputs.orders().ifPresent(orders -> {
            orders.atpDecisions().sinkTo(new JsonLinesFileSink<AtpDecision>(decisionsOut, AtpJson::writeDecision))
                    .uid("atp-decisions-sink").name("atp-decisions-sink").setParallelism(1);
            orders.atpProfiles().sinkTo(new JsonLinesFileSink<AtpProfile>(profilesOut, AtpJson::writeProfile))
                    .uid("atp-profiles-sink").name("atp-profiles-sink").setParallelism(1);
            // The latest status of each order (the final one when it ended, else the one it had
            // when the job let go of it or at the end), not every change: a month of changes would
            // be as many lines as events.
            orders.ended().union(orders.released())
                    .sinkTo(new JsonLinesFileSink<OrderStatus>(orderStatusOut, OrderStatusJson::write))
                    .uid("order-status-sink").name("order status to a file").setParallelism(1);
        });
        if (metrics != null) {
            PipelineMetrics.writeTo(outputs, rules.items(), metrics, null);
        }
        Configuration failFast = new Configuration();
        failFast.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        env.configure(failFast);
        keepRecordsYoung(env);
        Long failures = env.execute("scem replay " + events.getFileName())
                .getAccumulatorResult(RuleEvaluationOperator.RULE_FAILURES);
        long ruleFailures = failures == null ? 0 : failures;
        long alerts = AlertFileSorter.sort(alertsOut);
        if (outputs.orders().isEmpty()) {
            // Files of an earlier replay to the same name would pass for this one's.
            for (Path stale : List.of(decisionsOut, profilesOut, orderStatusOut)) Files.deleteIfExists(stale);
            return new Result(alerts, countLines(deadLetterOut), 0, 0, false, ruleFailures,
                    System.currentTimeMillis() - start);
        }
        keepLatestProfiles(profilesOut);
        long orders = OrderStatusFile.sort(orderStatusOut);
        return new Result(alerts, countLines(deadLetterOut), countLines(decisionsOut), orders, true, ruleFailures,
                System.currentTimeMillis() - start);
    }

    /**
     * A replay reads as fast as the machine goes, and every event waits in the heap until the
     * watermark passes it; each order signal it makes then waits again at the order status
     * stage, whose watermark comes through the alert stages. With Flink's defaults (a watermark
     * every 200 ms, a partly filled network buffer sent after 100 ms at each hop) 111,000 signals
     * were seen waiting at once, each for up to half a second and more: long enough to outlive a
     * young collection, so they were copied into the old generation, to die there and be
     * reclaimed by full collections.
     * Shorter waits nearly halve the collector's time in the 6 M replay (bench/PERFORMANCE.md,
     * "Records that die young"). The results do not depend on either interval.
     */
    private static void keepRecordsYoung(StreamExecutionEnvironment env) {
        env.getConfig().setAutoWatermarkInterval(WATERMARK_INTERVAL.toMillis());
        env.setBufferTimeout(BUFFER_TIMEOUT.toMillis());
    }

    public static Path deadLetterPathFor(Path alertsOut) {
        return siblingOf(alertsOut, ".dead-letter.jsonl");
    }

    public static Path atpDecisionsPathFor(Path alertsOut) {
        return siblingOf(alertsOut, ".atp-decisions.jsonl");
    }

    public static Path atpProfilesPathFor(Path alertsOut) {
        return siblingOf(alertsOut, ".atp.jsonl");
    }

    private static Path siblingOf(Path alertsOut, String suffix) {
        String name = alertsOut.getFileName().toString();
        String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return alertsOut.resolveSibling(base + suffix);
    }

    /**
     * The book publishes a stock's profile at every watermark it changed by; the file keeps only
     * the last of each site and SKU (as the compacted topic does), sorted by site and SKU.
     */
    private static void keepLatestProfiles(Path profiles) throws IOException {
        java.util.Map<String, String> latest = new java.util.TreeMap<>();
        try (var lines = Files.lines(profiles, StandardCharsets.UTF_8)) {
            lines.forEach(line -> latest.put(AtpJson.readProfile(line).key(), line));
        }
        Files.write(profiles, latest.values(), StandardCharsets.UTF_8);
    }

    /** The order alerts are listed in: by time, FIRING before RESOLVED, then rule and key (as {@link AlertFileSorter}). */
    public static final Comparator<Alert> ORDER = Comparator.<Alert>comparingLong(a -> a.at)
            .thenComparing(a -> a.isFiring() ? 0 : 1)
            .thenComparing(a -> a.rule)
            .thenComparing(a -> a.key);

    private static long countLines(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }
}
