package io.scem.jobs.notify;

import java.time.Duration;

/**
 * Exponential backoff with full jitter: after the n-th failed try, wait a uniformly random time
 * between 0 and min(max, base * 2^(n-1)). The randomness spreads the retries of many messages
 * that failed together, so a gateway coming back is not hit by all of them at once.
 */
final class Backoff {
    private final long baseNanos;
    private final long maxNanos;

    Backoff(Duration base, Duration max) {
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** The ceiling of the wait after {@code failures} failed tries (1 or more). */
    long ceilingNanos(int failures) {
        long ceiling = Math.min(baseNanos, maxNanos);
        for (int i = 1; i < failures && ceiling < maxNanos; i++) {
            ceiling = ceiling > maxNanos / 2 ? maxNanos : ceiling * 2;
        }
        return ceiling;
    }

    /** @param uniform a random number in [0, 1) */
    long delayNanos(int failures, double uniform) {
        return (long) (uniform * ceilingNanos(failures));
    }
}
