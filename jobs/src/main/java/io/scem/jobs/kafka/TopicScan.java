package io.scem.jobs.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads partitions of a topic from their beginning to the end they had when reading started, the
 * way the command line reads the job's compacted topics: no consumer group (nothing committed, any
 * number of readers at once), read_committed (a change the job aborted never happened; records
 * written outside transactions are read all the same).
 */
public final class TopicScan {
    private static final Duration POLL = Duration.ofMillis(200);

    private TopicScan() {}

    /** The topic could not be read: no answer from the broker in time, no such topic, or not to its end in time. */
    public static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    /**
     * Hands every record of the partitions {@code which} picks (given the topic's partition count)
     * to {@code each}, oldest first per partition.
     *
     * @throws Unreadable when the broker does not answer within {@code timeout}, has no such topic,
     *     or the partitions cannot be read to their end within {@code timeout}; its message says which
     */
    public static void readToEnd(KafkaConnection kafka, String clientId, String topic, IntFunction<List<Integer>> which,
            Duration timeout, Consumer<ConsumerRecord<String, String>> each) throws Unreadable {
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<PartitionInfo> known = consumer.partitionsFor(topic, timeout);
            if (known == null || known.isEmpty()) throw new Unreadable("no topic " + topic + " at " + kafka.bootstrap());
            List<TopicPartition> partitions = which.apply(known.size()).stream()
                    .map(partition -> new TopicPartition(topic, partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // The end as of now: what is written while reading is newer than the question.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            while (!partitions.stream().allMatch(tp -> consumer.position(tp, timeout) >= ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new Unreadable("could not read " + partitions + " to its end within " + shown(timeout));
                }
                consumer.poll(POLL).forEach(each);
            }
        } catch (TimeoutException e) {
            throw new Unreadable("no answer from Kafka at " + kafka.bootstrap() + " about " + topic + " within " + shown(timeout)
                    + " (is the broker up?): " + e.getMessage());
        }
    }

    /** 30s, 1m30s: as durations are typed. */
    static String shown(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    /** Every partition of a topic of {@code count}. */
    public static List<Integer> all(int count) {
        return IntStream.range(0, count).boxed().toList();
    }
}
