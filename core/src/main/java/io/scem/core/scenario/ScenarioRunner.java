package io.scem.core.scenario;

import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import io.scem.core.rules.LocalMonitor;
import io.scem.core.rules.RuleErrors;
import io.scem.core.rules.RuleSet;
import io.scem.core.scenario.Scenario.Located;
import io.scem.core.sim.ExpectedAlert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@link Scenario} through a fresh {@link LocalMonitor} (the job's semantics, on the
 * external clock) and compares the alerts with the expected ones.
 */
public final class ScenarioRunner {
    private ScenarioRunner() {}

    /**
     * @throws ScenarioException when the scenario cannot run as written: an unknown rule or
     *     variable, or an {@code until} before the last event
     */
    public static ScenarioResult run(RuleSet rules, Scenario scenario) throws ScenarioException {
        long start = System.nanoTime();
        List<ExpectedAlert> actual = new ArrayList<>();
        Map<String, RuleErrors.Failures> ruleFailures;
        // detectedAt is wall clock in the job; scenarios do not compare it, so a fixed 0 keeps runs identical.
        try (LocalMonitor monitor = new LocalMonitor(rules, LocalMonitor.Settings.DEFAULTS, () -> 0L,
                a -> actual.add(new ExpectedAlert(a.rule, a.status, a.key, a.at)))) {
            check(scenario, monitor.ruleNames());
            for (Map.Entry<String, Scenario.Variable> v : scenario.variables().entrySet()) {
                try {
                    monitor.setVariable(v.getKey(), v.getValue().value());
                } catch (IllegalArgumentException e) {
                    throw new ScenarioException(scenario.file(), v.getValue().line(), e.getMessage());
                }
            }
            // The job applies events in time order whatever order they arrive in (ties in arrival
            // order): so does a scenario, whatever order its file lists them in.
            List<SupplyEvent> events = new ArrayList<>(scenario.events());
            events.sort(Comparator.comparingLong(e -> e.occurredAt));
            events.forEach(monitor::accept);
            Located<Long> until = scenario.until();
            if (until == null) {
                monitor.finish();
            } else if (!events.isEmpty() && until.value() < events.get(events.size() - 1).occurredAt) {
                throw new ScenarioException(scenario.file(), until.line(), "until " + Instants.format(until.value())
                        + " is before the last event (" + Instants.format(events.get(events.size() - 1).occurredAt) + ")");
            } else {
                monitor.finish(until.value());
            }
            ruleFailures = monitor.ruleFailures();
        }
        Set<String> compared = scenario.rules() == null ? null : scenario.rules().value();
        List<ExpectedAlert> kept = actual.stream().filter(a -> compared == null || compared.contains(a.rule())).toList();
        List<ExpectedAlert> expected = scenario.expected().stream().map(Located::value).toList();
        return new ScenarioResult(scenario, kept, AlertDiff.diff(expected, kept), ruleFailures,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Names of rules that do not exist would make a scenario pass for nothing: refuse them. */
    private static void check(Scenario scenario, Set<String> known) throws ScenarioException {
        if (scenario.rules() != null) {
            for (String rule : scenario.rules().value()) {
                if (!known.contains(rule)) {
                    throw new ScenarioException(scenario.file(), scenario.rules().line(), "unknown rule " + rule
                            + " (the rules are " + String.join(", ", known) + ")");
                }
            }
        }
        for (Located<ExpectedAlert> e : scenario.expected()) {
            String rule = e.value().rule();
            if (!known.contains(rule)) {
                throw new ScenarioException(scenario.file(), e.line(), "unknown rule " + rule
                        + " (the rules are " + String.join(", ", known) + ")");
            }
            if (scenario.rules() != null && !scenario.rules().value().contains(rule)) {
                throw new ScenarioException(scenario.file(), e.line(), "expects an alert of " + rule
                        + ", which is not among the rules compared (rules: " + scenario.rules().value() + ")");
            }
        }
    }
}
