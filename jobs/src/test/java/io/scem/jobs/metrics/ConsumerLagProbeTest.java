package io.scem.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.jobs.testing.KafkaBroker;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ConsumerLagProbe} against a real broker: log end minus committed, from the start where nothing is committed. */
class ConsumerLagProbeTest {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @Test
    void lagIsWhatTheGroupHasNotCommittedOverAllPartitions() throws Exception {
        KAFKA.createTopics(2, "lag.a", "lag.b");
        KAFKA.produce("lag.a", 0, List.of("1", "2", "3", "4", "5"));
        KAFKA.produce("lag.a", 1, List.of("6", "7"));
        KAFKA.produce("lag.b", 0, List.of("8"));

        try (ConsumerLagProbe probe = new ConsumerLagProbe(KAFKA.connection(), "lag-group", List.of("lag.a", "lag.b"))) {
            assertThat(probe.lag()).as("nothing committed").isEqualTo(8);
            commit("lag-group", Map.of(new TopicPartition("lag.a", 0), 3L, new TopicPartition("lag.b", 0), 1L));
            assertThat(probe.lag()).as("2 left on lag.a-0, 2 on lag.a-1, none on lag.b").isEqualTo(4);
        }
    }

    private static void commit(String group, Map<TopicPartition, Long> offsets) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(offsets.keySet());
            Map<TopicPartition, OffsetAndMetadata> commits = new java.util.HashMap<>();
            offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
            consumer.commitSync(commits);
        }
    }
}
