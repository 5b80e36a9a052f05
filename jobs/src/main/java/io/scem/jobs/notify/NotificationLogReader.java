package io.scem.jobs.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scem.core.notify.OutgoingMessage.Channel;
import io.scem.jobs.kafka.KafkaConnection;
import io.scem.jobs.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the notification log says was delivered lately, per channel. Checkpointed state knows what
 * was delivered up to the checkpoint; a notification sent after it and before a crash is only in
 * the log. Read at start, it keeps a restored group from sending that notification again.
 */
final class NotificationLogReader {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationLogReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private NotificationLogReader() {}

    /**
     * The keys of messages logged as sent since {@code since} (wall clock), as the senders remember
     * them: the dedupKey, and for SMS also per number ({@code dedupKey + " to " + number}). An
     * unreachable broker or missing topic gives none: checkpointed state still holds.
     */
    static Map<Channel, List<String>> deliveredSince(KafkaConnection kafka, long since, Duration timeout) {
        Map<Channel, List<String>> keys = new EnumMap<>(Channel.class);
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.NOTIFICATIONS, timeout);
            if (infos == null || infos.isEmpty()) return keys;
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> start = new HashMap<>();
            Map<TopicPartition, Long> at = new HashMap<>();
            partitions.forEach(p -> at.put(p, since));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(at, timeout);
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp o = found.get(p);
                start.put(p, o == null ? end.get(p) : o.offset());
                consumer.seek(p, start.get(p));
            }
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    NotificationAttempt entry = JSON.readValue(record.value(), NotificationAttempt.class);
                    if (!"SENT".equals(entry.status) && !"ALREADY_SENT".equals(entry.status)) continue;
                    Channel channel = Channel.valueOf(entry.channel);
                    List<String> list = keys.computeIfAbsent(channel, c -> new ArrayList<>());
                    list.add(entry.dedupKey);
                    if (channel == Channel.SMS && entry.to != null) {
                        for (String number : entry.to) list.add(entry.dedupKey + " to " + number);
                    }
                }
            }
        } catch (Exception e) {
            LOG.warn("Cannot read the notification log {}: {}; only checkpointed state says what was sent",
                    Topics.NOTIFICATIONS, e.getMessage());
        }
        return keys;
    }
}
