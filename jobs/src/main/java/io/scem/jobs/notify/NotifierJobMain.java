package io.scem.jobs.notify;

import io.scem.core.alert.Alert;
import io.scem.jobs.kafka.KafkaIo;
import io.scem.jobs.kafka.Topics;
import java.util.List;
import io.scem.jobs.metrics.InfluxMetricsSink;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The production notifier: {@code flink run -c io.scem.jobs.notify.NotifierJobMain
 * scem-jobs-flink-job.jar --config notify.properties}; {@code ./scem notify --config FILE} runs the
 * same on an embedded cluster.
 */
public final class NotifierJobMain {
    public static final String JOB_NAME = "scem notifier";

    private NotifierJobMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: NotifierJobMain --config FILE");
            System.exit(2);
        }
        NotifierJobSettings settings = NotifierJobSettings.load(Path.of(args[1]));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, settings);
        env.execute(JOB_NAME);
    }

    /** The topics {@link #build} reads and writes. */
    public static final List<String> TOPICS = List.of(Topics.ALERTS, Topics.NOTIFICATIONS);

    /** Wires the production notifier into {@code env}; tests call it with their own broker. */
    public static void build(StreamExecutionEnvironment env, NotifierJobSettings settings) {
        // NOTIFICATION_FAILING alerts are few and must not wait for a checkpoint: at least once.
        Sink<Alert> channelAlerts = KafkaIo.alertSink(settings.kafka(), settings.groupId() + "-alerts", false);
        new NotifierJob(settings).build(env,
                KafkaIo.alertSource(settings.kafka(), settings.groupId(),
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)),
                channelAlerts, KafkaIo.notificationLogSink(settings.kafka()),
                settings.influx() == null ? null : new InfluxMetricsSink(settings.influx(), "notifier"));
    }
}
