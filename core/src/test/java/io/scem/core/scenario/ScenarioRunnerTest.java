package io.scem.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scem.core.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running scenarios against the shipped rules: the diff of a failure, and scenarios that cannot run. */
class ScenarioRunnerTest {
    private static RuleSet rules;

    @BeforeAll
    static void compileShippedRules() throws Exception {
        rules = RuleSet.compile(Path.of("../rules"));
    }

    private static final String LATE_PO = """
            scenario: late PO
            events:
              - { at: 2026-01-05T08:00:00Z, type: PO_PLACED, poId: PO-1, supplierId: SUP-1, site: DC1, sku: A, quantity: 1, expectedAt: 2026-01-06T08:00:00Z }
              - { at: 2026-01-06T12:00:00Z, type: GOODS_RECEIVED, poId: PO-1, site: DC1, sku: A, quantity: 1 }
            """;

    @Test
    void shouldPassWhenTheAlertsAreExactlyTheExpectedOnes() throws Exception {
        ScenarioResult result = run(LATE_PO + """
                rules: [SUPPLIER_LATE]
                expect:
                  - { at: 2026-01-06T12:00:00Z, rule: SUPPLIER_LATE, status: RESOLVED, key: PO-1 }
                  - { at: 2026-01-06T08:00:00Z, rule: SUPPLIER_LATE, status: FIRING, key: PO-1 }
                """);
        assertThat(result.passed()).isTrue();
        assertThat(result.diff()).extracting(AlertDiff.Line::sign).containsOnly(' ');
    }

    @Test
    void shouldShowMissingAndUnexpectedAlertsInTimeOrder() throws Exception {
        ScenarioResult result = run(LATE_PO + """
                rules: [SUPPLIER_LATE]
                expect:
                  - { at: 2026-01-06T08:00:00Z, rule: SUPPLIER_LATE, status: FIRING, key: PO-1 }
                  - { at: 2026-01-06T11:00:00Z, rule: SUPPLIER_LATE, status: RESOLVED, key: PO-1 }
                """);
        assertThat(result.passed()).isFalse();
        assertThat(result.diff()).extracting(AlertDiff.Line::toString).containsExactly(
                "  2026-01-06T08:00:00Z SUPPLIER_LATE    FIRING   PO-1",
                "- 2026-01-06T11:00:00Z SUPPLIER_LATE    RESOLVED PO-1",
                "+ 2026-01-06T12:00:00Z SUPPLIER_LATE    RESOLVED PO-1");
    }

    @Test
    void shouldCompareOnlyTheNamedRules() throws Exception {
        ScenarioResult result = run("""
                scenario: stock only
                events:
                  - { at: 2026-01-05T08:00:00Z, type: STOCK_COUNTED, site: DC1, sku: A, quantity: 1 }
                  - { at: 2026-01-05T08:00:00Z, type: PO_PLACED, poId: PO-1, supplierId: SUP-1, site: DC1, sku: A, quantity: 1, expectedAt: 2026-01-05T09:00:00Z }
                  - { at: 2026-01-05T10:00:00Z, type: GOODS_ISSUED, site: DC1, sku: A, quantity: 1 }
                rules: [STOCK_OUT]
                expect:
                  - { at: 2026-01-05T10:00:00Z, rule: STOCK_OUT, status: FIRING, key: DC1|A }
                """);
        assertThat(result.passed()).isTrue();
        assertThat(result.actual()).extracting(a -> a.rule()).containsOnly("STOCK_OUT");
    }

    @Test
    void shouldRefuseAnUnknownRuleAtItsLine() {
        assertThatThrownBy(() -> run(LATE_PO + """
                expect:
                  - { at: 2026-01-06T08:00:00Z, rule: SUPPLIER_LATENESS, status: FIRING, key: PO-1 }
                """)).isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.line()).isEqualTo(6);
                    assertThat(e.problem()).contains("unknown rule SUPPLIER_LATENESS").contains("SUPPLIER_LATE");
                });
    }

    @Test
    void shouldRefuseAnUnknownVariableAtItsLine() {
        assertThatThrownBy(() -> run("""
                scenario: typo in a variable
                variables: { SUPPLIER_GRACE: 5 }
                events: []
                expect: []
                """)).isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.problem()).contains("unknown variable SUPPLIER_GRACE");
                });
    }

    @Test
    void shouldRefuseAnEndBeforeTheLastEvent() {
        assertThatThrownBy(() -> run(LATE_PO + """
                until: 2026-01-06T00:00:00Z
                expect: []
                """)).isInstanceOfSatisfying(ScenarioException.class, e -> assertThat(e.problem()).contains("before the last event"));
    }

    @Test
    void shouldFailAScenarioWhoseRuleThrowsAtRunTimeAndSayWhatItThrew(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("numbered.epl"), """
                @Name('NUMBERED_PO')
                @Tag(name='severity', value='INFO')
                @Tag(name='stage', value='supplier')
                @Tag(name='message', value='PO {key} placed')
                select 'FIRING' as status, poId as key, cast(poId, long) as at from PurchaseOrder;
                """);
        Scenario scenario = ScenarioFile.parse(LATE_PO + "expect: []\n", "t.yaml").get(0);

        ScenarioResult result = ScenarioRunner.run(RuleSet.compile(dir), scenario);

        assertThat(result.actual()).isEmpty();
        assertThat(result.passed()).isFalse();
        assertThat(result.ruleFailures()).containsOnlyKeys("NUMBERED_PO");
        assertThat(result.ruleFailures().get("NUMBERED_PO").times()).isEqualTo(2);
        assertThat(result.ruleFailures().get("NUMBERED_PO").firstError()).contains("NumberFormatException");
    }

    private static ScenarioResult run(String yaml) throws ScenarioException {
        return ScenarioRunner.run(rules, ScenarioFile.parse(yaml, "t.yaml").get(0));
    }
}
