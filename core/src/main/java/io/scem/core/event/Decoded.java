package io.scem.core.event;

/**
 * What decoding one input record gives: a valid event, a dead letter, or (once per bounded input,
 * after its last record) the end of that input with the newest event time it held. A POJO (not a
 * sealed interface) so that Flink carries it with its own serializer.
 */
public class Decoded {
    public SupplyEvent event;
    public DeadLetter deadLetter;
    /**
     * Set only on the end-of-input marker: the newest event time of the input. A replay's clock
     * stops there, and it must be known everywhere before the final watermark arrives.
     */
    public Long endOfInputClock;

    public Decoded() {}

    public static Decoded of(SupplyEvent event) {
        Decoded d = new Decoded();
        d.event = event;
        return d;
    }

    public static Decoded rejected(DeadLetter deadLetter) {
        Decoded d = new Decoded();
        d.deadLetter = deadLetter;
        return d;
    }

    public static Decoded endOfInput(long newestEventTime) {
        Decoded d = new Decoded();
        d.endOfInputClock = newestEventTime;
        return d;
    }

    public boolean isEvent() {
        return event != null;
    }

    /** Event time for watermarking; rejected records never move the clock. */
    public long timestamp() {
        return event != null ? event.occurredAt : Long.MIN_VALUE;
    }
}
