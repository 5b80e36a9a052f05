package io.scem.jobs.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
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

    /**
     * Hands every record of the partitions {@code which} picks (given the topic's partition count)
     * to {@code each}, oldest first per partition.
     *
     * @throws TimeoutException when they cannot be read to their end within {@code timeout}
     */
    public static void readToEnd(KafkaConnection kafka, String clientId, String topic, IntFunction<List<Integer>> which,
            Duration timeout, Consumer<ConsumerRecord<String, String>> each) throws TimeoutException {
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = which.apply(consumer.partitionsFor(topic, timeout).size()).stream()
                    .map(partition -> new TopicPartition(topic, partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // The end as of now: what is written while reading is newer than the question.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            while (!partitions.stream().allMatch(tp -> consumer.position(tp, timeout) >= ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("could not read " + partitions + " to its end within " + timeout);
                }
                consumer.poll(POLL).forEach(each);
            }
        }
    }

    /** Every partition of a topic of {@code count}. */
    public static List<Integer> all(int count) {
        return IntStream.range(0, count).boxed().toList();
    }
}
