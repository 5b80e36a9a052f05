package io.scem.jobs.monitoring;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * When each closed entity of a subtask may be forgotten ({@link io.scem.core.entity.EntityState#cleanupAt}),
 * earliest first. It takes the place of one Flink event-time timer per closed entity: firing those
 * timers cost a tenth of the rule stage's time in a replay (Flink's heap timer queue keeps a hash
 * set beside the heap, per key group, to drop duplicate timers: an entity closes once, so there
 * are none to drop).
 *
 * <p>Not checkpointed: rebuilt from the keyed state at restore, so that it holds exactly the keys
 * the subtask owns, also after rescaling. An entry can outlive its entity (forgotten as idle,
 * say): whoever polls it checks that the entity still closes at that time.
 */
final class ClosedEntities {
    /** An entity (by its key) that may be forgotten at {@code at}. */
    record Due(long at, String key) {}

    private final PriorityQueue<Due> queue = new PriorityQueue<>(Comparator.comparingLong(Due::at));

    void add(String key, long at) {
        queue.add(new Due(at, key));
    }

    /** The earliest entity due at or before {@code time}, removed; null if none is. */
    Due pollDue(long time) {
        Due next = queue.peek();
        return next != null && next.at <= time ? queue.poll() : null;
    }

    int size() {
        return queue.size();
    }
}
