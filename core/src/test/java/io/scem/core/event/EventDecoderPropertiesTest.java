package io.scem.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

/**
 * The decoder against random and adversarial input: it never throws; every record is either one
 * event or one dead letter with a reason of the documented codes; a valid event decodes to exactly
 * what was written, whatever unknown fields and Unicode it carries; each way of breaking a valid
 * event is rejected with the reason that names the break.
 */
class EventDecoderPropertiesTest {
    private static final Set<String> REASON_CODES =
            Set.of("invalid-json", "missing-field", "wrong-type", "invalid-value", "unknown-type", "bad-instant", "too-large");
    private static final JsonFactory JSON = new JsonFactory();
    private static final long YEAR_2000 = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    private static final long YEAR_2100 = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    private final EventDecoder decoder = new EventDecoder();

    @Property(tries = 2000)
    void anyTextIsAnEventOrADeadLetterWithAKnownReason(@ForAll String text) {
        assertDecidedOnce(text);
    }

    @Property(tries = 1000)
    void anyBytesAreAnEventOrADeadLetterWithAKnownReason(@ForAll byte[] bytes) {
        assertDecidedOnce(new String(bytes, StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void anyJsonValueIsAnEventOrADeadLetter(@ForAll("jsonValues") String json) {
        assertDecidedOnce(json);
    }

    @Property(tries = 50)
    void deepNestingIsRejectedNotFollowed(@ForAll @IntRange(min = 65, max = 5_000) int depth) {
        String nested = "{\"eventId\":\"e\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        assertThat(decoder.decode(nested, "test", 0).deadLetter.reasonCode()).isEqualTo("invalid-json");
    }

    @Property(tries = 20)
    void anOversizedRecordIsRejectedUnreadAndKeptShort(@ForAll @IntRange(min = 1, max = 10_000_000) int extra) {
        String huge = "{\"eventId\":\"" + "x".repeat(EventDecoder.MAX_RECORD_CHARS + extra) + "\"}";
        DeadLetter d = decoder.decode(huge, "test", 0).deadLetter;
        assertThat(d.reasonCode()).isEqualTo("too-large");
        assertThat(d.raw).hasSizeLessThanOrEqualTo(1024);
    }

    @Property(tries = 1000)
    void aValidEventDecodesToWhatWasWrittenWhateverItsUnknownFields(@ForAll("validEvents") Map<String, Object> fields,
            @ForAll("unknownFields") Map<String, Object> unknown) throws IOException {
        Map<String, Object> all = new TreeMap<>(unknown);
        all.putAll(fields);
        Decoded decoded = decoder.decode(write(all), "test", 7);

        assertThat(decoded.deadLetter).as(write(all)).isNull();
        SupplyEvent e = decoded.event;
        assertThat(e.eventId).isEqualTo(fields.get("eventId"));
        assertThat(e.type.name()).isEqualTo(fields.get("type"));
        assertThat(e.occurredAt).isEqualTo(Instants.parse((String) fields.get("occurredAt")));
        assertThat(e.sequence).isEqualTo(7);
        for (Field f : e.type.requiredFields()) {
            Object written = fields.get(f.json());
            Object read = valueOf(e, f);
            if (f.kind() == Field.Kind.INSTANT) written = Instants.parse((String) written);
            assertThat(read).as(f.json()).isEqualTo(written);
        }
    }

    @Property(tries = 500)
    void aRequiredFieldLeftOutIsMissing(@ForAll("validEvents") Map<String, Object> fields, @ForAll("indexes") int pick)
            throws IOException {
        List<String> keys = List.copyOf(fields.keySet());
        String dropped = keys.get(pick % keys.size());
        fields.remove(dropped);
        DeadLetter d = decoder.decode(write(fields), "test", 0).deadLetter;
        assertThat(d.reasonCode()).isEqualTo("missing-field");
        assertThat(d.reason).contains(dropped);
    }

    @Property(tries = 500)
    void aFieldOfTheWrongJsonTypeIsAWrongType(@ForAll("validEvents") Map<String, Object> fields, @ForAll("indexes") int pick)
            throws IOException {
        List<String> keys = List.copyOf(fields.keySet());
        String changed = keys.get(pick % keys.size());
        Object value = fields.get(changed);
        fields.put(changed, value instanceof String ? (Object) 42L : "42");
        DeadLetter d = decoder.decode(write(fields), "test", 0).deadLetter;
        assertThat(d.reasonCode()).isEqualTo("wrong-type");
        assertThat(d.reason).contains(changed);
    }

    /**
     * A required id or name given as an empty or blank text is as good as missing; an optional one
     * is taken as absent, and the event kept. By either decoding path.
     */
    @Property(tries = 300)
    void anEmptyTextIsMissingOrAbsent(@ForAll("validEvents") Map<String, Object> fields, @ForAll("indexes") int pick,
            @ForAll("blanks") String blank) throws IOException {
        List<Field> texts = List.of(Field.values()).stream().filter(f -> f.kind() == Field.Kind.TEXT).toList();
        Field emptied = texts.get(pick % texts.size());
        boolean required = EventType.valueOf((String) fields.get("type")).requiredFields().contains(emptied);
        fields.put(emptied.json(), blank);
        String json = write(fields);
        for (Decoded decoded : decodedBothWays(json)) {
            if (required) {
                assertThat(decoded.deadLetter).as(json).isNotNull();
                assertThat(decoded.deadLetter.reason).isEqualTo("missing-field: " + emptied.json() + " is empty");
            } else {
                assertThat(decoded.deadLetter).as(json).isNull();
                assertThat(decoded.event.text(emptied)).isNull();
            }
        }
    }

    /** Goods are counted, received, issued and ordered in quantities of zero or more; only an adjustment is signed. */
    @Property(tries = 300)
    void aNegativeQuantityIsInvalidButInAnAdjustment(@ForAll("validEvents") Map<String, Object> fields,
            @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int minus) throws IOException {
        if (!fields.containsKey("quantity")) return; // a type without a quantity: nothing to check
        fields.put("quantity", -(long) minus);
        String json = write(fields);
        for (Decoded decoded : decodedBothWays(json)) {
            if (fields.get("type").equals(EventType.STOCK_ADJUSTED.name())) {
                assertThat(decoded.deadLetter).as(json).isNull();
                assertThat(decoded.event.quantity).isEqualTo(-(long) minus);
            } else {
                assertThat(decoded.deadLetter).as(json).isNotNull();
                assertThat(decoded.deadLetter.reason).startsWith("invalid-value: quantity -" + minus + " is negative");
            }
        }
    }

    /** A quantity no stock moves, which sums of could overflow a stock level: invalid both ways, either sign. */
    @Property(tries = 300)
    void aQuantityBeyondTheBoundIsInvalid(@ForAll("validEvents") Map<String, Object> fields,
            @ForAll @LongRange(min = EventDecoder.MAX_QUANTITY + 1) long beyond) throws IOException {
        if (!fields.containsKey("quantity")) return; // a type without a quantity: nothing to check
        boolean adjustment = fields.get("type").equals(EventType.STOCK_ADJUSTED.name());
        for (long quantity : adjustment ? List.of(beyond, -beyond) : List.of(beyond)) {
            fields.put("quantity", quantity);
            String json = write(fields);
            for (Decoded decoded : decodedBothWays(json)) {
                assertThat(decoded.deadLetter).as(json).isNotNull();
                assertThat(decoded.deadLetter.reason).isEqualTo("invalid-value: quantity " + quantity
                        + " is beyond ±1,000,000,000,000 (no stock moves that much at once)");
            }
        }
    }

    /**
     * A field of the contract given twice makes the event ambiguous (parsers disagree on which
     * value counts): rejected by either path, even with the same value twice or a null.
     */
    @Property(tries = 300)
    void aFieldGivenTwiceIsRejected(@ForAll("validEvents") Map<String, Object> fields, @ForAll("indexes") int pick,
            @ForAll("secondValues") Object second) throws IOException {
        List<String> keys = List.copyOf(fields.keySet());
        String repeated = keys.get(pick % keys.size());
        String json = write(fields);
        json = json.substring(0, json.length() - 1) + "," + write(repeated) + ":" + write(second == SAME ? fields.get(repeated) : second) + "}";
        for (Decoded decoded : decodedBothWays(json)) {
            assertThat(decoded.deadLetter).as(json).isNotNull();
            assertThat(decoded.deadLetter.reason).isEqualTo("invalid-json: " + repeated + " is given twice");
        }
    }

    /** Tools that save "UTF-8 with BOM" put a byte order mark before a file's first line. */
    @Property(tries = 200)
    void aByteOrderMarkBeforeAnEventIsIgnored(@ForAll("validEvents") Map<String, Object> fields) throws IOException {
        String json = write(fields);
        SupplyEvent expected = decoder.decode(json, "test", 0).event;
        assertThat(expected).isNotNull();
        for (Decoded decoded : decodedBothWays("\uFEFF" + json)) {
            assertThat(decoded.event).as(json).isEqualTo(expected);
        }
    }

    @Property(tries = 300)
    void anUnparsableInstantIsABadInstant(@ForAll("validEvents") Map<String, Object> fields,
            @ForAll @StringLength(max = 40) String notAnInstant) throws IOException {
        try {
            Instants.parse(notAnInstant);
            return; // by chance a valid instant: nothing to check
        } catch (RuntimeException expected) {
            // go on
        }
        fields.put("occurredAt", notAnInstant);
        assertThat(decoder.decode(write(fields), "test", 0).deadLetter.reasonCode()).isEqualTo("bad-instant");
    }

    @Property(tries = 300)
    void anUnknownTypeIsAnUnknownType(@ForAll("validEvents") Map<String, Object> fields, @ForAll @StringLength(max = 200) String type)
            throws IOException {
        if (List.of(EventType.values()).stream().anyMatch(t -> t.name().equals(type))) return;
        fields.put("type", type);
        DeadLetter d = decoder.decode(write(fields), "test", 0).deadLetter;
        assertThat(d.reasonCode()).isEqualTo("unknown-type");
        assertThat(d.reason).as("the type is quoted, abbreviated").hasSizeLessThan(300);
    }

    @Property(tries = 300)
    void aQuantityBeyondALongIsRejectedNotWrapped(@ForAll("validEvents") Map<String, Object> fields,
            @ForAll @IntRange(min = 19, max = 90) int digits) throws IOException {
        fields.put("quantity", new java.math.BigInteger("9".repeat(digits)));
        String json = write(fields);
        Decoded decoded = decoder.decode(json, "test", 0);
        assertThat(decoded.event).as(json).isNull();
        assertThat(decoded.deadLetter.reasonCode()).isIn("wrong-type", "invalid-json");
    }

    /** The record decoded as text (by Jackson) and as bytes (by the flat scanner where it can). */
    private List<Decoded> decodedBothWays(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        return List.of(decoder.decode(json, "test", 0), decoder.decode(utf8, 0, utf8.length, "test", 0));
    }

    private void assertDecidedOnce(String text) {
        Decoded decoded = decoder.decode(text, "test", 0);
        assertThat(decoded).isNotNull();
        assertThat(decoded.event == null).as("exactly one of event and dead letter").isNotEqualTo(decoded.deadLetter == null);
        if (decoded.deadLetter != null) {
            assertThat(REASON_CODES).contains(decoded.deadLetter.reasonCode());
            assertThat(decoded.deadLetter.raw).isNotNull();
        } else {
            assertThat(decoded.event.eventId).isNotBlank();
            assertThat(decoded.event.type).isNotNull();
        }
    }

    // ---- generators ----------------------------------------------------------------------------

    @Provide
    Arbitrary<Integer> indexes() {
        return Arbitraries.integers().between(0, 1000);
    }

    /** Every type with all its required fields, of random but valid values (Unicode text included). */
    @Provide
    Arbitrary<Map<String, Object>> validEvents() {
        Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(30).filter(s -> !s.isBlank());
        Arbitrary<Long> quantities = Arbitraries.longs().between(-EventDecoder.MAX_QUANTITY, EventDecoder.MAX_QUANTITY);
        Arbitrary<String> instants = Arbitraries.longs().between(YEAR_2000, YEAR_2100).map(Instants::format);
        return Combinators.combine(Arbitraries.of(EventType.class), text, text, quantities, instants, instants)
                .as((type, id, value, anyQuantity, occurredAt, other) -> {
                    // Only an adjustment's quantity may be negative.
                    long quantity = type == EventType.STOCK_ADJUSTED || anyQuantity >= 0 ? anyQuantity : -(anyQuantity + 1);
                    Map<String, Object> m = new TreeMap<>();
                    m.put("eventId", id);
                    m.put("type", type.name());
                    m.put("occurredAt", occurredAt);
                    for (Field f : type.requiredFields()) {
                        m.put(f.json(), switch (f.kind()) {
                            case TEXT -> value + f.ordinal();
                            case INTEGER -> quantity;
                            case INSTANT -> other;
                        });
                    }
                    return m;
                });
    }

    /** Marks "the value the field already has" among {@link #secondValues()}. */
    private static final Object SAME = new Object();

    @Provide
    Arbitrary<Object> secondValues() {
        return Arbitraries.oneOf(Arbitraries.just(SAME), Arbitraries.just(null), Arbitraries.strings().ofMaxLength(10).map(v -> (Object) v),
                Arbitraries.longs().map(v -> (Object) v));
    }

    @Provide
    Arbitrary<String> blanks() {
        return Arbitraries.of("", " ", "\t", "   ", "\u2003");
    }

    /** Fields the contract does not know, with any JSON value: producers may add fields. */
    @Provide
    Arbitrary<Map<String, Object>> unknownFields() {
        Arbitrary<String> names = Arbitraries.strings().ofMaxLength(20)
                .filter(n -> !n.equals("eventId") && !n.equals("type") && !n.equals("occurredAt") && !n.equals("source")
                        && List.of(Field.values()).stream().noneMatch(f -> f.json().equals(n)));
        Arbitrary<Object> values = Arbitraries.oneOf(Arbitraries.strings().map(s -> (Object) s),
                Arbitraries.doubles().map(d -> (Object) d), Arbitraries.just(null),
                Arbitraries.of(List.of(1, "two", List.of()), Map.of("nested", Map.of("deeper", 1))).map(v -> (Object) v));
        return Arbitraries.maps(names, values).ofMaxSize(5);
    }

    /** Random JSON texts: objects, arrays, scalars, nested a few levels. */
    @Provide
    Arbitrary<String> jsonValues() {
        return Arbitraries.recursive(
                () -> Arbitraries.oneOf(Arbitraries.strings().map(s -> (Object) s), Arbitraries.longs().map(l -> (Object) l),
                        Arbitraries.doubles().map(d -> (Object) d), Arbitraries.of(true, false).map(b -> (Object) b)),
                inner -> Arbitraries.oneOf(
                        inner.list().ofMaxSize(4).map(l -> (Object) l),
                        Arbitraries.maps(Arbitraries.of("eventId", "type", "occurredAt", "site", "quantity", "x"), inner)
                                .ofMaxSize(4).map(m -> (Object) m)),
                0, 4).map(EventDecoderPropertiesTest::writeUnchecked);
    }

    private static String writeUnchecked(Object value) {
        try {
            return write(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object value) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeValue(g, value);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) g.writeNull();
        else if (value instanceof String s) g.writeString(s);
        else if (value instanceof Long l) g.writeNumber(l);
        else if (value instanceof Integer i) g.writeNumber(i);
        else if (value instanceof java.math.BigInteger b) g.writeNumber(b);
        else if (value instanceof Double d) g.writeNumber(d);
        else if (value instanceof Boolean b) g.writeBoolean(b);
        else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) writeValue(g, item);
            g.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName((String) e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            throw new IllegalArgumentException(value.getClass().toString());
        }
    }

    private static Object valueOf(SupplyEvent e, Field f) {
        return switch (f) {
            case PO_ID -> e.poId;
            case SUPPLIER_ID -> e.supplierId;
            case SITE -> e.site;
            case SKU -> e.sku;
            case QUANTITY -> e.quantity;
            case EXPECTED_AT -> e.expectedAt;
            case WORK_ORDER_ID -> e.workOrderId;
            case DUE_AT -> e.dueAt;
            case LINE_ID -> e.lineId;
            case REASON -> e.reason;
            case ORDER_ID -> e.orderId;
            case CUSTOMER_ID -> e.customerId;
            case SHIPMENT_ID -> e.shipmentId;
            case CARRIER_ID -> e.carrierId;
            case DESTINATION -> e.destination;
            case PROMISED_AT -> e.promisedAt;
            case ETA -> e.eta;
            case LOCATION -> e.location;
        };
    }
}
