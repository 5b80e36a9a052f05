package io.scem.jobs.kafka;

import io.scem.core.atp.AtpJson;
import io.scem.core.atp.AtpProfile;
import io.scem.core.atp.AtpProfiles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the latest ATP profile of every site and SKU from the compacted {@link Topics#ATP}: every
 * partition from its beginning to the end it had when reading started, the last value of each key
 * winning (what compaction keeps, whether or not the cleaner has run yet). No consumer group:
 * nothing is committed, any number of readers may ask at once.
 */
public final class AtpProfileReader {
    private AtpProfileReader() {}

    /** @throws TimeoutException when the topic cannot be read to its end within {@code timeout} */
    public static AtpProfiles read(KafkaConnection kafka, Duration timeout) throws TimeoutException {
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "scem-atp-query");
        long deadline = System.nanoTime() + timeout.toNanos();
        AtpProfiles profiles = new AtpProfiles();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Set<TopicPartition> partitions = consumer.partitionsFor(Topics.ATP, timeout).stream()
                    .map(info -> new TopicPartition(Topics.ATP, info.partition())).collect(Collectors.toSet());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // The end as of now: profiles published while reading are newer than the question.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            while (!partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("could not read " + Topics.ATP + " to its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    // A tombstone (null value) would remove the key; the job never writes one.
                    if (record.value() != null) {
                        AtpProfile profile = AtpJson.readProfile(new String(record.value(), StandardCharsets.UTF_8));
                        profiles.put(profile);
                    }
                }
            }
        }
        return profiles;
    }

    /** The same, from the lines of a replay's {@code OUT.atp.jsonl}: the last line of each site and SKU wins. */
    public static AtpProfiles read(List<String> lines) {
        AtpProfiles profiles = new AtpProfiles();
        for (String line : lines) {
            if (!line.isBlank()) profiles.put(AtpJson.readProfile(line));
        }
        return profiles;
    }
}
