package io.scem.core.scenario;

import io.scem.core.rules.RuleErrors;
import io.scem.core.sim.ExpectedAlert;
import java.util.List;
import java.util.Map;

/**
 * What running a scenario gave.
 *
 * @param actual the alerts the rules raised (of the scenario's rules only, when it names some)
 * @param diff expected against actual, see {@link AlertDiff}
 * @param ruleFailures how often each statement threw at run time, and its first error (see
 *     {@link io.scem.core.rules.RuleEngine#failures}): a scenario with any fails, whatever the alerts
 * @param millis how long it took, engine start included
 */
public record ScenarioResult(Scenario scenario, List<ExpectedAlert> actual, List<AlertDiff.Line> diff,
        Map<String, RuleErrors.Failures> ruleFailures, long millis) {
    public boolean passed() {
        return !AlertDiff.differs(diff) && ruleFailures.isEmpty();
    }
}
