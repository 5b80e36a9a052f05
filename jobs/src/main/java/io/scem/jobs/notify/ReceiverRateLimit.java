package io.scem.jobs.notify;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per receiver: up to {@code perMinute} messages at once, then one every
 * 60/{@code perMinute} seconds. A message over the limit is not refused: {@link #reserve} books
 * the next free token and says how long to wait for it, so a burst to one receiver is spread out
 * in the order it came, and other receivers are not held up.
 */
final class ReceiverRateLimit {
    /** Buckets are few (one per configured receiver); past this many, refilled ones are forgotten. */
    private static final int MAX_IDLE_BUCKETS = 1_000;

    private final int perMinute;
    private final double nanosPerToken;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedNanos;
    }

    /** @param perMinute 0 for no limit */
    ReceiverRateLimit(int perMinute, LongSupplier nanoClock) {
        this.perMinute = perMinute;
        this.nanosPerToken = perMinute == 0 ? 0 : 60e9 / perMinute;
        this.nanoClock = nanoClock;
    }

    /** Takes a token for {@code receiver}; returns how many nanoseconds to wait before sending (0: now). */
    synchronized long reserve(String receiver) {
        if (perMinute == 0) return 0;
        long now = nanoClock.getAsLong();
        if (buckets.size() > MAX_IDLE_BUCKETS) buckets.values().removeIf(b -> refill(b, now) >= perMinute);
        Bucket bucket = buckets.computeIfAbsent(receiver, r -> {
            Bucket b = new Bucket();
            b.tokens = perMinute;
            b.updatedNanos = now;
            return b;
        });
        // Tokens may go below zero: each waiting message holds its place in the line.
        bucket.tokens = refill(bucket, now) - 1;
        bucket.updatedNanos = now;
        return bucket.tokens >= 0 ? 0 : (long) Math.ceil(-bucket.tokens * nanosPerToken);
    }

    private double refill(Bucket b, long now) {
        return Math.min(perMinute, b.tokens + (now - b.updatedNanos) / nanosPerToken);
    }
}
