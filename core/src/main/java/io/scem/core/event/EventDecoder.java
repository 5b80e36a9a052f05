package io.scem.core.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns one JSON text into a {@link SupplyEvent}, or says precisely why it cannot. Never throws
 * on input: every problem becomes a {@link DeadLetter} with a reason code (invalid-json,
 * missing-field, wrong-type, invalid-value, unknown-type, bad-instant, too-large) and detail.
 *
 * <p>Streaming (no tree) because decoding is the first cost every event pays. Unknown fields are
 * skipped so producers can add fields without breaking the job. A field of the contract given
 * twice is rejected: parsers disagree on which value wins, so the event is ambiguous. A byte
 * order mark before the record is ignored. Records given as bytes are first
 * offered to a {@link FlatEventScanner}, which reads events of the usual form without a parser
 * and declines the rest, for Jackson to decode as records given as text are.
 */
public final class EventDecoder {
    /** Larger records are rejected unread: no event of the contract comes near this. */
    public static final int MAX_RECORD_CHARS = 64 * 1024;
    /**
     * UTF-8 takes at most 3 bytes per UTF-16 char, so a record of more bytes than this is over
     * {@link #MAX_RECORD_CHARS} whatever it holds: readers of bytes can reject it unread.
     */
    public static final int MAX_RECORD_UTF8_BYTES = 3 * MAX_RECORD_CHARS;
    /** Of a record too large to read, this much of its beginning is kept: enough to see what it was. */
    public static final int OVERSIZED_HEAD_CHARS = 1024;

    private static final Map<String, Field> FIELDS_BY_NAME = new HashMap<>();
    private static final Set<String> ENVELOPE = Set.of("eventId", "type", "occurredAt", "source");
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final Map<String, EventType> TYPES_BY_NAME = new HashMap<>();
    private static final Field[] TEXT_FIELDS =
            Arrays.stream(Field.values()).filter(f -> f.kind() == Field.Kind.TEXT).toArray(Field[]::new);

    static {
        for (Field f : Field.values()) FIELDS_BY_NAME.put(f.json(), f);
        for (EventType t : EventType.values()) TYPES_BY_NAME.put(t.name(), t);
        // read() notes the fields it saw as bits of an int.
        if (Field.values().length > Integer.SIZE) throw new IllegalStateException("more than 32 fields");
    }

    private final JsonFactory json = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(100).build())
            .build();

    /**
     * Decodes one record of UTF-8 bytes, {@code utf8[from, from + length)}, as {@link #decode(String,
     * String, long)} decodes its text, but most events without making the text.
     */
    public Decoded decode(byte[] utf8, int from, int length, String origin, long offset) {
        if (length >= 3 && utf8[from] == (byte) 0xEF && utf8[from + 1] == (byte) 0xBB && utf8[from + 2] == (byte) 0xBF) {
            from += 3; // a byte order mark (see decode(String, ...))
            length -= 3;
        }
        if (length <= MAX_RECORD_CHARS) {
            SupplyEvent event = new SupplyEvent();
            if (FlatEventScanner.scan(utf8, from, from + length, event)) {
                String problem = invalidValue(event);
                if (problem != null) {
                    return reject(problem, new String(utf8, from, length, StandardCharsets.UTF_8), origin, offset);
                }
                event.sequence = offset;
                return Decoded.of(event);
            }
        }
        return decode(new String(utf8, from, length, StandardCharsets.UTF_8), origin, offset);
    }

    /** Decodes one record; {@code origin}/{@code offset} say where it came from, for the dead letter. */
    public Decoded decode(String text, String origin, long offset) {
        if (text == null) {
            return reject("invalid-json: empty record", "", origin, offset);
        }
        if (text.startsWith(BYTE_ORDER_MARK)) {
            // Tools that save "UTF-8 with BOM" (Windows editors, Excel, PowerShell 5) put one at
            // the start of a file, that is of its first line; JSON allows a reader to ignore it.
            text = text.substring(1);
        }
        if (text.length() > MAX_RECORD_CHARS) {
            return tooLarge(text.substring(0, OVERSIZED_HEAD_CHARS), String.format("%,d characters", text.length()), origin,
                    offset);
        }
        try {
            SupplyEvent event = new SupplyEvent();
            String problem = read(text, event);
            if (problem != null) {
                return reject(problem, text, origin, offset);
            }
            event.sequence = offset;
            return Decoded.of(event);
        } catch (JsonProcessingException e) {
            return reject("invalid-json: " + e.getOriginalMessage(), text, origin, offset);
        } catch (IOException | RuntimeException e) {
            return reject("invalid-json: " + e.getMessage(), text, origin, offset);
        }
    }

    /**
     * The dead letter of a record too large to read: for a reader that stopped reading it early
     * (a file line, a Kafka record whose size in bytes alone rules it out), so that it never
     * needs the whole text in memory.
     *
     * @param head the record's beginning, kept as the dead letter's raw text (cut to {@link #OVERSIZED_HEAD_CHARS})
     * @param size how large it was, with its unit ("10,485,760 bytes")
     */
    public static Decoded tooLarge(String head, String size, String origin, long offset) {
        String kept = head.length() > OVERSIZED_HEAD_CHARS ? head.substring(0, OVERSIZED_HEAD_CHARS) : head;
        return reject(String.format("too-large: %s (limit %,d characters)", size, MAX_RECORD_CHARS), kept, origin, offset);
    }

    private static Decoded reject(String reason, String raw, String origin, long offset) {
        return Decoded.rejected(new DeadLetter(reason, raw, origin, offset));
    }

    /** Fills {@code event}; returns null when valid, else the reason. */
    private String read(String text, SupplyEvent event) throws IOException {
        String typeName = null;
        String occurredAt = null;
        int present = 0; // bit i: the Field of ordinal i was given (not an array: one per event)
        Set<String> namesSeen = new HashSet<>();
        try (JsonParser p = json.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "invalid-json: not a JSON object";
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if ((ENVELOPE.contains(name) || FIELDS_BY_NAME.containsKey(name)) && !namesSeen.add(name)) {
                    return "invalid-json: " + name + " is given twice";
                }
                JsonToken value = p.nextToken();
                switch (name) {
                    case "eventId" -> {
                        if (value != JsonToken.VALUE_STRING) return "wrong-type: eventId must be a string";
                        event.eventId = p.getText();
                    }
                    case "type" -> {
                        if (value != JsonToken.VALUE_STRING) return "wrong-type: type must be a string";
                        typeName = p.getText();
                    }
                    case "occurredAt" -> {
                        if (value != JsonToken.VALUE_STRING) return "wrong-type: occurredAt must be an ISO-8601 string";
                        occurredAt = p.getText();
                    }
                    case "source" -> {
                        if (value == JsonToken.VALUE_STRING) event.source = p.getText();
                        else if (value != JsonToken.VALUE_NULL) return "wrong-type: source must be a string";
                    }
                    default -> {
                        Field field = FIELDS_BY_NAME.get(name);
                        if (field == null) {
                            p.skipChildren();
                        } else if (value != JsonToken.VALUE_NULL) {
                            String problem = readField(p, value, field, event);
                            if (problem != null) return problem;
                            present |= 1 << field.ordinal();
                        }
                    }
                }
            }
            if (token != JsonToken.END_OBJECT) {
                return "invalid-json: malformed object";
            }
            if (p.nextToken() != null) {
                return "invalid-json: trailing content after the object";
            }
        }
        if (event.eventId == null || event.eventId.isBlank()) return "missing-field: eventId";
        if (typeName == null) return "missing-field: type";
        if (occurredAt == null) return "missing-field: occurredAt";
        EventType type = TYPES_BY_NAME.get(typeName);
        if (type == null) return "unknown-type: " + Instants.abbreviate(typeName);
        event.type = type;
        try {
            event.occurredAt = Instants.parse(occurredAt);
        } catch (DateTimeException e) {
            return "bad-instant: occurredAt " + e.getMessage();
        }
        if ((present & type.requiredMask()) != type.requiredMask()) {
            for (Field required : type.requiredFields()) {
                if ((present & (1 << required.ordinal())) == 0) {
                    return "missing-field: " + required.json() + " is required for " + type;
                }
            }
        }
        return invalidValue(event);
    }

    /**
     * The largest quantity one event may move, either way: far beyond any real movement of one
     * SKU, and small enough that stock levels, sums of quantities, cannot overflow. Before, a
     * count of 9,223,372,036,854,775,807 followed by a receipt of 10 made the stock negative, and
     * a stock-out was raised.
     */
    public static final long MAX_QUANTITY = 1_000_000_000_000L;
    private static final String MAX_QUANTITY_SAID = "±1,000,000,000,000";

    /**
     * Why an event with every field of the right kind still cannot be used, or null. A required
     * id or name given as an empty text is as good as missing: the job would keep a stock for
     * site "" and alert about it. An optional one (a receipt's {@code "poId": ""}) is taken as
     * absent, so that the movement itself still counts. Quantities count goods, so only
     * STOCK_ADJUSTED's, a signed delta, may be negative: a negative receipt or issue would move
     * the stock the other way unseen.
     */
    private static String invalidValue(SupplyEvent event) {
        for (Field field : TEXT_FIELDS) {
            String text = event.text(field);
            if (text != null && text.isBlank()) {
                if ((event.type.requiredMask() & (1 << field.ordinal())) != 0) return "missing-field: " + field.json() + " is empty";
                event.set(field, null);
            }
        }
        if (event.quantity != null && event.quantity < 0 && event.type != EventType.STOCK_ADJUSTED) {
            return "invalid-value: quantity " + event.quantity + " is negative; only STOCK_ADJUSTED's (a signed delta) may be";
        }
        if (event.quantity != null && (event.quantity > MAX_QUANTITY || event.quantity < -MAX_QUANTITY)) {
            return "invalid-value: quantity " + event.quantity + " is beyond " + MAX_QUANTITY_SAID + " (no stock moves that much at once)";
        }
        return null;
    }

    private static String readField(JsonParser p, JsonToken value, Field field, SupplyEvent e) throws IOException {
        switch (field.kind()) {
            case TEXT -> {
                if (value != JsonToken.VALUE_STRING) return "wrong-type: " + field.json() + " must be a string";
                e.set(field, p.getText());
            }
            case INTEGER -> {
                if (value != JsonToken.VALUE_NUMBER_INT) return "wrong-type: " + field.json() + " must be an integer";
                if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
                    return "wrong-type: " + field.json() + " is out of range";
                }
                e.set(field, p.getLongValue());
            }
            case INSTANT -> {
                if (value != JsonToken.VALUE_STRING) return "wrong-type: " + field.json() + " must be an ISO-8601 string";
                try {
                    e.set(field, Instants.parse(p.getText()));
                } catch (DateTimeException ex) {
                    return "bad-instant: " + field.json() + " " + ex.getMessage();
                }
            }
            default -> throw new IllegalStateException(field.kind().toString());
        }
        return null;
    }
}
