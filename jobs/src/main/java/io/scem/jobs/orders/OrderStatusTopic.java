package io.scem.jobs.orders;

import io.scem.core.order.OrderStatus;
import io.scem.core.order.OrderStatusJson;
import io.scem.jobs.kafka.KafkaConnection;
import io.scem.jobs.kafka.TopicScan;
import io.scem.jobs.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads the latest status of one order from {@code scem.order-status}. Kafka has no lookup by key:
 * this scans, from the beginning, the one partition the key is written to (the producer's default
 * partitioner: murmur2 of the key) with {@link TopicScan}, and keeps the key's last
 * record. Compaction keeps that partition to about one record per order, so the scan is fine for
 * a command line; a service answering many lookups would keep a table (a KTable, a database)
 * fed by the topic instead.
 */
public final class OrderStatusTopic {
    private OrderStatusTopic() {}

    public static Optional<OrderStatus> find(KafkaConnection kafka, String orderId, Duration timeout) throws TopicScan.Unreadable {
        String[] latest = new String[1];
        TopicScan.readToEnd(kafka, "scem-order", Topics.ORDER_STATUS, count -> List.of(partitionOf(orderId, count)), timeout,
                record -> {
                    if (orderId.equals(record.key())) latest[0] = record.value();
                });
        // A tombstone (null) would mean the order was deleted from the topic.
        return latest[0] == null ? Optional.empty() : Optional.of(OrderStatusJson.read(latest[0]));
    }

    /** The partition Kafka's default partitioner puts a record with this key in. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
