package io.scem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** {@link Backoff}: exponential ceilings, capped, with the wait drawn uniformly below the ceiling. */
class RetryBackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void shouldDoubleTheCeilingAfterEachFailureUpToTheMaximum() {
        assertThat(ceilings(1, 7)).containsExactly(1, 2, 4, 8, 16, 30, 30);
    }

    @Test
    void shouldNotOverflowAfterVeryManyFailures() {
        assertThat(backoff.ceilingNanos(10_000)).isEqualTo(Duration.ofSeconds(30).toNanos());
        Backoff huge = new Backoff(Duration.ofDays(365), Duration.ofDays(365 * 200));
        assertThat(huge.ceilingNanos(100)).isEqualTo(Duration.ofDays(365 * 200).toNanos());
    }

    @Test
    void shouldDrawTheWaitBetweenZeroAndTheCeiling() {
        assertThat(backoff.delayNanos(3, 0.0)).isZero();
        assertThat(backoff.delayNanos(3, 0.5)).isEqualTo(Duration.ofSeconds(2).toNanos());
        for (int i = 0; i < 1_000; i++) {
            assertThat(backoff.delayNanos(4, ThreadLocalRandom.current().nextDouble()))
                    .isBetween(0L, Duration.ofSeconds(8).toNanos() - 1);
        }
    }

    @Test
    void shouldRetryAtOnceWithAZeroBase() {
        assertThat(new Backoff(Duration.ZERO, Duration.ofSeconds(1)).delayNanos(5, 0.9)).isZero();
    }

    private long[] ceilings(int from, int to) {
        long[] seconds = new long[to - from + 1];
        for (int n = from; n <= to; n++) seconds[n - from] = backoff.ceilingNanos(n) / 1_000_000_000L;
        return seconds;
    }
}
