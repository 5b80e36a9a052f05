package io.scem.core.event;

import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * The front door every source uses: decodes a raw record and turns events that are too late,
 * or too far ahead of the wall clock, into dead letters. One instance per source reader (it
 * remembers the newest event time per partition); not thread-safe.
 *
 * <p>Why "ahead": event time only moves forward. One event dated years ahead (a producer's clock,
 * a typo in the year) would become its partition's newest, and every real event after it would
 * be "late" and lost to the dead-letter topic; and once the other partitions are idle, the
 * watermark would pass every deadline at once, an alert storm. Only the live job checks it: a replay's or a simulation's
 * event time has nothing to do with the wall clock.
 */
public final class EventIntake {
    private final EventDecoder decoder = new EventDecoder();
    private final LatenessGate lateness;
    private final long maxLeadMillis;
    private final LongSupplier wallClock;
    private long newestEventTime = Long.MIN_VALUE;

    /** Late events are dead letters; event times ahead of the wall clock are not checked. */
    public EventIntake(long outOfOrderBoundMillis) {
        this(outOfOrderBoundMillis, 0, null);
    }

    /**
     * @param maxLeadMillis how far ahead of {@code wallClock} an event's time may be (0: any)
     * @param wallClock the time now, in epoch milliseconds
     */
    public EventIntake(long outOfOrderBoundMillis, long maxLeadMillis, LongSupplier wallClock) {
        if (maxLeadMillis < 0 || (maxLeadMillis > 0 && wallClock == null)) {
            throw new IllegalArgumentException("maxLeadMillis must be 0, or positive with a wall clock");
        }
        this.lateness = new LatenessGate(outOfOrderBoundMillis);
        this.maxLeadMillis = maxLeadMillis;
        this.wallClock = wallClock;
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

    /** Notes a decoded event's partition and time; returns why it is too late or too far ahead, or null. */
    private String admit(Decoded decoded, int partition) {
        if (!decoded.isEvent()) return null;
        decoded.event.partition = partition;
        if (maxLeadMillis > 0) {
            long now = wallClock.getAsLong();
            if (decoded.event.occurredAt > now + maxLeadMillis) {
                return "future: occurredAt " + Instants.format(decoded.event.occurredAt) + " is more than "
                        + maxLeadMillis / 1000 + " s ahead of the clock (" + Instants.format(now) + ")";
            }
        }
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
