package io.scem.core.notify;

import static io.scem.core.notify.TestAlerts.HOUR;
import static io.scem.core.notify.TestAlerts.T0;
import static io.scem.core.notify.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scem.core.alert.Alert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Silences}: when a silence mutes, expiring one, and the append-only JSON Lines file. */
class SilencesTest {
    private static final long START = T0;
    private static final long END = T0 + 2 * HOUR;

    @TempDir Path dir;

    private final Alert sup2 = alert("a1", "SUPPLIER_LATE").supplier("SUP-2").firingAt(T0);
    private final Alert sup3 = alert("a2", "SUPPLIER_LATE").supplier("SUP-3").firingAt(T0);

    @Test
    void aSilenceMutesMatchingAlertsFromItsStartUntilJustBeforeItsEnd() throws Exception {
        Silences silences = Silences.inMemory();
        silences.add(supplierSilence("s-1"));

        assertThat(silences.isSilenced(sup2, START - 1)).isFalse();
        assertThat(silences.isSilenced(sup2, START)).isTrue();
        assertThat(silences.isSilenced(sup2, END - 1)).isTrue();
        assertThat(silences.isSilenced(sup2, END)).isFalse();
        assertThat(silences.isSilenced(sup3, START)).as("another supplier").isFalse();
        assertThat(silences.active(START)).extracting(Silence::id).containsExactly("s-1");
        assertThat(silences.active(END)).isEmpty();
    }

    @Test
    void everyMatcherMustMatch() throws Exception {
        Silences silences = Silences.inMemory();
        silences.add(new Silence("s-1", List.of(Matcher.regex(AlertField.RULE, "SUPPLIER_.*"),
                Matcher.notEqual(AlertField.SUPPLIER_ID, "SUP-3")), START, END, "ana", ""));

        assertThat(silences.isSilenced(sup2, START)).isTrue();
        assertThat(silences.isSilenced(sup3, START)).isFalse();
        assertThat(silences.isSilenced(alert("a3", "STOCK_OUT").firingAt(T0), START)).isFalse();
    }

    @Test
    void expiringASilenceEndsItNowAndOnlyOnce() throws Exception {
        Silences silences = Silences.inMemory();
        silences.add(supplierSilence("s-1"));

        assertThat(silences.expire("s-1", START + HOUR)).isTrue();
        assertThat(silences.isSilenced(sup2, START + HOUR - 1)).isTrue();
        assertThat(silences.isSilenced(sup2, START + HOUR)).isFalse();
        assertThat(silences.expire("s-1", START + HOUR + 1)).isFalse();
        assertThat(silences.expire("nope", START)).isFalse();
        assertThat(silences.list()).extracting(Silence::endsAt).containsExactly(START + HOUR);
    }

    @Test
    void expiringASilenceThatHasNotStartedMeansItNeverMutes() throws Exception {
        Silences silences = Silences.inMemory();
        silences.add(supplierSilence("s-1"));
        silences.expire("s-1", START - HOUR);

        assertThat(silences.isSilenced(sup2, START)).isFalse();
        assertThat(silences.get("s-1").startsAt()).isEqualTo(START - HOUR);
    }

    @Test
    void theFileIsAppendedToAndReadBackAsTheSameSilences() throws Exception {
        Path file = dir.resolve("silences.jsonl");
        Silences silences = Silences.open(file);
        silences.add(supplierSilence("s-1"));
        silences.add(new Silence("s-2", List.of(Matcher.regex(AlertField.RULE, "DELIVERY_.*")), START, END, "bob", null));
        silences.expire("s-1", START + HOUR);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).containsExactly(
                "{\"type\":\"silence\",\"id\":\"s-1\",\"match\":{\"supplierId\":\"SUP-2\"},"
                        + "\"startsAt\":\"2026-01-05T10:00:00Z\",\"endsAt\":\"2026-01-05T12:00:00Z\","
                        + "\"createdBy\":\"ana\",\"comment\":\"supplier called: delivery tomorrow\"}",
                "{\"type\":\"silence\",\"id\":\"s-2\",\"match_re\":{\"rule\":\"DELIVERY_.*\"},"
                        + "\"startsAt\":\"2026-01-05T10:00:00Z\",\"endsAt\":\"2026-01-05T12:00:00Z\","
                        + "\"createdBy\":\"bob\",\"comment\":\"\"}",
                "{\"type\":\"expire\",\"id\":\"s-1\",\"at\":\"2026-01-05T11:00:00Z\"}");
        assertThat(Silences.open(file).list()).isEqualTo(silences.list());
    }

    @Test
    void aBadLineIsReportedWithItsNumber() throws Exception {
        Path file = dir.resolve("silences.jsonl");
        Files.writeString(file, """
                {"type":"silence","id":"s-1","match":{"supplierId":"SUP-2"},"startsAt":"2026-01-05T10:00:00Z","endsAt":"2026-01-05T12:00:00Z","createdBy":"ana"}

                {"type":"silence","id":"s-2","match":{"suplierId":"SUP-2"},"startsAt":"2026-01-05T10:00:00Z","endsAt":"2026-01-05T12:00:00Z","createdBy":"ana"}
                """);

        assertThatThrownBy(() -> Silences.open(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("silences.jsonl:3: unknown alert field 'suplierId' (fields: rule,");
    }

    @Test
    void aSilenceNeedsAMatcherAnAuthorAndAnEndAfterItsStart() {
        assertThatThrownBy(() -> new Silence("s", List.of(), START, END, "ana", "")).hasMessageContaining("matcher");
        assertThatThrownBy(() -> new Silence("s", List.of(Matcher.equal(AlertField.RULE, "X")), END, START, "ana", ""))
                .hasMessageContaining("end before it starts");
        assertThatThrownBy(() -> new Silence("s", List.of(Matcher.equal(AlertField.RULE, "X")), START, END, " ", ""))
                .hasMessageContaining("createdBy");
    }

    private static Silence supplierSilence(String id) {
        return new Silence(id, List.of(Matcher.equal(AlertField.SUPPLIER_ID, "SUP-2")), START, END, "ana",
                "supplier called: delivery tomorrow");
    }
}
