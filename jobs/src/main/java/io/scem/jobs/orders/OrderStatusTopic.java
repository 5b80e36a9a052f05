package io.scem.jobs.orders;

import io.scem.core.order.OrderStatus;
import io.scem.core.order.OrderStatusJson;
import io.scem.jobs.kafka.KafkaConnection;
import io.scem.jobs.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads the latest status of one order from {@code scem.order-status}. Kafka has no lookup by key:
 * this scans, from the beginning, the one partition the key is written to (the producer's default
 * partitioner: murmur2 of the key), up to its last committed offset, and keeps the key's last
 * record. Compaction keeps that partition to about one record per order, so the scan is fine for
 * a command line; a service answering many lookups would keep a table (a KTable, a database)
 * fed by the topic instead.
 */
public final class OrderStatusTopic {
    private static final Duration POLL = Duration.ofMillis(200);

    private OrderStatusTopic() {}

    public static Optional<OrderStatus> find(KafkaConnection kafka, String orderId, Duration timeout) {
        Properties p = kafka.clientProperties();
        // The job writes in transactions: an aborted change never happened.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "scem-order");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            int partitions = consumer.partitionsFor(Topics.ORDER_STATUS, timeout).size();
            TopicPartition partition = new TopicPartition(Topics.ORDER_STATUS, partitionOf(orderId, partitions));
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            String latest = null;
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + partition + " took longer than " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                    if (orderId.equals(r.key())) latest = r.value();
                }
            }
            // A tombstone (null) would mean the order was deleted from the topic.
            return latest == null ? Optional.empty() : Optional.of(OrderStatusJson.read(latest));
        }
    }

    /** The partition Kafka's default partitioner puts a record with this key in. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
