package io.scem.core.scenario;

import io.scem.core.sim.ExpectedAlert;
import java.util.List;

/**
 * What running a scenario gave.
 *
 * @param actual the alerts the rules raised (of the scenario's rules only, when it names some)
 * @param diff expected against actual, see {@link AlertDiff}
 * @param millis how long it took, engine start included
 */
public record ScenarioResult(Scenario scenario, List<ExpectedAlert> actual, List<AlertDiff.Line> diff, long millis) {
    public boolean passed() {
        return !AlertDiff.differs(diff);
    }
}
