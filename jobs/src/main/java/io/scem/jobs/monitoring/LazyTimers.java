package io.scem.jobs.monitoring;

import java.util.ArrayDeque;
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
 * time their number has doubled, so that there are at most about twice as many as armed timers.
 *
 * <p>Timers mostly come in order (a closed entity is forgotten a fixed retention after the event
 * that closed it, and events are applied in event-time order): those wait in a queue, first in
 * first out, and only the ones that come out of order in a heap.
 *
 * <p>Not checkpointed: each operator rebuilds its timers from its keyed state at a restore, so
 * that a subtask holds exactly the timers of the key groups it owns, also after rescaling.
 */
public final class LazyTimers {
    /** A timer: {@code key} is due at {@code at}. */
    public record Due(long at, String key) {
        // Written out: the generated equals goes through a chain of method handles that the JIT
        // did not inline into pollDue, 9 % of the first rule stage's CPU samples in a warm replay.
        @Override
        public boolean equals(Object other) {
            return other instanceof Due due && at == due.at && key.equals(due.key);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(at) * 31 + key.hashCode();
        }
    }

    private static final Comparator<Due> EARLIEST_THEN_BY_KEY =
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : a.key.compareTo(b.key);

    /** Below this size the timers are never swept: a sweep looks up each timer's key in the state. */
    static final int SWEEP_FROM = 4096;

    /** Timers added at or after the last one here: earliest first by construction. */
    private final ArrayDeque<Due> inOrder = new ArrayDeque<>();
    private final PriorityQueue<Due> outOfOrder = new PriorityQueue<>(EARLIEST_THEN_BY_KEY);
    private int sizeAfterSweep;

    public void add(String key, long at) {
        Due due = new Due(at, key);
        Due last = inOrder.peekLast();
        if (last == null || EARLIEST_THEN_BY_KEY.compare(last, due) <= 0) inOrder.addLast(due);
        else outOfOrder.add(due);
    }

    /**
     * The earliest timer at or before {@code time}, removed with any other of the same key and
     * time (one timer, registered twice); null if none is due. It may be stale: see above.
     */
    public Due pollDue(long time) {
        Due first = inOrder.peekFirst();
        Due firstOutOfOrder = outOfOrder.peek();
        Due next = first == null || firstOutOfOrder != null && EARLIEST_THEN_BY_KEY.compare(firstOutOfOrder, first) < 0
                ? firstOutOfOrder : first;
        if (next == null || next.at > time) return null;
        while (next.equals(inOrder.peekFirst())) inOrder.pollFirst();
        while (next.equals(outOfOrder.peek())) outOfOrder.poll();
        return next;
    }

    /**
     * Drops the timers that {@code armed} says are stale, if there are twice as many as after the
     * last time (and {@link #SWEEP_FROM} or more): each timer is checked a bounded number of
     * times on average, however long it waits.
     */
    public void dropStaleIfGrown(Predicate<Due> armed) {
        if (size() < Math.max(SWEEP_FROM, 2 * sizeAfterSweep)) return;
        inOrder.removeIf(armed.negate());
        outOfOrder.removeIf(armed.negate());
        sizeAfterSweep = size();
    }

    private int size() {
        return inOrder.size() + outOfOrder.size();
    }

    /** Every timer, stale ones included, earliest first (for tests). */
    public List<Due> all() {
        List<Due> all = new ArrayList<>(inOrder);
        all.addAll(outOfOrder);
        all.sort(EARLIEST_THEN_BY_KEY);
        return all;
    }
}
