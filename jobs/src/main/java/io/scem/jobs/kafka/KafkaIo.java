package io.scem.jobs.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.core.atp.AtpDecision;
import io.scem.core.atp.AtpJson;
import io.scem.core.atp.AtpProfile;
import io.scem.core.entity.EntityKeys;
import io.scem.core.event.DeadLetter;
import io.scem.core.event.Decoded;
import io.scem.core.event.SupplyEvent;
import io.scem.core.json.JsonObjectWriter;
import io.scem.core.order.OrderStatus;
import io.scem.core.order.OrderStatusJson;
import io.scem.jobs.io.DeadLetterJson;
import io.scem.jobs.notify.NotificationAttempt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka sources and sinks of the jobs, built the one way they should be.
 *
 * <p>Exactly-once sinks write in Kafka transactions committed when a checkpoint completes: their
 * records become visible to {@code read_committed} readers only then, so alert latency includes
 * up to one checkpoint interval, and without checkpointing nothing is committed before the end
 * of a bounded input. Every exactly-once sink needs a transactional id prefix that no other sink
 * on the same Kafka cluster uses, or they fence each other off.
 */
public final class KafkaIo {
    /**
     * Above any sane checkpoint interval plus restart time (a transaction left open longer is
     * aborted by the broker and its records lost), and within the broker's default
     * {@code transaction.max.timeout.ms} of 15 min.
     */
    public static final String TRANSACTION_TIMEOUT_MS = "600000";

    private KafkaIo() {}

    /**
     * The input source: the given topics decoded into events and dead letters.
     *
     * @param maxLeadMillis how far ahead of the wall clock an event's time may be (0: any), see {@link DecodingDeserializer}
     */
    public static KafkaSource<Decoded> eventSource(KafkaConnection kafka, String groupId, List<String> topics,
            long outOfOrderBoundMillis, long maxLeadMillis, OffsetsInitializer start) {
        return eventSourceBuilder(kafka, groupId, topics, outOfOrderBoundMillis, maxLeadMillis, start).build();
    }

    /** As {@link #eventSource}, left open for a caller to add e.g. {@code setBounded(…)}. */
    public static KafkaSourceBuilder<Decoded> eventSourceBuilder(KafkaConnection kafka, String groupId, List<String> topics,
            long outOfOrderBoundMillis, long maxLeadMillis, OffsetsInitializer start) {
        return KafkaSource.<Decoded>builder()
                .setProperties(kafka.clientProperties())
                .setGroupId(groupId)
                .setClientIdPrefix(groupId)
                .setTopics(topics)
                .setStartingOffsets(start)
                .setDeserializer(new DecodingDeserializer(outOfOrderBoundMillis, maxLeadMillis))
                // Producers of events may write transactionally; never read what they aborted.
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    /** Alerts from {@link Topics#ALERTS}, as the notifier reads them: committed records only. */
    public static KafkaSource<Alert> alertSource(KafkaConnection kafka, String groupId, OffsetsInitializer start) {
        return KafkaSource.<Alert>builder()
                .setProperties(kafka.clientProperties())
                .setGroupId(groupId)
                .setClientIdPrefix(groupId)
                .setTopics(Topics.ALERTS)
                .setStartingOffsets(start)
                .setDeserializer(new AlertDeserializer())
                // The monitoring job writes alerts in transactions: an aborted one never happened.
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .build();
    }

    /**
     * Alerts to {@link Topics#ALERTS} as {@link AlertJson}, keyed by the alert's entity key (else
     * its id), so that all alerts about one entity stay in order in one partition.
     */
    public static KafkaSink<Alert> alertSink(KafkaConnection kafka, String transactionalIdPrefix, boolean exactlyOnce) {
        // Alerts are few and someone waits for each: sent at once, not after the producer's linger
        // (5 ms by default since Kafka 4.0) spent waiting for more to batch with. kafka.client.linger.ms overrides.
        return sink(kafka, transactionalIdPrefix, exactlyOnce,
                new KeyedJson<Alert>(Topics.ALERTS, alert -> alert.key != null ? alert.key : alert.alertId, AlertJson::write),
                Map.of(ProducerConfig.LINGER_MS_CONFIG, "0"));
    }

    /**
     * Dead letters to {@link Topics#DEAD_LETTER} as {@link DeadLetterJson}, keyed by origin
     * (topic-partition or file). Same guarantee switch as alerts: exactly-once (recommended, with
     * its own prefix) so that a restart does not report a bad record twice; at-least-once when a
     * duplicate dead letter is acceptable and immediate visibility matters more.
     */
    public static KafkaSink<DeadLetter> deadLetterSink(
            KafkaConnection kafka, String transactionalIdPrefix, boolean exactlyOnce) {
        return sink(kafka, transactionalIdPrefix, exactlyOnce,
                new KeyedJson<DeadLetter>(Topics.DEAD_LETTER, dead -> dead.origin, DeadLetterJson::write));
    }

    /**
     * ATP decisions to {@link Topics#ATP_DECISIONS}, keyed by orderId; exactly-once (with its own
     * prefix) like the alerts they go with, or at-least-once.
     */
    public static KafkaSink<AtpDecision> atpDecisionSink(KafkaConnection kafka, String transactionalIdPrefix, boolean exactlyOnce) {
        return sink(kafka, transactionalIdPrefix, exactlyOnce,
                new KeyedJson<AtpDecision>(Topics.ATP_DECISIONS, d -> d.orderId, AtpJson::writeDecision));
    }

    /**
     * ATP profiles to the compacted {@link Topics#ATP}, keyed by {@code site|sku}, at least once: a
     * profile repeated after a restart is the same latest value, and one held back until a
     * checkpoint would leave {@code scem atp} up to a checkpoint behind.
     */
    public static KafkaSink<AtpProfile> atpProfileSink(KafkaConnection kafka) {
        return sink(kafka, null, false,
                new KeyedJson<AtpProfile>(Topics.ATP, AtpProfile::key, AtpJson::writeProfile));
    }

    /**
     * Order statuses to {@link Topics#ORDER_STATUS} as {@link OrderStatusJson}, keyed by orderId
     * (compaction keeps the latest per key; one order's changes stay in order in one partition).
     * Exactly-once, like the alerts, with its own transactional id prefix: a restore publishes no
     * change twice, and readers ({@code read_committed}) see changes at each checkpoint.
     */
    public static KafkaSink<OrderStatus> orderStatusSink(KafkaConnection kafka, String transactionalIdPrefix, boolean exactlyOnce) {
        return sink(kafka, transactionalIdPrefix, exactlyOnce,
                new KeyedJson<OrderStatus>(Topics.ORDER_STATUS, status -> status.orderId, OrderStatusJson::write));
    }

    /**
     * The notification log to {@link Topics#NOTIFICATIONS}, at least once: an entry repeated after
     * a restart is harmless, one held back until a checkpoint would hide what was just sent.
     */
    public static KafkaSink<NotificationAttempt> notificationLogSink(KafkaConnection kafka) {
        return sink(kafka, null, false,
                new KeyedJson<NotificationAttempt>(Topics.NOTIFICATIONS, entry -> entry.receiver, KafkaIo::notificationJson));
    }

    private static <T> KafkaSink<T> sink(
            KafkaConnection kafka, String transactionalIdPrefix, boolean exactlyOnce, KafkaRecordSerializationSchema<T> records) {
        return sink(kafka, transactionalIdPrefix, exactlyOnce, records, Map.of());
    }

    private static <T> KafkaSink<T> sink(KafkaConnection kafka, String transactionalIdPrefix, boolean exactlyOnce,
            KafkaRecordSerializationSchema<T> records, Map<String, ?> producerDefaults) {
        KafkaSinkBuilder<T> builder = KafkaSink.<T>builder().setRecordSerializer(records);
        if (exactlyOnce) {
            builder.setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                    .setTransactionalIdPrefix(transactionalIdPrefix)
                    .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        } else {
            builder.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
        }
        // After the timeout: a broker with a lower transaction.max.timeout.ms needs kafka.client.transaction.timeout.ms.
        return builder.setKafkaProducerConfig(kafka.clientProperties(producerDefaults)).build();
    }

    /**
     * An event as a producer should publish it: to its stage's topic, keyed by the entity it is
     * about. One entity's events then stay in order in one partition, and every partition keeps
     * receiving events; unkeyed records fill one partition at a time and leave the others, and
     * with them the watermark, waiting (seconds of alert delay, measured).
     */
    public static ProducerRecord<byte[], byte[]> eventRecord(SupplyEvent event, byte[] json) {
        return new ProducerRecord<>(event.type.stage().topic(), bytes(EntityKeys.of(event).get(0)), json);
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(UTF_8);
    }

    /**
     * A record per element: its key and its JSON from two functions. The record timestamp is left
     * to the producer (now): a replayed month of old event times as record timestamps would fall
     * straight out of the topic's time retention.
     */
    private static final class KeyedJson<T> implements KafkaRecordSerializationSchema<T> {
        private final String topic;
        private final SerializableFunction<T, String> keyOf;
        private final JsonObjectWriter<T> json;
        /** Reused for every record: each sink writer has its own copy of this schema. */
        private transient ByteArrayBuilder buffer;

        KeyedJson(String topic, SerializableFunction<T, String> keyOf, JsonObjectWriter<T> json) {
            this.topic = topic;
            this.keyOf = keyOf;
            this.json = json;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
            if (buffer == null) buffer = new ByteArrayBuilder(1024);
            try (JsonGenerator g = JsonObjectWriter.FACTORY.createGenerator(buffer, JsonEncoding.UTF8)) {
                json.write(element, g);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a byte buffer does not fail
            }
            byte[] value = buffer.toByteArray();
            buffer.reset();
            return new ProducerRecord<>(topic, bytes(keyOf.apply(element)), value);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static void notificationJson(NotificationAttempt entry, JsonGenerator g) throws IOException {
        JSON.writeValue(g, entry);
    }
}
