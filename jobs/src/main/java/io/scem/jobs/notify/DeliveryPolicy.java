package io.scem.jobs.notify;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How hard {@link ReliableSender} tries, and how fast it may go.
 *
 * @param maxAttempts tries per message before it is kept as undelivered and the channel counts as failing
 * @param backoffBase the first retry waits up to this long; each further retry up to twice as long
 * @param backoffMax no retry waits longer than this (unless the gateway asks for more with Retry-After)
 * @param ratePerMinute messages per minute per receiver (a token bucket holding as many); excess waits; 0: no limit
 * @param maxInFlight gateway requests at the same time, per channel
 * @param undeliveredCapacity messages kept while the channel is failing; beyond it new ones are dropped
 * @param probeInterval while failing, how often the oldest kept message is tried again
 * @param dedupCapacity dedupKeys remembered as delivered (the oldest are forgotten first)
 */
public record DeliveryPolicy(int maxAttempts, Duration backoffBase, Duration backoffMax, int ratePerMinute,
        int maxInFlight, int undeliveredCapacity, Duration probeInterval, int dedupCapacity) implements Serializable {

    public static final DeliveryPolicy DEFAULTS = new DeliveryPolicy(
            5, Duration.ofSeconds(1), Duration.ofMinutes(1), 10, 8, 10_000, Duration.ofMinutes(1), 100_000);

    public DeliveryPolicy {
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(backoffMax, "backoffMax");
        Objects.requireNonNull(probeInterval, "probeInterval");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
        if (backoffBase.isNegative() || backoffMax.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("need 0 <= backoffBase <= backoffMax");
        }
        if (ratePerMinute < 0) throw new IllegalArgumentException("ratePerMinute must not be negative");
        if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be at least 1");
        if (undeliveredCapacity < 0) throw new IllegalArgumentException("undeliveredCapacity must not be negative");
        if (probeInterval.isNegative() || probeInterval.isZero()) throw new IllegalArgumentException("probeInterval must be positive");
        if (dedupCapacity < 1) throw new IllegalArgumentException("dedupCapacity must be at least 1");
    }
}
