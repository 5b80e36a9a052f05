package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scem.core.event.Instants;
import io.scem.core.order.OrderStatus;
import io.scem.core.order.OrderStatus.Status;
import io.scem.core.order.OrderStatusJson;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The production job ({@link MonitoringJobMain#build}) publishes an order's status to the
 * compacted {@code scem.order-status} topic on a real broker: one simulated order through every
 * milestone (placed, allocated, picked in two picks, shipped, in transit with an ETA and an
 * exception, late, delivered), read back {@code read_committed}: each change once, in order, keyed
 * by orderId, the last one priced with {@code rules/costs.yaml}.
 */
class OrderStatusEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = Flink.miniCluster();

    @BeforeAll
    static void createTopics() throws Exception {
        MonitoringJobEndToEndTest.createTopics(KAFKA);
    }

    private static String event(String id, String type, String at, String fields) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"occurredAt\":\"" + at + "\"," + fields + "}";
    }

    @Test
    void shouldPublishEveryMilestoneOfAnOrderInOrderOnTheCompactedTopic() throws Exception {
        // DC1 has the 10 units the order asks for: the ATP book allocates them (no ORDER_AT_RISK).
        KAFKA.produce(Topics.WAREHOUSE, 0, List.of(
                event("w0", "STOCK_COUNTED", "2026-01-05T07:00:00Z", "\"site\":\"DC1\",\"sku\":\"SKU-1\",\"quantity\":20")));
        KAFKA.produce(Topics.ORDERS, 0, List.of(event("o1", "ORDER_PLACED", "2026-01-05T08:00:00Z",
                "\"orderId\":\"SO-1\",\"customerId\":\"CUST-7\",\"site\":\"DC1\",\"sku\":\"SKU-1\",\"quantity\":10,"
                        + "\"promisedAt\":\"2026-01-07T08:00:00Z\"")));
        KAFKA.produce(Topics.WAREHOUSE, 0, List.of(
                event("w1", "GOODS_ISSUED", "2026-01-05T10:00:00Z", "\"site\":\"DC1\",\"sku\":\"SKU-1\",\"quantity\":6,\"orderId\":\"SO-1\""),
                event("w2", "GOODS_ISSUED", "2026-01-05T11:00:00Z", "\"site\":\"DC1\",\"sku\":\"SKU-1\",\"quantity\":4,\"orderId\":\"SO-1\"")));
        KAFKA.produce(Topics.DISTRIBUTION, 0, List.of(
                event("d1", "SHIPMENT_DISPATCHED", "2026-01-05T12:00:00Z", "\"shipmentId\":\"SH-9\",\"orderId\":\"SO-1\","
                        + "\"carrierId\":\"DHL\",\"site\":\"DC1\",\"destination\":\"Lyon\",\"promisedAt\":\"2026-01-07T08:00:00Z\""),
                event("d2", "SHIPMENT_CHECKPOINT", "2026-01-05T20:00:00Z", "\"shipmentId\":\"SH-9\",\"location\":\"HUB-VIENNA\""),
                event("d3", "SHIPMENT_ETA_UPDATED", "2026-01-05T21:00:00Z", "\"shipmentId\":\"SH-9\",\"eta\":\"2026-01-07T18:00:00Z\""),
                event("d4", "SHIPMENT_EXCEPTION", "2026-01-06T09:00:00Z", "\"shipmentId\":\"SH-9\",\"reason\":\"DAMAGED\""),
                event("d5", "SHIPMENT_DELIVERED", "2026-01-07T15:00:00Z", "\"shipmentId\":\"SH-9\"")));
        MonitoringJobEndToEndTest.produceClockEvents(KAFKA, Instants.parse("2026-01-08T12:00:00Z"));

        JobClient job = MonitoringJobEndToEndTest.start(KAFKA, "scem-order-status", null);
        List<OrderStatus> changes;
        try {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> statusesOf("SO-1").stream()
                    .anyMatch(s -> s.status == Status.DELIVERED));
            // Two more checkpoints: a change published twice would show.
            Thread.sleep(3 * MonitoringJobEndToEndTest.SETTINGS.checkpointInterval().toMillis());
            changes = statusesOf("SO-1");
        } finally {
            job.cancel().get();
        }

        assertThat(changes).extracting(s -> s.version).as("each change once, in order").isSorted().doesNotHaveDuplicates();
        assertThat(changes).extracting(s -> s.status + (s.late ? " late" : "")).containsExactly(
                "ALLOCATED", "PICKED", "PICKED", "SHIPPED", "IN_TRANSIT", "IN_TRANSIT", "IN_TRANSIT", "IN_TRANSIT late",
                "DELIVERED late");
        // Each milestone first appears in lifecycle order, at its event's time.
        List<Status> firstSeen = new ArrayList<>();
        for (OrderStatus s : changes) {
            for (Status step : Status.values()) if (s.milestone(step) != null && !firstSeen.contains(step)) firstSeen.add(step);
        }
        assertThat(firstSeen).containsExactly(Status.PLACED, Status.ALLOCATED, Status.PICKED, Status.SHIPPED,
                Status.IN_TRANSIT, Status.DELIVERED);
        OrderStatus delivered = changes.get(changes.size() - 1);
        assertThat(Arrays.stream(Status.values()).filter(s -> s != Status.CANCELLED).map(delivered::milestone)
                .map(Instants::format)).containsExactly("2026-01-05T08:00:00Z", "2026-01-05T08:00:00Z",
                "2026-01-05T10:00:00Z", "2026-01-05T12:00:00Z", "2026-01-05T20:00:00Z", "2026-01-07T15:00:00Z");
        assertThat(delivered.issuedQuantity).isEqualTo(10);
        assertThat(delivered.picks).isEqualTo(2);
        assertThat(delivered.lastLocation).isEqualTo("HUB-VIENNA");
        assertThat(delivered.eta).isEqualTo(Instants.parse("2026-01-07T18:00:00Z"));
        assertThat(delivered.exceptions).isEqualTo(1);
        assertThat(delivered.latenessMillis(delivered.updatedAt)).isEqualTo(7 * Instants.HOUR);
        assertThat(delivered.costToServe).as("priced with rules/costs.yaml").isNotNull();
        assertThat(delivered.costToServe.margin).isEqualTo(delivered.costToServe.revenue - delivered.costToServe.productCost
                - delivered.costToServe.costToServe, org.assertj.core.data.Offset.offset(0.005));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ORDER_STATUS);
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    /** The order's records on scem.order-status (read_committed), checking that each is keyed by its orderId. */
    private static List<OrderStatus> statusesOf(String orderId) {
        List<OrderStatus> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : KAFKA.consumeRecords(Topics.ORDER_STATUS, true, 1, Duration.ofSeconds(2))) {
            OrderStatus s = OrderStatusJson.read(r.value());
            assertThat(r.key()).isEqualTo(s.orderId);
            if (s.orderId.equals(orderId)) out.add(s);
        }
        return out;
    }
}
