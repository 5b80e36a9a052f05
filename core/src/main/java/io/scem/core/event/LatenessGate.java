package io.scem.core.event;

import java.util.HashMap;
import java.util.Map;

/**
 * Decides which events are too late to be processed in event-time order. An event is late when
 * it is more than {@code bound} older than the newest event seen before it in the same input
 * partition (a Kafka partition, or a file). Decided per partition, where arrival order is
 * defined, so that the outcome never depends on parallelism or on when watermarks were emitted.
 */
public final class LatenessGate {
    private final long boundMillis;
    private final Map<Integer, Long> newestByPartition = new HashMap<>();

    public LatenessGate(long boundMillis) {
        this.boundMillis = boundMillis;
    }

    /** Returns the dead-letter reason if {@code event} is late, else null; remembers its time. */
    public String check(int partition, SupplyEvent event) {
        Long newest = newestByPartition.get(partition);
        if (newest != null && event.occurredAt < newest - boundMillis) {
            return "late: occurredAt " + Instants.format(event.occurredAt) + " is more than "
                    + boundMillis / 1000 + " s before " + Instants.format(newest) + ", already seen";
        }
        if (newest == null || event.occurredAt > newest) {
            newestByPartition.put(partition, event.occurredAt);
        }
        return null;
    }

    public long boundMillis() {
        return boundMillis;
    }
}
