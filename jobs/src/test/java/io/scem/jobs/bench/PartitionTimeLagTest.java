package io.scem.jobs.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** The producer's view of how far the least recent input partition trails the newest event. */
class PartitionTimeLagTest {
    private static final long SECOND = 1000;

    /** A key that Kafka's default partitioner sends to {@code partition} of {@code count}. */
    private static byte[] keyFor(int partition, int count) {
        for (int i = 0; ; i++) {
            byte[] key = ("key-" + i).getBytes(UTF_8);
            if (Utils.toPositive(Utils.murmur2(key)) % count == partition) return key;
        }
    }

    @Test
    void measuresTheAgeOfTheNewestEventOfTheQuietestPartition() {
        PartitionTimeLag lag = new PartitionTimeLag(Map.of("busy", 2, "sparse", 1));
        byte[] busy0 = keyFor(0, 2);
        byte[] busy1 = keyFor(1, 2);
        byte[] sparse = keyFor(0, 1);
        lag.sent("sparse", sparse, 0);
        // The busy topic's events every second; the sparse topic's only event stays at time 0.
        for (int i = 1; i <= 2 * PartitionTimeLag.SAMPLE_EVERY; i++) {
            lag.sent("busy", i % 2 == 0 ? busy0 : busy1, i * SECOND);
        }
        // Sampled at the 100th event sent (newest at 99 s) and the 200th (newest at 199 s).
        assertThat(lag.sampleCount()).isEqualTo(2);
        assertThat(lag.percentileMillis(50)).isEqualTo(99 * SECOND);
        assertThat(lag.percentileMillis(99)).isEqualTo(199 * SECOND);
    }

    @Test
    void samplesNothingUntilEveryPartitionHasHadAnEvent() {
        PartitionTimeLag lag = new PartitionTimeLag(Map.of("busy", 2, "never", 1));
        byte[] busy0 = keyFor(0, 2);
        for (int i = 1; i <= 3 * PartitionTimeLag.SAMPLE_EVERY; i++) lag.sent("busy", busy0, i * SECOND);
        assertThat(lag.sampleCount()).isZero();
        assertThat(lag.percentileMillis(50)).isEqualTo(-1);
    }

    @Test
    void ignoresTopicsItWasNotGiven() {
        PartitionTimeLag lag = new PartitionTimeLag(Map.of("busy", 1));
        byte[] key = keyFor(0, 1);
        for (int i = 1; i <= PartitionTimeLag.SAMPLE_EVERY; i++) {
            lag.sent("busy", key, i * SECOND);
            lag.sent("other", key, 0);
        }
        assertThat(lag.sampleCount()).isEqualTo(1);
        assertThat(lag.percentileMillis(50)).isZero();
    }
}
