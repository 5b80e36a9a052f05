package io.scem.core.event;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

/**
 * The decoder's fast path: reads an event the way producers write one (a flat JSON object in
 * ASCII: strings without escapes, integers, {@code null}, {@code true}, {@code false}) straight
 * from the record's bytes, with no parser object, no char buffer and no line {@code String}.
 * Decoding is the first cost every event pays, and a Jackson parser per record was 14 % of the
 * bytes a replay allocated (about 560 per line).
 *
 * <p>It never judges input. It either decodes a valid event exactly as {@link EventDecoder}'s
 * Jackson path would (same fields, same values) or declines, and the decoder reads the text with
 * Jackson, which finds the event or the precise reason of the dead letter. It declines whatever
 * is outside the form above, even if valid: escapes, non-ASCII bytes, nested values, fractions,
 * exponents, numbers of more than 18 digits, instants not in the plain UTC form, and every
 * invalid event (a field of the contract given twice among them).
 * So a record it declines costs a little more than before, and one it reads much less.
 *
 * <p>Stateless: any thread may call it.
 */
final class FlatEventScanner {
    /** Names the scanner knows: the envelope's, then the payload {@link Field}s at {@code FIRST_FIELD + ordinal}. */
    private static final int EVENT_ID = 0, TYPE = 1, OCCURRED_AT = 2, SOURCE = 3, FIRST_FIELD = 4, UNKNOWN = -1;
    private static final Field[] FIELDS = Field.values();
    private static final EventType[] TYPES = EventType.values();
    private static final byte[][] NAMES = new byte[FIRST_FIELD + FIELDS.length][];
    private static final byte[][] TYPE_NAMES = new byte[TYPES.length][];
    /** Up to 18 decimal digits always fit in a long; longer numbers are left to Jackson. */
    private static final int MAX_DIGITS = 18;

    private FlatEventScanner() {}

    static {
        if (NAMES.length > Long.SIZE) throw new IllegalStateException("more than 64 names");
        NAMES[EVENT_ID] = ascii("eventId");
        NAMES[TYPE] = ascii("type");
        NAMES[OCCURRED_AT] = ascii("occurredAt");
        NAMES[SOURCE] = ascii("source");
        for (Field f : FIELDS) NAMES[FIRST_FIELD + f.ordinal()] = ascii(f.json());
        for (EventType t : TYPES) TYPE_NAMES[t.ordinal()] = ascii(t.name());
    }

    /** What a value was: its text is between the cursor's {@code start} and {@code end}, its number in {@code number}. */
    private enum Kind { STRING, INTEGER, LITERAL_NULL, LITERAL_BOOLEAN }

    /**
     * Fills {@code event} from {@code b[from, to)} and returns true, or returns false (declines),
     * leaving {@code event} partly filled: the caller must then use a new one.
     */
    static boolean scan(byte[] b, int from, int to, SupplyEvent event) {
        Cursor c = new Cursor(b, from, to);
        if (!c.skipSpaceAndExpect('{')) return false;
        EventType type = null;
        long occurredAt = Long.MIN_VALUE;
        int present = 0;
        long namesSeen = 0; // bit i: the known name i was read (the names are fewer than 64)
        while (true) {
            if (!c.skipSpaceAndExpect('"') || !c.string()) return false;
            int name = known(b, c.start, c.end);
            if (name != UNKNOWN) {
                if ((namesSeen & (1L << name)) != 0) return false; // a repeated field: the decoder rejects it
                namesSeen |= 1L << name;
            }
            if (!c.skipSpaceAndExpect(':') || !c.value()) return false;
            switch (name) {
                case UNKNOWN -> { } // any scalar: producers may add fields
                case EVENT_ID -> {
                    if (c.kind != Kind.STRING) return false;
                    event.eventId = c.text();
                }
                case TYPE -> {
                    if (c.kind != Kind.STRING || (type = typeOf(b, c.start, c.end)) == null) return false;
                }
                case OCCURRED_AT -> {
                    if (c.kind != Kind.STRING || (occurredAt = Instants.parseUtc(b, c.start, c.end)) == Long.MIN_VALUE) {
                        return false;
                    }
                }
                case SOURCE -> {
                    if (c.kind == Kind.STRING) event.source = c.name();
                    else if (c.kind != Kind.LITERAL_NULL) return false;
                }
                default -> {
                    Field field = FIELDS[name - FIRST_FIELD];
                    if (c.kind != Kind.LITERAL_NULL) {
                        if (!assign(c, field, event)) return false;
                        present |= 1 << field.ordinal();
                    }
                }
            }
            c.skipSpace();
            if (c.at(',')) {
                c.pos++;
            } else if (c.at('}')) {
                c.pos++;
                break;
            } else {
                return false;
            }
        }
        c.skipSpace();
        if (c.pos != to || event.eventId == null || event.eventId.isBlank() || type == null
                || occurredAt == Long.MIN_VALUE || (present & type.requiredMask()) != type.requiredMask()) {
            return false;
        }
        event.type = type;
        event.occurredAt = occurredAt;
        return true;
    }

    private static boolean assign(Cursor c, Field field, SupplyEvent e) {
        switch (field.kind()) {
            case TEXT -> {
                if (c.kind != Kind.STRING) return false;
                e.set(field, field.isName() ? c.name() : c.text());
            }
            case INTEGER -> {
                if (c.kind != Kind.INTEGER) return false;
                e.set(field, c.number);
            }
            case INSTANT -> {
                long instant;
                if (c.kind != Kind.STRING || (instant = Instants.parseUtc(c.b, c.start, c.end)) == Long.MIN_VALUE) {
                    return false;
                }
                e.set(field, instant);
            }
        }
        return true;
    }

    /**
     * A position in the record and the last value read. One per record: the JIT does not keep it
     * off the heap (1.6 % of a replay's allocations), but one per decoder would make the decoder
     * unsafe to share.
     */
    private static final class Cursor {
        final byte[] b;
        final int to;
        int pos;
        Kind kind;
        int start, end;
        long number;

        Cursor(byte[] b, int from, int to) {
            this.b = b;
            this.pos = from;
            this.to = to;
        }

        boolean at(char ch) {
            return pos < to && b[pos] == ch;
        }

        /** JSON's whitespace only: Jackson rejects other control characters. */
        void skipSpace() {
            while (pos < to && isSpace(b[pos])) pos++;
        }

        boolean skipSpaceAndExpect(char ch) {
            skipSpace();
            if (!at(ch)) return false;
            pos++;
            return true;
        }

        /** After the opening quote: printable ASCII up to the closing quote, no escapes. */
        boolean string() {
            start = pos;
            while (pos < to) {
                byte ch = b[pos];
                if (ch == '"') {
                    end = pos++;
                    kind = Kind.STRING;
                    return true;
                }
                if (ch < 0x20 || ch == '\\') return false; // control, escape, or (negative) a byte of a multi-byte character
                pos++;
            }
            return false;
        }

        boolean value() {
            skipSpace();
            if (pos >= to) return false;
            byte ch = b[pos];
            if (ch == '"') {
                pos++;
                return string();
            }
            if (ch == '-' || (ch >= '0' && ch <= '9')) return integer();
            if (literal("null")) {
                kind = Kind.LITERAL_NULL;
                return true;
            }
            if (literal("true") || literal("false")) {
                kind = Kind.LITERAL_BOOLEAN;
                return true;
            }
            return false; // objects, arrays and anything invalid
        }

        /** JSON's {@code -?(0|[1-9][0-9]*)}, ended by a delimiter: a fraction or an exponent is declined. */
        private boolean integer() {
            boolean negative = b[pos] == '-';
            if (negative) pos++;
            int digitsFrom = pos;
            long value = 0;
            while (pos < to && b[pos] >= '0' && b[pos] <= '9') {
                value = value * 10 + (b[pos] - '0');
                pos++;
            }
            int digits = pos - digitsFrom;
            if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && b[digitsFrom] == '0') || !atDelimiter()) return false;
            number = negative ? -value : value;
            kind = Kind.INTEGER;
            return true;
        }

        /** The word, if a delimiter follows it (Jackson reads {@code nullx} as an error). */
        private boolean literal(String word) {
            int after = pos + word.length();
            if (after >= to || !isDelimiter(b[after])) return false;
            for (int i = 0; i < word.length(); i++) {
                if (b[pos + i] != word.charAt(i)) return false;
            }
            pos = after;
            return true;
        }

        private boolean atDelimiter() {
            return pos < to && isDelimiter(b[pos]);
        }

        private static boolean isDelimiter(byte ch) {
            return ch == ',' || ch == '}' || isSpace(ch);
        }

        private static boolean isSpace(byte ch) {
            return ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t';
        }

        String text() {
            return new String(b, start, end - start, ISO_8859_1);
        }

        /** The text as a shared name: no new string for a name seen before. */
        String name() {
            return SharedStrings.ofAscii(b, start, end - start);
        }
    }

    private static int known(byte[] b, int from, int to) {
        for (int i = 0; i < NAMES.length; i++) {
            if (equal(NAMES[i], b, from, to)) return i;
        }
        return UNKNOWN;
    }

    private static EventType typeOf(byte[] b, int from, int to) {
        for (int i = 0; i < TYPE_NAMES.length; i++) {
            if (equal(TYPE_NAMES[i], b, from, to)) return TYPES[i];
        }
        return null;
    }

    private static boolean equal(byte[] name, byte[] b, int from, int to) {
        if (name.length != to - from || name[0] != b[from]) return false;
        for (int i = 1; i < name.length; i++) {
            if (name[i] != b[from + i]) return false;
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(ISO_8859_1);
    }
}
