package io.scem.jobs.monitoring;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Events waiting for the watermark, released in (event time, arrival) order. Most events arrive
 * in time order, so they go to a FIFO run in O(1); only those older than the newest held one go
 * to a priority queue. Releasing merges the two heads.
 */
final class HeldEvents {
    private record Held(KeyedEvent keyed, long arrival) {
        long time() {
            return keyed.event.occurredAt;
        }
    }

    private static final Comparator<Held> ORDER = Comparator.comparingLong(Held::time).thenComparingLong(Held::arrival);

    private final ArrayDeque<Held> inOrder = new ArrayDeque<>();
    private final PriorityQueue<Held> outOfOrder = new PriorityQueue<>(ORDER);
    private long arrivals;

    void add(KeyedEvent keyed) {
        Held held = new Held(keyed, arrivals++);
        Held last = inOrder.peekLast();
        if (last == null || held.time() >= last.time()) {
            inOrder.addLast(held);
        } else {
            outOfOrder.add(held);
        }
    }

    /** The next event at or before {@code time}, or null when none is due. */
    KeyedEvent pollUpTo(long time) {
        Held a = inOrder.peekFirst();
        Held b = outOfOrder.peek();
        Held next = a == null ? b : b == null ? a : ORDER.compare(a, b) <= 0 ? a : b;
        if (next == null || next.time() > time) {
            return null;
        }
        if (next == a) {
            inOrder.pollFirst();
        } else {
            outOfOrder.poll();
        }
        return next.keyed;
    }

    /** Everything held, in release order (for a checkpoint). */
    List<KeyedEvent> inOrder() {
        List<Held> all = new ArrayList<>(inOrder.size() + outOfOrder.size());
        all.addAll(inOrder);
        all.addAll(outOfOrder);
        all.sort(ORDER);
        List<KeyedEvent> out = new ArrayList<>(all.size());
        for (Held h : all) out.add(h.keyed);
        return out;
    }
}
