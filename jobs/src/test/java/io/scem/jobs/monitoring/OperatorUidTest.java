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
import java.util.Set;
import java.util.TreeSet;
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
                NO_INFLUX, JobSettings.defaults(), 2, null, null);

        MonitoringJobMain.build(env, config, RuleSet.compile(config.rulesDir()));

        assertEveryOperatorHasAUid(env);
    }

    /**
     * Without following orders, the job is the same graph less the ATP book, the order status
     * stage and what hangs off them: every other operator keeps its uid, so that a savepoint of
     * either restores in the other (with {@code --allowNonRestoredState} one way).
     */
    @Test
    void shouldLeaveOutOnlyTheOrderStagesWhenNotFollowingOrders() throws Exception {
        RuleSet rules = RuleSet.compile(Path.of("../rules"));
        Set<String> following = uidsOf(JobSettings.defaults(), rules);
        Set<String> notFollowing = uidsOf(JobSettings.defaults().withFollowOrders(false), rules);

        assertThat(following).containsAll(notFollowing);
        Set<String> leftOut = new TreeSet<>(following);
        leftOut.removeAll(notFollowing);
        assertThat(leftOut).containsExactlyInAnyOrder("atp-book", "atp-decisions-sink", "atp-profiles-sink",
                "order-at-risk-alerts", "order-at-risk-signals", "order-status", "order-status-sink", "metrics-orders",
                // the committers of the three sinks
                "Sink Committer: atp-decisions-sink", "Sink Committer: atp-profiles-sink",
                "Sink Committer: order-status-sink");
    }

    private static Set<String> uidsOf(JobSettings settings, RuleSet rules) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        MonitoringJobMain.build(env, new ScemConfig(NO_BROKER, "scem-monitoring", Path.of("../rules"), Duration.ofSeconds(1),
                NO_INFLUX, settings, 2, null, null), rules);
        List<StreamNode> nodes = assertEveryOperatorHasAUid(env);
        Set<String> uids = new TreeSet<>();
        for (StreamNode node : nodes) {
            if (node.getTransformationUID() != null) uids.add(node.getTransformationUID());
        }
        return uids;
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

    /** The job's operators (taken from {@code env}), once checked. */
    private static List<StreamNode> assertEveryOperatorHasAUid(StreamExecutionEnvironment env) {
        List<StreamNode> nodes = List.copyOf(env.getStreamGraph().getStreamNodes());
        assertThat(nodes).as("the job's operators").hasSizeGreaterThan(5);
        assertThat(nodes).filteredOn(node -> node.getTransformationUID() == null && node.getUserHash() == null)
                .extracting(StreamNode::getOperatorName).as("operators without a uid").isEmpty();
        return nodes;
    }
}
