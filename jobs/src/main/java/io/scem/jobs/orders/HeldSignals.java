package io.scem.jobs.orders;

import io.scem.core.order.OrderSignal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Order signals waiting for the watermark, released in time order, then by order (one order's
 * signals of a time together), then by {@link OrderSignal#rank}, then in arrival order: the same
 * order whatever the interleaving of the inputs. A heap, so that each signal costs O(log n) once
 * instead of the whole queue being sorted at every watermark (which took a tenth of the order
 * status stage's time in a replay, and costs more the more signals wait).
 */
final class HeldSignals {
    /** The time beside the signal: most comparisons end there, without reading a signal that has waited (and is likely out of the cache). */
    private record Held(long at, OrderSignal signal, long arrival) {}

    private static final Comparator<Held> RELEASE_ORDER = (a, b) -> {
        int byTime = Long.compare(a.at, b.at);
        if (byTime != 0) return byTime;
        int byOrder = a.signal.orderId.compareTo(b.signal.orderId);
        if (byOrder != 0) return byOrder;
        int byRank = Integer.compare(a.signal.rank(), b.signal.rank());
        return byRank != 0 ? byRank : Long.compare(a.arrival, b.arrival);
    };

    private final PriorityQueue<Held> queue = new PriorityQueue<>(RELEASE_ORDER);
    private long arrivals;

    void add(OrderSignal signal) {
        queue.add(new Held(signal.at, signal, arrivals++));
    }

    /**
     * The next order's signals of the next time at or before {@code watermark}, in release order,
     * or an empty list when none is due.
     */
    List<OrderSignal> pollNextDue(long watermark) {
        Held head = queue.peek();
        if (head == null || head.at > watermark) return List.of();
        List<OrderSignal> due = new ArrayList<>(2);
        due.add(queue.poll().signal);
        for (Held next = queue.peek(); next != null && next.at == head.at
                && next.signal.orderId.equals(head.signal.orderId); next = queue.peek()) {
            due.add(queue.poll().signal);
        }
        return due;
    }

    /** Everything held, in release order (for a checkpoint: added back in this order, it is released the same). */
    List<OrderSignal> inOrder() {
        List<Held> all = new ArrayList<>(queue);
        all.sort(RELEASE_ORDER);
        List<OrderSignal> out = new ArrayList<>(all.size());
        for (Held h : all) out.add(h.signal);
        return out;
    }
}
