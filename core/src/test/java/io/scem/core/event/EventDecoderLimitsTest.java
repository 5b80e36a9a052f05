package io.scem.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The bounds that keep bad input from exhausting memory: what the decoder reads, what a dead
 * letter keeps, and that unknown field names, however many and however new, are not remembered.
 */
class EventDecoderLimitsTest {
    private static final String VALID_PREFIX = "{\"eventId\":\"e-1\",\"type\":\"STOCK_COUNTED\",\"occurredAt\":\"2026-01-05T10:00:00Z\","
            + "\"site\":\"DC1\",\"sku\":\"SKU-1\",\"quantity\":5";

    private final EventDecoder decoder = new EventDecoder();

    @Test
    void shouldRejectA10MegabyteRecordKeepingOnlyItsBeginningAndItsSize() {
        String huge = VALID_PREFIX + ",\"note\":\"" + "x".repeat(10 << 20) + "\"}";

        DeadLetter d = decoder.decode(huge, "scem.warehouse-0", 42).deadLetter;

        assertThat(d.reason).isEqualTo(String.format("too-large: %,d characters (limit 65,536 characters)", huge.length()));
        assertThat(d.raw).isEqualTo(huge.substring(0, EventDecoder.OVERSIZED_HEAD_CHARS));
        assertThat(d.origin).isEqualTo("scem.warehouse-0");
        assertThat(d.offset).isEqualTo(42);
    }

    @Test
    void shouldRejectAnEventWith100kUnknownFieldsAsTooLarge() {
        StringBuilder json = new StringBuilder(VALID_PREFIX);
        for (int i = 0; i < 100_000; i++) json.append(",\"u").append(i).append("\":1");
        json.append('}');

        assertThat(decoder.decode(json.toString(), "test", 0).deadLetter.reasonCode()).isEqualTo("too-large");
    }

    @Test
    void shouldDecodeAnEventWithAsManyUnknownFieldsAsFitUnderTheLimit() {
        StringBuilder json = new StringBuilder(VALID_PREFIX);
        for (int i = 0; json.length() < EventDecoder.MAX_RECORD_CHARS - 20; i++) json.append(",\"u").append(i).append("\":1");
        json.append('}');

        Decoded decoded = decoder.decode(json.toString(), "test", 0);

        assertThat(decoded.deadLetter).isNull();
        assertThat(decoded.event.quantity).isEqualTo(5);
    }

    @Test
    void shouldCutTheRawTextOfAnyDeadLetterToTheBoundAndSayHowLongItWas() {
        String raw = "y".repeat(10 << 20);

        DeadLetter d = new DeadLetter("decode-error: boom", raw, "file.jsonl", 3);

        assertThat(d.raw).hasSize(DeadLetter.MAX_RAW_CHARS).isEqualTo(raw.substring(0, DeadLetter.MAX_RAW_CHARS));
        assertThat(d.reason).isEqualTo("decode-error: boom (raw text cut to its first 65,536 of 10,485,760 characters)");
        assertThat(d.reasonCode()).isEqualTo("decode-error");
    }

    @Test
    void shouldKeepTheRawTextOfADeadLetterWithinTheBoundWhole() {
        String raw = "{" + "z".repeat(DeadLetter.MAX_RAW_CHARS - 1);

        DeadLetter d = new DeadLetter("invalid-json: unexpected end", raw, "file.jsonl", 3);

        assertThat(d.raw).isEqualTo(raw);
        assertThat(d.reason).isEqualTo("invalid-json: unexpected end");
    }

    /**
     * Jackson canonicalizes field names in a table that outlives each parser; were every new name
     * kept, 800,000 of them (a flood of events with made-up fields) would hold over 60 MB.
     */
    @Test
    void shouldNotRememberAFloodOfDistinctUnknownFieldNames() {
        long before = liveHeapBytes();
        for (int i = 0; i < 200_000; i++) {
            String json = "{\"eventId\":\"e-" + i + "\",\"type\":\"LINE_RESUMED\",\"occurredAt\":\"2026-01-05T10:00:00Z\","
                    + "\"site\":\"DC1\",\"lineId\":\"L1\",\"a" + i + "\":1,\"b" + i + "\":2,\"c" + i + "\":3,\"d" + i + "\":4}";
            assertThat(decoder.decode(json, "test", i).isEvent()).isTrue();
        }
        long grown = liveHeapBytes() - before;

        assertThat(grown).isLessThan(16L << 20);
    }

    private static long liveHeapBytes() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
