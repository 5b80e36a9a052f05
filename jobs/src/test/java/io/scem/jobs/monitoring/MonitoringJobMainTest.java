package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.rules.RuleSet;
import io.scem.jobs.kafka.KafkaConnection;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** What the production wiring sets on the environment from the configuration file. No cluster is needed. */
class MonitoringJobMainTest {
    private static final KafkaConnection NO_BROKER = KafkaConnection.plaintext("localhost:9");

    @Test
    void setsTheWatermarkIntervalAndBufferTimeoutOfTheFile() throws Exception {
        StreamExecutionEnvironment env = build(Duration.ofMillis(20), Duration.ofMillis(5));

        assertThat(env.getConfig().getAutoWatermarkInterval()).isEqualTo(20);
        assertThat(env.getBufferTimeout()).isEqualTo(5);
    }

    @Test
    void leavesThemToTheClusterWhenTheFileIsSilent() throws Exception {
        StreamExecutionEnvironment untouched = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamExecutionEnvironment env = build(null, null);

        assertThat(env.getConfig().getAutoWatermarkInterval()).isEqualTo(untouched.getConfig().getAutoWatermarkInterval());
        assertThat(env.getBufferTimeout()).isEqualTo(untouched.getBufferTimeout());
    }

    private static StreamExecutionEnvironment build(Duration watermarkInterval, Duration bufferTimeout) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        MonitoringJobMain.build(env, new ScemConfig(NO_BROKER, "scem-monitoring", Path.of("../rules"), Duration.ZERO, null,
                JobSettings.defaults(), 2, watermarkInterval, bufferTimeout), RuleSet.compile(Path.of("../rules")));
        return env;
    }
}
