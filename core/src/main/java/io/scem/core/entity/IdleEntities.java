package io.scem.core.entity;

import io.scem.core.event.Instants;
import java.time.Duration;

/**
 * When open entities that stopped hearing events are forgotten: a PO never received, a shipment
 * lost without a word, an order nobody closes. At each UTC midnight of event time, the ones with
 * a lifecycle (POs, work orders, shipments, customer orders) whose latest event is at least the
 * TTL old are dropped, so that abandoned entities do not pile up in state. Stock, supplier records
 * and production lines have no end and are never dropped: a slow SKU keeps its on-hand.
 *
 * <p>An alert already raised about a forgotten entity stays open (the PO still did not come); a
 * later event about it starts the entity afresh, and its closing event still resolves the alert.
 * The job and the local monitor sweep at the same midnights, before the first event after each.
 */
public final class IdleEntities {
    private final long ttl;
    /** The next midnight to sweep at: the first after the last sweep (or the starting clock). */
    private long nextSweepAt;
    /** The oldest time of a fact applied or restored so far: no entity heard nothing after an earlier cutoff. */
    private long oldestFactAt = Long.MAX_VALUE;

    /**
     * @param ttl silence after which an open entity is forgotten; zero or less: never
     * @param clock the event time already reached (midnights up to it count as swept)
     */
    public IdleEntities(Duration ttl, long clock) {
        this.ttl = ttl.toMillis();
        this.nextSweepAt = clock == Long.MIN_VALUE ? Long.MIN_VALUE : midnightOf(clock) + Instants.DAY;
    }

    /**
     * Notes that an entity took a fact of {@code occurredAt} (applied, or restored into state).
     * Whoever sweeps must note every fact it keeps: a sweep whose cutoff is before the oldest
     * is skipped, since it would walk every entity to find none idle (as every sweep does in a job's
     * first TTL, or in a replay shorter than it).
     */
    public void noteFact(long occurredAt) {
        if (occurredAt < oldestFactAt) oldestFactAt = occurredAt;
    }

    /**
     * The cutoff of a sweep due once time reaches {@code time} (entities whose latest event is at
     * or before it are idle), or null when no midnight has passed since the last sweep, or when no
     * fact noted is that old.
     */
    public Long sweepCutoff(long time) {
        // Compared first: this runs before every event, a sweep once a day.
        if (time < nextSweepAt) return null;
        long midnight = midnightOf(time);
        nextSweepAt = midnight + Instants.DAY;
        long cutoff = midnight - ttl;
        return ttl <= 0 || cutoff < oldestFactAt ? null : cutoff;
    }

    /** True when the entity under {@code key} has a lifecycle, is still open and heard nothing after {@code cutoff}. */
    public static boolean isIdle(String key, EntityState entity, long cutoff) {
        EntityFact fact = entity.fact();
        return fact != null && entity.cleanupAt == null && EntityKeys.kindOf(key).hasLifecycle()
                && fact.occurredAt <= cutoff;
    }

    private static long midnightOf(long time) {
        return Instants.epochDay(time) * Instants.DAY;
    }
}
