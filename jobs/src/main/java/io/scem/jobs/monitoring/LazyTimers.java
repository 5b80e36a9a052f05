package io.scem.jobs.monitoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Event-time timers of the keys of one subtask, kept by the operator instead of Flink: earliest
 * first, then by key, one per key and time. Deleting one is free: the keyed state says which
 * times a key still waits for, and whoever polls a timer checks that it still does (a timer whose
 * time the state no longer names is stale, and skipped).
 *
 * <p>Why: Flink's heap timer queue keeps a hash set per key group beside its heap, so that a
 * timer registered twice is one; registering, deleting and firing each cost a lookup there.
 * Firing the closed entities' cleanup timers was a tenth of the first rule stage's time in a
 * replay, and the order status stage's timers (fired, deleted, registered) about a quarter of
 * that stage's.
 *
 * <p>A stale timer far in the future would wait there until its time (an order's idle timer is
 * 30 days out, and most orders end within two): {@link #dropStaleIfGrown} drops the stale ones each
 * time the queue has doubled, so it holds at most about twice the armed timers.
 *
 * <p>Not checkpointed: each operator rebuilds its timers from its keyed state at a restore, so
 * that a subtask holds exactly the timers of the key groups it owns, also after rescaling.
 */
public final class LazyTimers {
    /** A timer: {@code key} is due at {@code at}. */
    public record Due(long at, String key) {}

    private static final Comparator<Due> EARLIEST_THEN_BY_KEY =
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : a.key.compareTo(b.key);

    /** Below this size the queue is never swept: a sweep looks up each timer's key in the state. */
    static final int SWEEP_FROM = 4096;

    private final PriorityQueue<Due> queue = new PriorityQueue<>(EARLIEST_THEN_BY_KEY);
    private int sizeAfterSweep;

    public void add(String key, long at) {
        queue.add(new Due(at, key));
    }

    /**
     * The earliest timer at or before {@code time}, removed with any other of the same key and
     * time (one timer, registered twice); null if none is due. It may be stale: see above.
     */
    public Due pollDue(long time) {
        Due next = queue.peek();
        if (next == null || next.at > time) return null;
        queue.poll();
        while (next.equals(queue.peek())) queue.poll();
        return next;
    }

    /**
     * Drops the timers that {@code armed} says are stale, if the queue has doubled since the last
     * time (and holds {@link #SWEEP_FROM} or more): each timer is checked a bounded number of
     * times on average, however long it waits.
     */
    public void dropStaleIfGrown(Predicate<Due> armed) {
        if (queue.size() < Math.max(SWEEP_FROM, 2 * sizeAfterSweep)) return;
        queue.removeIf(armed.negate());
        sizeAfterSweep = queue.size();
    }

    /** Every timer, stale ones included, earliest first (for tests). */
    public List<Due> all() {
        List<Due> all = new ArrayList<>(queue);
        all.sort(EARLIEST_THEN_BY_KEY);
        return all;
    }
}
