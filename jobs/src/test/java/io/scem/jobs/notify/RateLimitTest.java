package io.scem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link ReceiverRateLimit}: a token bucket per receiver that books waits instead of refusing. */
class RateLimitTest {

    private long now;
    private final ReceiverRateLimit sixPerMinute = new ReceiverRateLimit(6, () -> now);

    @Test
    void shouldLetABurstUpToTheRateThroughAtOnceThenSpaceTheRest() {
        for (int i = 0; i < 6; i++) assertThat(sixPerMinute.reserve("ops")).isZero();

        assertThat(seconds(sixPerMinute.reserve("ops"))).isEqualTo(10);
        assertThat(seconds(sixPerMinute.reserve("ops"))).isEqualTo(20);
        assertThat(seconds(sixPerMinute.reserve("ops"))).isEqualTo(30);
    }

    @Test
    void shouldKeepEachReceiverToItsOwnBucket() {
        for (int i = 0; i < 6; i++) sixPerMinute.reserve("ops");

        assertThat(sixPerMinute.reserve("sales")).isZero();
        assertThat(seconds(sixPerMinute.reserve("ops"))).isEqualTo(10);
    }

    @Test
    void shouldRefillWithTimeButNotBeyondOneMinutesWorth() {
        for (int i = 0; i < 7; i++) sixPerMinute.reserve("ops"); // one in debt
        now += Duration.ofSeconds(25).toNanos(); // pays the debt, earns 1.5 tokens
        assertThat(sixPerMinute.reserve("ops")).isZero();
        assertThat(seconds(sixPerMinute.reserve("ops"))).isEqualTo(5);

        now += Duration.ofHours(1).toNanos();
        for (int i = 0; i < 6; i++) assertThat(sixPerMinute.reserve("ops")).isZero();
        assertThat(sixPerMinute.reserve("ops")).isPositive();
    }

    @Test
    void shouldNotLimitAtAllWithARateOfZero() {
        ReceiverRateLimit none = new ReceiverRateLimit(0, () -> now);
        for (int i = 0; i < 1_000; i++) assertThat(none.reserve("ops")).isZero();
    }

    private static long seconds(long nanos) {
        return Math.round(nanos / 1e9);
    }
}
