package io.scem.jobs.notify;

import io.scem.jobs.config.PropertiesFile;
import io.scem.jobs.io.Checkpoints;
import io.scem.jobs.kafka.KafkaConnection;
import io.scem.jobs.metrics.InfluxSettings;
import io.scem.jobs.monitoring.ScemConfig;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * What the notifier job needs besides its channels ({@link NotifierSettings}), from the same
 * properties file ({@code config/notify.properties}), parsed once.
 *
 * @param routingFile the routing tree and receivers (rules/routing.yaml), re-read when it changes
 * @param silencesFile the silences ({@code ./scem silence add}), re-read when it changes
 * @param dashboardUrl where alert messages link to (Grafana)
 * @param checkpointInterval how often delivery state (what was sent, what waits) is checkpointed
 * @param checkpointDir where checkpoints go, or null for the cluster's setting
 * @param kafka the bootstrap servers and the {@code kafka.client.*} settings every Kafka client of the job gets
 * @param influx where per-attempt metrics go (InfluxDB v1 /write), or null for none
 */
public record NotifierJobSettings(KafkaConnection kafka, String groupId, String routingFile, String silencesFile,
        String dashboardUrl, Duration checkpointInterval, String checkpointDir, InfluxSettings influx,
        NotifierSettings channels)
        implements Serializable {

    /** The Grafana dashboard of alerts (dashboards/, uid scem-alerts) on a local Grafana. */
    public static final String DEFAULT_DASHBOARD_URL = "http://localhost:3000/d/scem-alerts/alerts";

    private static final Set<String> KEYS = Set.of("kafka.bootstrap", "kafka.group-id", "routing.file", "silences.file",
            "dashboard.url", "job.checkpoint-interval", "job.checkpoint-dir");

    public static NotifierJobSettings load(Path file) throws IOException {
        return load(file, System::getenv);
    }

    /** @param env looks up environment variables for {@code env:} secrets */
    public static NotifierJobSettings load(Path file, UnaryOperator<String> env) throws IOException {
        PropertiesFile settings = PropertiesFile.read(file);
        Properties p = settings.values();
        TreeSet<String> known = new TreeSet<>(KEYS);
        known.addAll(InfluxSettings.KEYS);
        // smtp.*, sms.* and notify.* are the channels' keys, which NotifierSettings checks.
        List<String> errors = new ArrayList<>(
                settings.unknownKeys(known, List.of(KafkaConnection.PREFIX, "smtp.", "sms.", "notify.")));
        NotifierSettings channels = NotifierSettings.parse(p, env, errors);
        KafkaConnection kafka = KafkaConnection.parse(p, env, errors);
        InfluxSettings influx = InfluxSettings.parse(p, env, errors);
        Duration checkpoints = Duration.ofSeconds(10);
        try {
            String interval = p.getProperty("job.checkpoint-interval");
            if (interval != null && !interval.isBlank()) checkpoints = ScemConfig.parseDuration(interval.trim());
        } catch (IllegalArgumentException e) {
            errors.add("job.checkpoint-interval: " + e.getMessage());
        }
        if (!errors.isEmpty()) throw settings.problems(errors);
        Path base = file.toAbsolutePath().getParent();
        return new NotifierJobSettings(kafka, orDefault(text(p, "kafka.group-id"), "scem-notifier"),
                resolve(base, orDefault(text(p, "routing.file"), "rules/routing.yaml")),
                resolve(base, orDefault(text(p, "silences.file"), "silences.jsonl")),
                orDefault(text(p, "dashboard.url"), DEFAULT_DASHBOARD_URL), checkpoints, Checkpoints.directoryUri(p.getProperty("job.checkpoint-dir")),
                influx, channels);
    }

    /** As ScemConfig does for rules.dir: a relative path that is not in the working directory is next to the file. */
    private static String resolve(Path base, String path) {
        Path p = Path.of(path);
        return p.isAbsolute() || Files.exists(p) || base == null ? p.toString() : base.resolve(p).toString();
    }

    private static String text(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
