package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.rules.RuleSet;
import io.scem.jobs.kafka.KafkaConnection;
import io.scem.jobs.metrics.InfluxSettings;
import io.scem.jobs.notify.DeliveryPolicy;
import io.scem.jobs.notify.NotifierJobMain;
import io.scem.jobs.notify.NotifierJobSettings;
import io.scem.jobs.notify.NotifierSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * Every operator of both production jobs, as wired by their entry points with every optional
 * part on (metrics to InfluxDB), has an explicit uid: a savepoint maps state to operators by
 * uid, and a generated one changes with the shape of the graph, so that an operator added
 * upstream would orphan the state of those after it. No cluster is needed, only the graph.
 */
class OperatorUidTest {
    private static final KafkaConnection NO_BROKER = KafkaConnection.plaintext("localhost:9");
    private static final InfluxSettings NO_INFLUX = InfluxSettings.of("http://localhost:9", "scem");

    @Test
    void shouldGiveEveryOperatorOfTheMonitoringJobAUid() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScemConfig config = new ScemConfig(NO_BROKER, "scem-monitoring", Path.of("../rules"), Duration.ofSeconds(1),
                NO_INFLUX, JobSettings.defaults(), 2);

        MonitoringJobMain.build(env, config, RuleSet.compile(config.rulesDir()));

        assertEveryOperatorHasAUid(env);
    }

    @Test
    void shouldGiveEveryOperatorOfTheNotifierAUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        NotifierJobSettings settings = new NotifierJobSettings(NO_BROKER, "scem-notifier", "../rules/routing.yaml",
                "silences.jsonl", NotifierJobSettings.DEFAULT_DASHBOARD_URL, Duration.ofSeconds(10), null, NO_INFLUX,
                new NotifierSettings(null, null, DeliveryPolicy.DEFAULTS));

        NotifierJobMain.build(env, settings);

        assertEveryOperatorHasAUid(env);
    }

    private static void assertEveryOperatorHasAUid(StreamExecutionEnvironment env) {
        List<StreamNode> nodes = List.copyOf(env.getStreamGraph().getStreamNodes());
        assertThat(nodes).as("the job's operators").hasSizeGreaterThan(5);
        assertThat(nodes).filteredOn(node -> node.getTransformationUID() == null && node.getUserHash() == null)
                .extracting(StreamNode::getOperatorName).as("operators without a uid").isEmpty();
    }
}
