package io.scem.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.rules.RuleSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenarios shipped in {@code rules/tests} pass against the shipped rules, and cover every rule. */
class ShippedScenariosTest {
    private static final Path RULES = Path.of("../rules");

    @Test
    void everyShippedScenarioPassesAndEveryRuleHasScenarios() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ScenarioSuite.Summary summary =
                ScenarioSuite.run(RuleSet.compile(RULES), RULES, new PrintWriter(out), new PrintWriter(err));

        assertThat(err.toString()).isEmpty();
        assertThat(summary.ok()).as(out.toString()).isTrue();
        assertThat(summary.uncovered()).isEmpty();
        assertThat(ScenarioSuite.files(RULES)).hasSizeGreaterThanOrEqualTo(4);
        assertThat(out.toString()).doesNotContain("FAIL");
    }

    @Test
    void aRuleAuthorCanRunOnlyTheScenariosWhoseTitleMatches() throws Exception {
        int inAllFiles = 0;
        int inStockFiles = 0;
        for (Path file : ScenarioSuite.files(RULES)) {
            int scenarios = ScenarioFile.read(file, file.toString()).size();
            inAllFiles += scenarios;
            String name = file.getFileName().toString();
            if (name.equals("stock.yaml") || name.equals("low-stock.yaml")) inStockFiles += scenarios;
        }

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ScenarioSuite.Summary some = ScenarioSuite.run(RuleSet.compile(RULES), RULES, List.of("STOCK.yaml"),
                new PrintWriter(out), new PrintWriter(err));

        assertThat(some.ok()).as(out.toString()).isTrue();
        assertThat(some.scenarios()).isEqualTo(inStockFiles).isPositive();
        assertThat(some.notRun()).isEqualTo(inAllFiles - inStockFiles);
        assertThat(out.toString()).contains("/stock.yaml: ").contains("/low-stock.yaml: ").doesNotContain("/supplier.yaml")
                .doesNotContain("no scenario covers")
                .contains(some.notRun() + " not run (their titles match none of STOCK.yaml)");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void matchingNoScenarioIsAFailureThatSaysSo() throws Exception {
        StringWriter err = new StringWriter();
        ScenarioSuite.Summary none = ScenarioSuite.run(RuleSet.compile(RULES), RULES, List.of("no such rule", "nor this"),
                new PrintWriter(new StringWriter()), new PrintWriter(err));

        assertThat(none.ok()).isFalse();
        assertThat(none.scenarios()).isZero();
        assertThat(err.toString()).contains("no scenario title contains 'no such rule' or 'nor this'");
    }
}
