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
    private long sweptAt;

    /**
     * @param ttl silence after which an open entity is forgotten; zero or less: never
     * @param clock the event time already reached (midnights up to it count as swept)
     */
    public IdleEntities(Duration ttl, long clock) {
        this.ttl = ttl.toMillis();
        this.sweptAt = midnightOf(clock);
    }

    /**
     * The cutoff of a sweep due once time reaches {@code time} (entities whose latest event is at
     * or before it are idle), or null when no midnight has passed since the last sweep.
     */
    public Long sweepCutoff(long time) {
        long midnight = midnightOf(time);
        if (ttl <= 0 || midnight <= sweptAt) return null;
        sweptAt = midnight;
        return midnight - ttl;
    }

    /** True when the entity under {@code key} has a lifecycle, is still open and heard nothing after {@code cutoff}. */
    public static boolean isIdle(String key, EntityState entity, long cutoff) {
        EntityFact fact = entity.fact();
        return fact != null && entity.cleanupAt == null && EntityKeys.kindOf(key).hasLifecycle()
                && fact.occurredAt <= cutoff;
    }

    private static long midnightOf(long time) {
        return time == Long.MIN_VALUE ? Long.MIN_VALUE : Instants.epochDay(time) * Instants.DAY;
    }
}
