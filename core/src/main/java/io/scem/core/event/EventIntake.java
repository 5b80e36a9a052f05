package io.scem.core.event;

import java.nio.charset.StandardCharsets;

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
        String late = admit(decoded, partition);
        return late == null ? decoded : Decoded.rejected(new DeadLetter(late, raw, origin, offset));
    }

    /** As {@link #accept(String, String, int, long)}, for a record of UTF-8 bytes {@code utf8[from, from + length)}. */
    public Decoded accept(byte[] utf8, int from, int length, String origin, int partition, long offset) {
        Decoded decoded = decoder.decode(utf8, from, length, origin, offset);
        String late = admit(decoded, partition);
        return late == null ? decoded
                : Decoded.rejected(new DeadLetter(late, new String(utf8, from, length, StandardCharsets.UTF_8), origin, offset));
    }

    /** Notes a decoded event's partition and time; returns why it is too late, or null. */
    private String admit(Decoded decoded, int partition) {
        if (!decoded.isEvent()) return null;
        decoded.event.partition = partition;
        String late = lateness.check(partition, decoded.event);
        if (late == null) {
            newestEventTime = Math.max(newestEventTime, decoded.event.occurredAt);
        }
        return late;
    }

    /** The newest event time accepted so far, or Long.MIN_VALUE before the first event. */
    public long newestEventTime() {
        return newestEventTime;
    }
}
