package io.scem.jobs.monitoring;

import io.scem.core.alert.Alert;
import io.scem.core.event.DeadLetter;
import io.scem.core.event.Decoded;
import io.scem.core.rules.RuleSet;
import io.scem.jobs.kafka.KafkaIo;
import io.scem.jobs.kafka.Topics;
import java.util.ArrayList;
import java.util.List;
import io.scem.jobs.metrics.ConsumerLagProbe;
import io.scem.jobs.metrics.PipelineMetrics;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The production monitoring job: Kafka in, exactly-once alerts, dead letters, ATP decisions and
 * order statuses out, the latest ATP profiles to the compacted {@code scem.atp} (at least once),
 * metrics to InfluxDB. {@code flink run -c io.scem.jobs.monitoring.MonitoringJobMain scem-jobs-flink-job.jar
 * --config scem.properties}; {@code ./scem run --config FILE} runs the same on an embedded cluster.
 */
public final class MonitoringJobMain {
    public static final String JOB_NAME = "scem monitoring";

    private MonitoringJobMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: MonitoringJobMain --config FILE");
            System.exit(2);
        }
        ScemConfig config = ScemConfig.load(Path.of(args[1]));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, config, RuleSet.compile(config.rulesDir()));
        env.execute(JOB_NAME);
    }

    /** The topics {@link #build} reads and writes, which must exist on a broker that does not create topics. */
    public static List<String> topics(ScemConfig config) {
        List<String> topics = new ArrayList<>(Topics.INPUTS);
        topics.addAll(List.of(Topics.ALERTS, Topics.DEAD_LETTER));
        if (config.job().followOrders()) topics.addAll(List.of(Topics.ATP_DECISIONS, Topics.ATP, Topics.ORDER_STATUS));
        return topics;
    }

    /** Wires the production job into {@code env}; tests call it with their own broker and InfluxDB. */
    public static void build(StreamExecutionEnvironment env, ScemConfig config, RuleSet rules) {
        if (config.parallelism() > 0) {
            env.setParallelism(config.parallelism());
        }
        // Both bound how long an event that is due waits in the job: for the next watermark, and
        // for a network buffer to fill at each of the job's exchanges.
        if (config.watermarkInterval() != null) {
            env.getConfig().setAutoWatermarkInterval(config.watermarkInterval().toMillis());
        }
        if (config.bufferTimeout() != null) {
            env.setBufferTimeout(config.bufferTimeout().toMillis());
        }
        Source<Decoded, ?, ?> events = KafkaIo.eventSource(config.kafka(), config.kafkaGroupId(), Topics.INPUTS,
                config.job().outOfOrderBound().toMillis(), config.maxEventLead().toMillis(),
                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST));
        Sink<Alert> alerts = KafkaIo.alertSink(config.kafka(), config.kafkaGroupId() + "-alerts", true);
        Sink<DeadLetter> deadLetters =
                KafkaIo.deadLetterSink(config.kafka(), config.kafkaGroupId() + "-dead-letters", true);
        MonitoringJob.Outputs outputs = new MonitoringJob(config.job(), rules, config.ruleReload()).build(env, events, alerts, deadLetters);
        outputs.orders().ifPresent(orders -> {
            // Not in the ATP book's chain: at job parallelism 1 they would join it and take its max
            // parallelism of 1, and a savepoint of the job at another parallelism (128 for them)
            // would not restore, "Max parallelism mismatch" (RestoreTest, 2 -> 1). A replay keeps
            // them chained: it restores nothing, and serializing every decision cost it a tenth.
            orders.atpDecisions().sinkTo(KafkaIo.atpDecisionSink(config.kafka(), config.kafkaGroupId() + "-atp-decisions", true))
                    .uid("atp-decisions-sink").name("atp-decisions-sink").disableChaining();
            orders.atpProfiles().sinkTo(KafkaIo.atpProfileSink(config.kafka())).uid("atp-profiles-sink")
                    .name("atp-profiles-sink").disableChaining();
            orders.changes()
                    .sinkTo(KafkaIo.orderStatusSink(config.kafka(), config.kafkaGroupId() + "-order-status", true))
                    .uid("order-status-sink").name("order status to Kafka");
        });
        if (config.influx() != null) {
            PipelineMetrics.writeTo(outputs, rules.items(), config.influx(),
                    new ConsumerLagProbe(config.kafka(), config.kafkaGroupId(), Topics.INPUTS));
        }
    }
}
