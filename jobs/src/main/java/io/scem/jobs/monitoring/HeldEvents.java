package io.scem.jobs.monitoring;

import io.scem.core.entity.DerivedEvents;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Events waiting for the watermark, released in (event time, arrival) order, but for derived
 * events ({@link DerivedEvents}), which come after the input events of the same time: they arrive
 * through the first rule stage, behind input events of their time or not, and the order must not
 * depend on that race (the local monitor applies them in the same order). Events of one input
 * partition arrive in order and nearly always in time order, so each partition's events form a
 * run appended in O(1); releasing merges the runs' heads (a heap of a few runs, not of every
 * held event). An event older than the last of its run waits apart, with the few like it.
 */
final class HeldEvents {
    /** An event with what orders it, copied out of it: releasing compares these for every event. */
    private record Held(KeyedEvent keyed, long time, boolean derived, long arrival) {
        Held(KeyedEvent keyed, long arrival) {
            this(keyed, keyed.event.occurredAt, DerivedEvents.isDerived(keyed.event), arrival);
        }
    }

    /** By time, input events before derived ones, then by arrival; written out, not a chain of comparators. */
    private static final Comparator<Held> ORDER = (a, b) -> {
        if (a.time != b.time) return Long.compare(a.time, b.time);
        if (a.derived != b.derived) return a.derived ? 1 : -1;
        return Long.compare(a.arrival, b.arrival);
    };

    /** One input partition's held events, in arrival order and non-decreasing time. */
    private static final class Run {
        final ArrayDeque<Held> events = new ArrayDeque<>();
        long lastTime = Long.MIN_VALUE;
    }

    private final Map<Integer, Run> runs = new HashMap<>();
    /** The runs that hold events, by their first event. */
    private final PriorityQueue<Run> heads =
            new PriorityQueue<>((a, b) -> ORDER.compare(a.events.peekFirst(), b.events.peekFirst()));
    private final PriorityQueue<Held> stragglers = new PriorityQueue<>(ORDER);
    private long arrivals;

    void add(KeyedEvent keyed) {
        Held held = new Held(keyed, arrivals++);
        Run run = runs.computeIfAbsent(keyed.event.partition, partition -> new Run());
        if (held.time < run.lastTime) {
            stragglers.add(held);
            return;
        }
        run.lastTime = held.time;
        run.events.addLast(held);
        if (run.events.size() == 1) {
            heads.add(run);
        }
    }

    /** The next event at or before {@code time}, or null when none is due. */
    KeyedEvent pollUpTo(long time) {
        Run run = heads.peek();
        Held fromRun = run == null ? null : run.events.peekFirst();
        Held straggler = stragglers.peek();
        Held next = fromRun == null ? straggler
                : straggler == null || ORDER.compare(fromRun, straggler) <= 0 ? fromRun : straggler;
        if (next == null || next.time > time) {
            return null;
        }
        if (next == fromRun) {
            heads.poll();
            run.events.pollFirst();
            if (!run.events.isEmpty()) {
                heads.add(run);
            }
        } else {
            stragglers.poll();
        }
        return next.keyed;
    }

    /** Everything held, in release order (for a checkpoint). */
    List<KeyedEvent> inOrder() {
        List<Held> all = new ArrayList<>(stragglers);
        for (Run run : runs.values()) all.addAll(run.events);
        all.sort(ORDER);
        List<KeyedEvent> out = new ArrayList<>(all.size());
        for (Held h : all) out.add(h.keyed);
        return out;
    }
}
