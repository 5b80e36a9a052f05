package io.scem.core.event;

/**
 * What decoding one input record gives: a valid event or a dead letter, never both. A POJO (not
 * a sealed interface) so that Flink carries it with its own serializer between source and split.
 */
public class Decoded {
    public SupplyEvent event;
    public DeadLetter deadLetter;

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

    public boolean isEvent() {
        return event != null;
    }

    /** Event time for watermarking; rejected records never move the clock. */
    public long timestamp() {
        return event != null ? event.occurredAt : Long.MIN_VALUE;
    }
}
