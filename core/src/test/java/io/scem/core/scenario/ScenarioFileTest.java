package io.scem.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scem.core.event.EventType;
import io.scem.core.event.Instants;
import io.scem.core.sim.ExpectedAlert;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading scenario files: the format, and errors that point at the line to fix. */
class ScenarioFileTest {
    private static final String TWO_SCENARIOS = """
            # a comment
            scenario: PO confirmed later moves the deadline
            description: free text
            variables: { SUPPLIER_LATE_GRACE_MINUTES: 0 }
            events:
              - { at: 2026-01-05T08:00:00Z, type: PO_PLACED, poId: PO-1, supplierId: SUP-1, site: DC1, sku: 42, quantity: 100, expectedAt: 2026-01-06T08:00:00Z }
              - { at: 2026-01-05T09:00:00Z, type: PO_CONFIRMED, poId: PO-1, expectedAt: 2026-01-07T08:00:00Z, eventId: conf-1 }
            until: 2026-01-08T00:00:00Z
            rules: [SUPPLIER_LATE]
            expect:
              - { at: 2026-01-07T08:00:00Z, rule: SUPPLIER_LATE, status: firing, key: PO-1 }
            ---
            scenario: nothing happens
            events: []
            expect: []
            """;

    @Test
    void shouldSayWhereAFileIsNotUtf8(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stock.yaml");
        Files.write(file, "scenario: stock\ndescription: r\u00e9ception\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> ScenarioFile.read(file, "tests/stock.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessage("tests/stock.yaml:2: not UTF-8 text here (or the character U+FFFD): save the file as UTF-8");
    }

    @Test
    void shouldReadEveryDocumentOfAFileAsAScenario() throws Exception {
        List<Scenario> scenarios = ScenarioFile.parse(TWO_SCENARIOS, "tests/supplier.yaml");

        assertThat(scenarios).extracting(Scenario::name).containsExactly("PO confirmed later moves the deadline", "nothing happens");
        Scenario first = scenarios.get(0);
        assertThat(first.line()).isEqualTo(2);
        assertThat(first.description()).isEqualTo("free text");
        assertThat(first.variables().get("SUPPLIER_LATE_GRACE_MINUTES").value()).isEqualTo(0L);
        assertThat(first.events()).extracting(e -> e.type, e -> e.eventId, e -> e.occurredAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(EventType.PO_PLACED, "tests/supplier.yaml#1",
                                Instants.parse("2026-01-05T08:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple(EventType.PO_CONFIRMED, "conf-1",
                                Instants.parse("2026-01-05T09:00:00Z")));
        // A number where the contract wants a text is taken as the text a person meant.
        assertThat(first.events().get(0).sku).isEqualTo("42");
        assertThat(first.until().value()).isEqualTo(Instants.parse("2026-01-08T00:00:00Z"));
        assertThat(first.rules().value()).containsExactly("SUPPLIER_LATE");
        assertThat(first.expected()).extracting(Scenario.Located::value).containsExactly(
                ExpectedAlert.firing("SUPPLIER_LATE", "PO-1", Instants.parse("2026-01-07T08:00:00Z")));
        assertThat(first.expected().get(0).line()).isEqualTo(11);
        assertThat(scenarios.get(1).events()).isEmpty();
        assertThat(scenarios.get(1).line()).isEqualTo(13);
    }

    @Test
    void shouldPointAtAnUnknownKey() {
        assertProblem("""
                scenario: typo
                events: []
                expected: []
                """, 3, "unknown key 'expected'");
    }

    @Test
    void shouldPointAtAnEventFieldTheContractDoesNotKnow() {
        assertProblem("""
                scenario: typo in a field
                events:
                  - { at: 2026-01-05T08:00:00Z, type: STOCK_COUNTED, site: DC1, sku: A, quantity: 1 }
                  - { at: 2026-01-05T09:00:00Z, type: GOODS_RECEIVED, site: DC1, sku: A, quantity: 1, po: PO-1 }
                expect: []
                """, 4, "unknown event field 'po'");
    }

    @Test
    void shouldPointAtAnEventTheDecoderRejects() {
        assertProblem("""
                scenario: missing field
                events:
                  - { at: 2026-01-05T08:00:00Z, type: PO_PLACED, poId: PO-1 }
                expect: []
                """, 3, "event 1: missing-field: supplierId is required for PO_PLACED");
    }

    @Test
    void shouldPointAtABadTime() {
        assertProblem("""
                scenario: bad time
                events: []
                expect:
                  - { at: yesterday, rule: STOCK_OUT, status: FIRING, key: DC1|A }
                """, 4, "at: not an ISO-8601 instant");
    }

    @Test
    void shouldPointAtAnUnknownStatus() {
        assertProblem("""
                scenario: bad status
                events: []
                expect:
                  - { at: 2026-01-05T08:00:00Z, rule: STOCK_OUT, status: FIRED, key: DC1|A }
                """, 4, "status must be FIRING or RESOLVED");
    }

    @Test
    void shouldRequireAnExplicitExpectation() {
        assertProblem("""
                # forgetting expect: must not pass as "no alerts"
                scenario: forgot expect
                events: []
                """, 2, "has no 'expect:'");
    }

    @Test
    void shouldReportInvalidYamlWithItsLine() {
        assertProblem("""
                scenario: broken
                events:
                  - { at: 2026-01-05T08:00:00Z, type: STOCK_COUNTED
                expect: []
                """, 4, "not valid YAML");
    }

    @Test
    void shouldRefuseTwoScenariosOfTheSameName() {
        assertProblem("""
                scenario: same
                events: []
                expect: []
                ---
                scenario: same
                events: []
                expect: []
                """, 5, "a second scenario named 'same'");
    }

    private static void assertProblem(String yaml, int line, String message) {
        assertThatThrownBy(() -> ScenarioFile.parse(yaml, "t.yaml"))
                .isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.problem()).contains(message);
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.getMessage()).startsWith("t.yaml:" + line + ": ");
                });
    }
}
