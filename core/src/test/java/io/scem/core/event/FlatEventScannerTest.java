package io.scem.core.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The fast path of the decoder: a record given as bytes decodes exactly as its text does through
 * Jackson (the same event, or the same dead letter), whatever the record; and the records our
 * producers write are read by the scanner, not declined to Jackson.
 */
class FlatEventScannerTest {
    private static final String VALID = "{\"eventId\":\"e-1\",\"type\":\"GOODS_ISSUED\",\"occurredAt\":\"2026-01-05T10:15:00Z\","
            + "\"site\":\"S1\",\"sku\":\"K1\",\"quantity\":5}";

    private final EventDecoder decoder = new EventDecoder();

    @Test
    void readsEveryEventTheSimulatorWritesAsJacksonDoes() {
        SupplyChainSimulator sim = new SupplyChainSimulator(SimulationConfig.benchmark(3));
        for (int i = 0; i < 100_000; i++) {
            String line = sim.nextJson();
            byte[] bytes = line.getBytes(UTF_8);
            SupplyEvent scanned = new SupplyEvent();

            assertThat(FlatEventScanner.scan(bytes, 0, bytes.length, scanned)).as(line).isTrue();
            scanned.sequence = i;
            assertThat(scanned).as(line).isEqualTo(decoder.decode(line, "sim", i).event);
        }
    }

    @Test
    void readsARecordInTheMiddleOfABuffer() {
        byte[] framed = ("garbage" + VALID + "more").getBytes(UTF_8);

        Decoded d = decoder.decode(framed, 7, VALID.length(), "test", 3);

        assertThat(d.event).isEqualTo(decoder.decode(VALID, "test", 3).event).isNotNull();
    }

    /** Each of these is valid, or nearly: the scanner leaves them to Jackson, and the outcome is Jackson's. */
    @Test
    void declinesWhatIsNotPlainAndTheOutcomeIsJacksons() {
        List<String> declined = List.of(
                VALID.replace("\"S1\"", "\"S\\u0031\""), // an escape
                VALID.replace("\"S1\"", "\"Sé\""), // non-ASCII
                VALID.replace("5}", "5.0}"), // a fraction
                VALID.replace("5}", "5e0}"), // an exponent
                VALID.replace("5}", "1234567890123456789}"), // 19 digits: still a long, for Jackson
                VALID.replace("5}", "05}"), // a leading zero: invalid
                VALID.replace("5}", "-}"), // a sign alone
                VALID.replace("10:15:00Z", "11:15:00+01:00"), // an offset
                VALID.replace("}", ",\"x\":{\"y\":1}}"), // a nested value
                VALID.replace("}", ",\"x\":[]}"),
                VALID.replace("}", ",\"x\":nul}"),
                VALID.replace("}", ",\"x\":nullx}"),
                VALID.replace("}", ",}"),
                VALID.replace("}", "} x"),
                VALID.replace("}", "}{}"),
                VALID.replace("\"GOODS_ISSUED\"", "\"GOODS_LOST\""),
                VALID.replace("\"e-1\"", "\" \""),
                VALID.replace(",\"quantity\":5", ""),
                VALID.replace("5}", "\"5\"}"),
                VALID.replace("\"S1\"", "7"),
                VALID.replace("\"2026-01-05T10:15:00Z\"", "\"2026-02-30T10:15:00Z\""),
                VALID.replace("{", "\u000b{"), // not JSON whitespace
                VALID.substring(0, VALID.length() - 1),
                "{}", "[]", "", " ", "null", "\"text\"");
        for (String text : declined) {
            assertScannedAndAsJackson(text, false);
        }
    }

    /** What the scanner accepts beyond the usual form, each decoded as Jackson decodes it. */
    @Test
    void readsWhitespaceUnknownScalarsAndNullsAsJacksonDoes() {
        List<String> accepted = List.of(
                " \t" + VALID.replace("\":", "\" : ").replace(",", " ,\n") + "\r\n ",
                VALID.replace("}", ",\"extra\":true,\"more\":false,\"none\":null,\"n\":-0,\"s\":\"x\"}"),
                VALID.replace("}", ",\"extra\":1,\"extra\":2}"), // a field the contract does not know may repeat
                VALID.replace("}", ",\"source\":null}"),
                VALID.replace("}", ",\"source\":\"erp\"}"),
                VALID.replace("5}", "-922337203685477580}"),
                VALID.replace("10:15:00Z", "10:15:00.123456789Z"),
                VALID.replace("\"S1\"", "\"~\u007f\""));
        for (String text : accepted) {
            assertScannedAndAsJackson(text, true);
        }
    }

    /** A field of the contract given twice is declined, and Jackson's path rejects it, whatever the second value. */
    @Test
    void declinesAFieldGivenTwice() {
        for (String twice : List.of(",\"site\":null}", ",\"site\":\"S2\"}", ",\"site\":\"S1\"}", ",\"eventId\":\"e-2\"}",
                ",\"source\":\"a\",\"source\":\"b\"}")) {
            String text = VALID.replace("}", twice);
            assertScannedAndAsJackson(text, false);
            assertThat(decoder.decode(text, "test", 9).deadLetter.reason).as(text).endsWith(" is given twice");
        }
    }

    @Test
    void namesComeBackSharedIdsDoNot() {
        byte[] line = ("{\"eventId\":\"e-1\",\"type\":\"SHIPMENT_DISPATCHED\",\"occurredAt\":\"2026-01-05T10:15:00Z\","
                + "\"source\":\"tms\",\"shipmentId\":\"SH-1\",\"carrierId\":\"DHL\",\"site\":\"DC1\","
                + "\"destination\":\"Lyon\",\"promisedAt\":\"2026-01-06T00:00:00Z\"}").getBytes(UTF_8);
        SupplyEvent first = new SupplyEvent();
        SupplyEvent second = new SupplyEvent();
        assertThat(FlatEventScanner.scan(line, 0, line.length, first)).isTrue();
        assertThat(FlatEventScanner.scan(line, 0, line.length, second)).isTrue();

        assertThat(second.site).isSameAs(first.site).isSameAs(SharedStrings.of(new String("DC1")));
        assertThat(second.carrierId).isSameAs(first.carrierId).isEqualTo("DHL");
        assertThat(second.destination).isSameAs(first.destination).isEqualTo("Lyon");
        assertThat(second.source).isSameAs(first.source).isEqualTo("tms");
        assertThat(second.shipmentId).isEqualTo(first.shipmentId).isNotSameAs(first.shipmentId);
        assertThat(second.eventId).isEqualTo(first.eventId).isNotSameAs(first.eventId);
    }

    @Property(tries = 3000)
    void anyTextDecodesAsJacksonDecodesIt(@ForAll("nearlyEvents") String text) {
        assertSameAsJackson(text);
    }

    @Property(tries = 1000)
    void anyBytesDecodeAsTheirTextDoes(@ForAll byte[] bytes) {
        Decoded fromBytes = decoder.decode(bytes, 0, bytes.length, "test", 9);
        assertDecodedAlike(fromBytes, decoder.decode(new String(bytes, UTF_8), "test", 9), "bytes");
    }

    /** A valid event cut, spliced or with one character changed anywhere: mostly invalid in every way the decoder tells apart. */
    @Provide
    Arbitrary<String> nearlyEvents() {
        Arbitrary<String> events = Arbitraries.of(VALID, VALID.replace("}", ",\"source\":null,\"x\":1}"),
                "{\"eventId\":\"p\",\"type\":\"PO_PLACED\",\"occurredAt\":\"2026-01-05T10:15:00.5Z\",\"poId\":\"P\","
                        + "\"supplierId\":\"U\",\"site\":\"S\",\"sku\":\"K\",\"quantity\":-3,\"expectedAt\":\"2026-01-06T00:00:00Z\"}",
                // A negative quantity is valid in an adjustment only (the PO's above is invalid-value).
                "{\"eventId\":\"a\",\"type\":\"STOCK_ADJUSTED\",\"occurredAt\":\"2026-01-05T10:15:00Z\",\"site\":\"S\","
                        + "\"sku\":\"K\",\"quantity\":-3,\"reason\":\"DAMAGE\",\"poId\":\"\"}");
        Arbitrary<Character> characters = Arbitraries.of('{', '}', '"', ':', ',', '\\', ' ', '\t', '0', '9', '-', '.', 'e',
                'n', 'Z', 'x', 'é', '\u0000', '\u2003');
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 200).flatMap(at -> events.map(e -> e.substring(0, Math.min(at, e.length())))),
                Arbitraries.integers().between(0, 200).flatMap(at -> characters.flatMap(ch -> events.map(e -> {
                    int i = Math.min(at, e.length() - 1);
                    return e.substring(0, i) + ch + e.substring(i + 1);
                }))),
                Arbitraries.integers().between(0, 200).flatMap(at -> characters.flatMap(ch -> events.map(e -> {
                    int i = Math.min(at, e.length());
                    return e.substring(0, i) + ch + e.substring(i);
                }))));
    }

    /** Whether the scanner reads {@code text} itself, and that its bytes decode as Jackson decodes the text. */
    private void assertScannedAndAsJackson(String text, boolean scanned) {
        byte[] bytes = text.getBytes(UTF_8);
        assertThat(FlatEventScanner.scan(bytes, 0, bytes.length, new SupplyEvent())).as(text).isEqualTo(scanned);
        assertSameAsJackson(text);
    }

    private void assertSameAsJackson(String text) {
        byte[] bytes = text.getBytes(UTF_8);
        assertDecodedAlike(decoder.decode(bytes, 0, bytes.length, "test", 9), decoder.decode(text, "test", 9), text);
    }

    private static void assertDecodedAlike(Decoded fromBytes, Decoded fromText, String what) {
        assertThat(fromBytes.event).as(what).isEqualTo(fromText.event);
        if (fromText.deadLetter == null) {
            assertThat(fromBytes.deadLetter).as(what).isNull();
        } else {
            assertThat(Map.of("reason", fromBytes.deadLetter.reason, "raw", fromBytes.deadLetter.raw))
                    .as(what).isEqualTo(Map.of("reason", fromText.deadLetter.reason, "raw", fromText.deadLetter.raw));
        }
    }
}
