package io.scem.core.event;

/**
 * The front door every source uses: decodes a raw record and turns events that are too late
 * into dead letters. One instance per source reader (it remembers the newest event time per
 * partition); not thread-safe.
 */
public final class EventIntake {
    private final EventDecoder decoder = new EventDecoder();
    private final LatenessGate lateness;
    private long newestEventTime = Long.MIN_VALUE;

    public EventIntake(long outOfOrderBoundMillis) {
        this.lateness = new LatenessGate(outOfOrderBoundMillis);
    }

    /**
     * @param raw the record's text
     * @param origin where it comes from (topic or file), for dead letters
     * @param partition the input partition whose arrival order defines lateness (0 for a file)
     * @param offset the record's position in the partition (Kafka offset, line number)
     */
    public Decoded accept(String raw, String origin, int partition, long offset) {
        Decoded decoded = decoder.decode(raw, origin, offset);
        if (decoded.isEvent()) {
            decoded.event.partition = partition;
            String late = lateness.check(partition, decoded.event);
            if (late != null) {
                return Decoded.rejected(new DeadLetter(late, raw, origin, offset));
            }
            newestEventTime = Math.max(newestEventTime, decoded.event.occurredAt);
        }
        return decoded;
    }

    /** The newest event time accepted so far, or Long.MIN_VALUE before the first event. */
    public long newestEventTime() {
        return newestEventTime;
    }
}
