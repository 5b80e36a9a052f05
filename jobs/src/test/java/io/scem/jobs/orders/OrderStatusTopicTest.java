package io.scem.jobs.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scem.core.order.OrderStatus;
import io.scem.core.order.OrderStatusJson;
import io.scem.jobs.kafka.KafkaConnection;
import io.scem.jobs.kafka.TopicScan;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link OrderStatusTopic} on a real broker: the latest status of one order out of many, read
 * from the one partition the producer's default partitioner put its key in.
 */
class OrderStatusTopicTest {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @Test
    void shouldFindTheLatestStatusOfAnOrderAmongOthersInItsKeysPartition() throws Exception {
        KAFKA.createTopics(3, Topics.ORDER_STATUS);
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int version = 1; version <= 3; version++) {
            for (int order = 1; order <= 20; order++) {
                records.add(Map.entry("SO-" + order, OrderStatusJson.write(status("SO-" + order, version))));
            }
        }
        KAFKA.produceKeyed(Topics.ORDER_STATUS, records);

        for (String orderId : List.of("SO-1", "SO-7", "SO-20")) {
            OrderStatus found = OrderStatusTopic.find(KAFKA.connection(), orderId, Duration.ofSeconds(30)).orElseThrow();
            assertThat(found.orderId).isEqualTo(orderId);
            assertThat(found.version).as("the latest").isEqualTo(3);
        }
        assertThat(OrderStatusTopic.find(KAFKA.connection(), "SO-99", Duration.ofSeconds(30))).isEmpty();
    }

    /** What scem order says then, instead of a stack trace (and exit 1, "no such order"). */
    @Test
    void shouldSayWhenTheBrokerDoesNotAnswerOrHasNoSuchTopic() {
        assertThatThrownBy(() -> OrderStatusTopic.find(KafkaConnection.plaintext("127.0.0.1:9"), "SO-1", Duration.ofSeconds(2)))
                .isInstanceOf(TopicScan.Unreadable.class)
                .hasMessageStartingWith("no answer from Kafka at 127.0.0.1:9 about scem.order-status within 2s (is the broker up?)");
        assertThatThrownBy(() -> TopicScan.readToEnd(KAFKA.connection(), "test", "no-such-topic", TopicScan::all,
                Duration.ofSeconds(10), record -> { }))
                .isInstanceOf(TopicScan.Unreadable.class).hasMessage("no topic no-such-topic at " + KAFKA.bootstrapServers());
    }

    private static OrderStatus status(String orderId, int version) {
        OrderStatus s = OrderStatus.of(orderId);
        s.status = OrderStatus.Status.values()[version];
        s.version = version;
        s.updatedAt = version * 1_000L;
        return s;
    }
}
