package io.scem.core.event;

/** An input record that was rejected, with the raw text and why; written to scem.dead-letter. */
public class DeadLetter {
    /** Reasons are short stable codes first (for counting), then a detail after ": ". */
    public String reason;
    public String raw;
    /** Where it came from: a topic or a file name, and the partition/offset or line in it. */
    public String origin;
    public long offset;

    public DeadLetter() {}

    public DeadLetter(String reason, String raw, String origin, long offset) {
        this.reason = reason;
        this.raw = raw;
        this.origin = origin;
        this.offset = offset;
    }

    /** The code part of the reason (before ':'), bounded in number: used as a metric tag. */
    public String reasonCode() {
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }

    @Override
    public String toString() {
        return "DeadLetter[" + reason + " at " + origin + ":" + offset + "]";
    }
}
