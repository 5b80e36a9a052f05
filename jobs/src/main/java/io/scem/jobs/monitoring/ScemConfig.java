package io.scem.jobs.monitoring;

import io.scem.jobs.config.PropertiesFile;
import io.scem.jobs.io.Checkpoints;
import io.scem.jobs.kafka.KafkaConnection;
import io.scem.jobs.metrics.InfluxSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production job's configuration, read once from a properties file (see
 * {@code config/scem.properties}). Unknown keys and bad values are errors at their line ({@link PropertiesFile});
 * secrets (Kafka client passwords, the InfluxDB password) are {@code env:NAME} or
 * {@code file:PATH} and show as {@code ***} in {@code toString()}.
 *
 * @param kafka the bootstrap servers and the {@code kafka.client.*} settings every Kafka client of the job gets
 * @param influx where metrics go, or null for none
 * @param parallelism the job's, or 0 for the cluster's
 * @param watermarkInterval how often the sources emit watermarks, or null for the cluster's (Flink's default: 200 ms)
 * @param bufferTimeout how long a network buffer may wait to fill before it is sent, or null for the cluster's
 *     (Flink's default: 100 ms); 0 sends every record at once
 * @param maxEventLead how far ahead of the wall clock an event's {@code occurredAt} may be; later ones
 *     are dead letters ("future"), see {@code EventIntake}; 0 lets any through
 */
public record ScemConfig(
        KafkaConnection kafka, String kafkaGroupId, Path rulesDir, Duration rulesReloadInterval, InfluxSettings influx,
        JobSettings job, int parallelism, Duration watermarkInterval, Duration bufferTimeout, Duration maxEventLead) {

    /** {@code job.max-event-lead} unless set. */
    public static final Duration DEFAULT_MAX_EVENT_LEAD = Duration.ofMinutes(15);

    /** For wirings fed simulated histories (tests, the Kafka benchmark), whose time is not the wall clock's: no lead check. */
    public ScemConfig(KafkaConnection kafka, String kafkaGroupId, Path rulesDir, Duration rulesReloadInterval,
            InfluxSettings influx, JobSettings job, int parallelism, Duration watermarkInterval, Duration bufferTimeout) {
        this(kafka, kafkaGroupId, rulesDir, rulesReloadInterval, influx, job, parallelism, watermarkInterval, bufferTimeout,
                Duration.ZERO);
    }

    /** How the job follows the rules directory, or null if reloading is off. */
    public RuleReload ruleReload() {
        return rulesReloadInterval.isZero() ? null : new RuleReload(rulesDir.toString(), rulesReloadInterval);
    }

    private static final Set<String> KEYS = Set.of(
            "kafka.bootstrap", "kafka.group-id", "rules.dir", "rules.reload-interval",
            "job.out-of-order-bound", "job.dedup-horizon", "job.closed-entity-retention",
            "job.checkpoint-interval", "job.checkpoint-dir", "job.idle-timeout", "job.parallelism",
            "job.correlation-threshold", "job.idle-entity-ttl", "job.atp-horizon", "job.atp-publish-interval",
            "job.follow-orders", "job.watermark-interval", "job.buffer-timeout", "job.max-event-lead");

    public static ScemConfig load(Path file) throws IOException {
        return load(file, System::getenv);
    }

    /** @param env looks up environment variables for {@code env:} secrets */
    public static ScemConfig load(Path file, UnaryOperator<String> env) throws IOException {
        PropertiesFile settings = PropertiesFile.read(file);
        Properties p = settings.values();
        TreeSet<String> known = new TreeSet<>(KEYS);
        known.addAll(InfluxSettings.KEYS);
        List<String> errors = new ArrayList<>(settings.unknownKeys(known, List.of(KafkaConnection.PREFIX)));
        KafkaConnection kafka = KafkaConnection.parse(p, env, errors);
        InfluxSettings influx = InfluxSettings.parse(p, env, errors);
        JobSettings d = JobSettings.defaults();
        JobSettings job = new JobSettings(
                duration(p, "job.out-of-order-bound", d.outOfOrderBound(), errors),
                duration(p, "job.dedup-horizon", d.dedupHorizon(), errors),
                duration(p, "job.closed-entity-retention", d.closedEntityRetention(), errors),
                duration(p, "job.checkpoint-interval", d.checkpointInterval(), errors),
                Checkpoints.directoryUri(p.getProperty("job.checkpoint-dir")),
                duration(p, "job.idle-timeout", d.idleTimeout(), errors),
                whole(p, "job.correlation-threshold", d.correlationThreshold(), 2, errors),
                duration(p, "job.idle-entity-ttl", d.idleEntityTtl(), errors),
                positive(duration(p, "job.atp-horizon", d.atpHorizon(), errors), "job.atp-horizon", d.atpHorizon(), errors),
                duration(p, "job.atp-publish-interval", d.atpPublishInterval(), errors),
                bool(p, "job.follow-orders", d.followOrders(), errors));
        Duration reloadInterval = duration(p, "rules.reload-interval", Duration.ofSeconds(1), errors);
        Duration watermarkInterval = duration(p, "job.watermark-interval", null, errors);
        if (watermarkInterval != null && watermarkInterval.isZero()) {
            errors.add("job.watermark-interval: must be above 0 (without watermarks no deadline ever fires)");
        }
        Duration bufferTimeout = duration(p, "job.buffer-timeout", null, errors);
        Duration maxEventLead = duration(p, "job.max-event-lead", DEFAULT_MAX_EVENT_LEAD, errors);
        int parallelism = 0;
        try {
            parallelism = Integer.parseInt(p.getProperty("job.parallelism", "0").trim());
        } catch (NumberFormatException e) {
            errors.add("job.parallelism: '" + p.getProperty("job.parallelism").trim() + "' is not a whole number");
        }
        if (!errors.isEmpty()) throw settings.problems(errors);
        Path rules = Path.of(p.getProperty("rules.dir", "rules"));
        if (!rules.isAbsolute() && file.toAbsolutePath().getParent() != null && !Files.isDirectory(rules)) {
            rules = file.toAbsolutePath().getParent().resolve(rules);
        }
        return new ScemConfig(kafka, p.getProperty("kafka.group-id", "scem-monitoring").trim(), rules, reloadInterval, influx,
                job, parallelism, watermarkInterval, bufferTimeout, maxEventLead);
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}, and {@code 0} (zero). */
    public static Duration parseDuration(String text) {
        if (text.trim().equals("0")) return Duration.ZERO;
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 500ms, 30s, 5m, 2h or 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static Duration duration(Properties p, String key, Duration fallback, List<String> errors) {
        String value = p.getProperty(key);
        if (value == null) return fallback;
        try {
            return parseDuration(value);
        } catch (IllegalArgumentException e) {
            errors.add(key + ": " + e.getMessage());
            return fallback;
        }
    }

    private static boolean bool(Properties p, String key, boolean fallback, List<String> errors) {
        String value = p.getProperty(key);
        if (value == null) return fallback;
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                errors.add(key + ": '" + value.trim() + "' is not true or false");
                yield fallback;
            }
        };
    }

    private static Duration positive(Duration value, String key, Duration fallback, List<String> errors) {
        if (!value.isZero()) return value;
        errors.add(key + ": must be more than 0");
        return fallback;
    }

    private static int whole(Properties p, String key, int fallback, int min, List<String> errors) {
        String value = p.getProperty(key);
        if (value == null) return fallback;
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(key + ": '" + value + "' is not a whole number of at least " + min);
        return fallback;
    }
}
