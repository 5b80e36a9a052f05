package io.scem.core.event;

/**
 * An input record that was rejected, with the raw text and why; written to scem.dead-letter. The
 * raw text kept is at most {@link #MAX_RAW_CHARS}: a dead letter must always fit in a Kafka record
 * (escaped as JSON, at most 6 bytes a character: under 400 KB, below the 1 MB default of the
 * producer's {@code max.request.size} and the broker's {@code message.max.bytes}), whatever was
 * sent.
 */
public class DeadLetter {
    /** As much as the decoder reads ({@link EventDecoder#MAX_RECORD_CHARS}): every record it judges is kept whole. */
    public static final int MAX_RAW_CHARS = EventDecoder.MAX_RECORD_CHARS;

    /** Reasons are short stable codes first (for counting), then a detail after ": ". */
    public String reason;
    public String raw;
    /** Where it came from: a topic or a file name, and the partition/offset or line in it. */
    public String origin;
    public long offset;

    public DeadLetter() {}

    /** A {@code raw} longer than {@link #MAX_RAW_CHARS} is cut, and the reason says so with its length. */
    public DeadLetter(String reason, String raw, String origin, long offset) {
        boolean cut = raw != null && raw.length() > MAX_RAW_CHARS;
        this.reason = cut ? String.format("%s (raw text cut to its first %,d of %,d characters)", reason, MAX_RAW_CHARS,
                raw.length()) : reason;
        this.raw = cut ? raw.substring(0, MAX_RAW_CHARS) : raw;
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
