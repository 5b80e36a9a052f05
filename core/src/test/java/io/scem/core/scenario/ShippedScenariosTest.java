package io.scem.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.rules.RuleSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
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
}
