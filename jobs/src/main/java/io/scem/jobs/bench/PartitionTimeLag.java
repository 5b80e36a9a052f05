package io.scem.jobs.bench;

import io.scem.core.kpi.Percentile;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;

/**
 * How far, in event time, the input partition that heard least recently trails the newest event,
 * as the producer writes. Each Kafka partition's watermark is its own newest event time minus
 * the out-of-order bound, and the job's is the least of them: a partition of a sparse topic
 * (production, supplier) holds every watermark back by the age of its newest event. So the job
 * cannot release an event before this lag plus the bound has passed, however fast it is.
 *
 * <p>The producer records each event's partition as Kafka's default partitioner picks it for a
 * keyed record (murmur2 of the key), and samples the lag every {@link #SAMPLE_EVERY} events once
 * every partition has had one. Not thread-safe: the producer thread owns it.
 */
final class PartitionTimeLag {
    static final int SAMPLE_EVERY = 100;

    /** Newest event time per partition, per topic; MIN_VALUE until the partition has had one. */
    private final Map<String, long[]> newestByTopic = new HashMap<>();
    private long newest = Long.MIN_VALUE;
    private int partitionsWithoutEvent;
    private long sent;
    private long[] samples = new long[1024];
    private int sampleCount;

    /** Tracks the topics and their partition counts. */
    PartitionTimeLag(Map<String, Integer> partitionsByTopic) {
        partitionsByTopic.forEach((topic, count) -> {
            long[] times = new long[count];
            Arrays.fill(times, Long.MIN_VALUE);
            newestByTopic.put(topic, times);
            partitionsWithoutEvent += count;
        });
    }

    /** An event of time {@code occurredAt} sent to {@code topic} with record key {@code key}. */
    void sent(String topic, byte[] key, long occurredAt) {
        long[] times = newestByTopic.get(topic);
        // Unkeyed records go wherever the producer's sticky partitioner puts them: not followed.
        if (times == null || key == null) return;
        int partition = Utils.toPositive(Utils.murmur2(key)) % times.length;
        if (times[partition] == Long.MIN_VALUE) partitionsWithoutEvent--;
        times[partition] = Math.max(times[partition], occurredAt);
        newest = Math.max(newest, occurredAt);
        if (++sent % SAMPLE_EVERY == 0 && partitionsWithoutEvent == 0) sample();
    }

    private void sample() {
        long oldest = Long.MAX_VALUE;
        for (long[] times : newestByTopic.values()) {
            for (long t : times) oldest = Math.min(oldest, t);
        }
        if (sampleCount == samples.length) samples = Arrays.copyOf(samples, samples.length * 2);
        samples[sampleCount++] = newest - oldest;
    }

    /** The samples' {@code p}-th percentile in event-time milliseconds, or -1 without samples. */
    long percentileMillis(double p) {
        if (sampleCount == 0) return -1;
        long[] sorted = Arrays.copyOf(samples, sampleCount);
        Arrays.sort(sorted);
        return Percentile.ofSorted(sorted, p);
    }

    int sampleCount() {
        return sampleCount;
    }
}
