package io.scem.core.backtest;

import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import io.scem.core.rules.RuleErrors;
import io.scem.core.scenario.AlertDiff;
import io.scem.core.sim.ExpectedAlert;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A backtest per rule: how many alerts the candidate rules raise and, against a baseline, which
 * alerts the change adds and removes ("was" columns: the baseline's counts). Alerts are compared
 * on (rule, status, key, at): an alert that moved in time is one removed and one added.
 */
public final class BacktestReport {
    /**
     * One rule's figures; the baseline ones are 0 and the lists empty without a baseline.
     *
     * @param added alerts of the candidate that the baseline does not raise, by time
     * @param removed alerts of the baseline that the candidate no longer raises, by time
     */
    public record RuleDelta(String rule, long firing, long resolved, long baselineFiring, long baselineResolved,
            List<ExpectedAlert> added, List<ExpectedAlert> removed) {}

    private final List<RuleDelta> rules;
    private final boolean hasBaseline;
    private final Map<String, RuleErrors.Failures> failures;
    private final Map<String, RuleErrors.Failures> baselineFailures;

    private BacktestReport(List<RuleDelta> rules, boolean hasBaseline, Map<String, RuleErrors.Failures> failures,
            Map<String, RuleErrors.Failures> baselineFailures) {
        this.rules = rules;
        this.hasBaseline = hasBaseline;
        this.failures = failures;
        this.baselineFailures = baselineFailures;
    }

    /** @param baseline the baseline run, or null for counts only */
    public static BacktestReport of(Backtest.Run candidate, Backtest.Run baseline) {
        Set<String> names = new TreeSet<>(candidate.rules());
        candidate.alerts().forEach(a -> names.add(a.rule));
        if (baseline != null) {
            names.addAll(baseline.rules());
            baseline.alerts().forEach(a -> names.add(a.rule));
        }
        List<RuleDelta> deltas = new ArrayList<>();
        for (String rule : names) {
            List<ExpectedAlert> mine = of(candidate.alerts(), rule);
            List<ExpectedAlert> theirs = baseline == null ? List.of() : of(baseline.alerts(), rule);
            List<ExpectedAlert> added = new ArrayList<>();
            List<ExpectedAlert> removed = new ArrayList<>();
            if (baseline != null) {
                for (AlertDiff.Line line : AlertDiff.diff(theirs, mine)) {
                    if (line.sign() == '+') added.add(line.alert());
                    if (line.sign() == '-') removed.add(line.alert());
                }
            }
            deltas.add(new RuleDelta(rule, count(mine, true), count(mine, false), count(theirs, true), count(theirs, false),
                    added, removed));
        }
        return new BacktestReport(deltas, baseline != null, candidate.ruleFailures(),
                baseline == null ? Map.of() : baseline.ruleFailures());
    }

    private static List<ExpectedAlert> of(List<Alert> alerts, String rule) {
        return alerts.stream().filter(a -> a.rule.equals(rule))
                .map(a -> new ExpectedAlert(a.rule, a.status, a.key, a.at)).toList();
    }

    private static long count(List<ExpectedAlert> alerts, boolean firing) {
        return alerts.stream().filter(a -> a.isFiring() == firing).count();
    }

    public List<RuleDelta> rules() {
        return rules;
    }

    /**
     * Prints the table, then (with a baseline) the added and removed alerts of each rule, at most
     * {@code maxLinesPerRule} of them per rule.
     */
    public void print(PrintWriter out, int maxLinesPerRule) {
        int width = Math.max(4, rules.stream().mapToInt(r -> r.rule().length()).max().orElse(4));
        String name = "%-" + width + "s";
        if (hasBaseline) {
            out.printf(name + "  %8s %8s   %10s %12s   %7s %7s%n", "rule", "FIRING", "RESOLVED", "was FIRING", "was RESOLVED",
                    "added", "removed");
        } else {
            out.printf(name + "  %8s %8s%n", "rule", "FIRING", "RESOLVED");
        }
        long[] total = new long[6];
        for (RuleDelta r : rules) {
            row(out, name, r.rule(), r.firing(), r.resolved(), r.baselineFiring(), r.baselineResolved(), r.added().size(),
                    r.removed().size());
            total[0] += r.firing();
            total[1] += r.resolved();
            total[2] += r.baselineFiring();
            total[3] += r.baselineResolved();
            total[4] += r.added().size();
            total[5] += r.removed().size();
        }
        row(out, name, "total", total[0], total[1], total[2], total[3], total[4], total[5]);
        printFailures(out, hasBaseline ? "statements of the rules tried" : "rule statements", failures);
        printFailures(out, "statements of the baseline", baselineFailures);
        if (!hasBaseline) return;
        for (RuleDelta r : rules) {
            if (r.added().isEmpty() && r.removed().isEmpty()) continue;
            out.printf("%n%s: %d added, %d removed%n", r.rule(), r.added().size(), r.removed().size());
            List<String> lines = new ArrayList<>();
            // Added and removed interleaved by time, so a moved alert shows as a - and + pair.
            for (AlertDiff.Line line : AlertDiff.diff(r.removed(), r.added())) {
                ExpectedAlert a = line.alert();
                lines.add(String.format("  %c %s %-8s %s", line.sign(), Instants.format(a.at()), a.status(), a.key()));
            }
            lines.stream().limit(maxLinesPerRule).forEach(out::println);
            if (lines.size() > maxLinesPerRule) {
                out.printf("  … %,d more%n", lines.size() - maxLinesPerRule);
            }
        }
    }

    /** A rule that threw skipped facts, so its counts above are short of what it would raise: say so first. */
    private static void printFailures(PrintWriter out, String whose, Map<String, RuleErrors.Failures> failures) {
        if (failures.isEmpty()) return;
        out.printf("%n%s that failed at run time (their counts above miss what those facts would have raised):%n", whose);
        failures.forEach((statement, failing) -> out.println("  " + failing.describe(statement)));
    }

    private void row(PrintWriter out, String name, String rule, long firing, long resolved, long baseFiring, long baseResolved,
            long added, long removed) {
        if (hasBaseline) {
            out.printf(name + "  %,8d %,8d   %,10d %,12d   %7s %7s%n", rule, firing, resolved, baseFiring, baseResolved,
                    "+" + added, "-" + removed);
        } else {
            out.printf(name + "  %,8d %,8d%n", rule, firing, resolved);
        }
    }
}
