package io.scem.jobs.cli;

import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.core.rules.RuleEngine;
import io.scem.core.rules.RuleSet;
import io.scem.core.scenario.AlertDiff;
import io.scem.core.sim.AlertOracle;
import io.scem.core.sim.ExpectedAlert;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scem verify}: a replay's alerts of the four foundation rules against {@link
 * AlertOracle}, which computes them by brute force from their specification, tuned by the
 * rules' own variables. Exit 0 when they are the same alerts, 1 when they differ.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a replay's alerts of the four foundation rules against an independent implementation.",
                "The oracle of the tests computes STOCK_OUT, SUPPLIER_LATE, PRODUCTION_LATE and DELIVERY_LATE by brute"
                        + " force from their specification, tuned by the rules' variables (STOCK_OUT_LEVEL,"
                        + " STOCK_OUT_HOLD_MINUTES, the three *_LATE_GRACE_MINUTES).",
                "Compares rule, status, key and at. Exit 0 when the alerts are the oracle's, 1 when they differ, 2 for"
                        + " bad input.",
                "The oracle keeps every event in memory: 6 million events need a 4 GB heap (SCEM_JAVA_OPTS=-Xmx4g)."})
final class VerifyCommand implements Callable<Integer> {
    /** Differences listed before the rest are only counted. */
    private static final int LISTED = 20;
    /**
     * Heap the oracle needs per byte of input: the simulated month (6 M events, 1,004 MB) ran out
     * of a 3 GB heap (2.7 GB usable) and ran in 4 GB (3.5 GB resident).
     */
    private static final double HEAP_PER_INPUT_BYTE = 3.5;

    @Spec
    CommandSpec spec;

    @Option(names = "--events", required = true, description = "the JSON Lines file of events that was replayed")
    Path events;

    @Option(names = "--alerts", required = true, description = "the alerts the replay wrote (scem replay --alerts)")
    Path alerts;

    @Option(names = "--rules", defaultValue = "${env:SCEM_RULES:-rules}",
            description = "the rules the replay ran, for their variables (default: ${DEFAULT-VALUE})")
    Path rules;

    @Option(names = "--out-of-order-bound", defaultValue = "5m", converter = DurationConverter.class,
            description = "the replay's out-of-order bound: older events were dead letters (default: ${DEFAULT-VALUE})")
    Duration bound;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path file : List.of(events, alerts)) {
            String problem = CommandFiles.cannotRead(file);
            if (problem != null) {
                err.println("scem verify: " + problem);
                return 2;
            }
        }
        // Short of heap, the collector would thrash for many minutes before the oracle failed.
        long heapNeeded = heapNeeded(events);
        String moreHeap = heapOption(heapNeeded);
        if (heapNeeded > Runtime.getRuntime().maxMemory()) {
            err.printf("scem verify: the oracle keeps every event: %s needs about %,d MB of heap and this JVM has %,d MB;"
                    + " run it with %s%n", events, heapNeeded >> 20, Runtime.getRuntime().maxMemory() >> 20, moreHeap);
            return 2;
        }

        RuleSet ruleSet = RulesCommand.compileOrReport(rules, err);
        if (ruleSet == null) return 2;
        Map<String, Object> variables;
        Set<String> ruleNames;
        try (RuleEngine engine = new RuleEngine(ruleSet, "scem-verify", 0, alert -> { })) {
            variables = engine.variables();
            ruleNames = engine.ruleNames();
        }
        AlertOracle.Tunables tunables = AlertOracle.Tunables.of(variables);
        Set<String> checked = new TreeSet<>(AlertOracle.RULES);
        checked.retainAll(ruleNames);
        Set<String> absent = new TreeSet<>(AlertOracle.RULES);
        absent.removeAll(ruleNames);
        out.printf("scem verify: %s against the oracle, with the variables of %s: %s%n", alerts, rules, tunables);
        if (!absent.isEmpty()) {
            out.printf("  %s not in these rules: left out%n", String.join(", ", absent));
        }

        // The alerts first: a bad line is said at once, not after the oracle's minute on a month.
        long start = System.nanoTime();
        List<ExpectedAlert> actual = new ArrayList<>();
        Set<String> otherVersions = new TreeSet<>();
        try {
            readAlerts(checked, ruleSet.versions(), actual, otherVersions);
        } catch (IllegalArgumentException e) {
            err.println("scem verify: " + e.getMessage());
            return 2;
        }
        if (!otherVersions.isEmpty()) {
            // Most likely a --rules other than the replay's: their tunables may not be the ones that ran.
            out.printf("  note: alerts raised by rule files that are not in %s (ruleVersion %s): were they replayed"
                    + " with other rules?%n", rules, String.join(", ", otherVersions));
        }
        List<ExpectedAlert> expected;
        try {
            expected = AlertOracle.expectedAlerts(AlertOracle.loadJsonLines(events, bound.toMillis()), tunables).stream()
                    .filter(a -> checked.contains(a.rule()))
                    .toList();
        } catch (OutOfMemoryError e) {
            // The oracle's lists are garbage once it has thrown: there is room to say so.
            err.printf("scem verify: the oracle ran out of heap (%,d MB) on %s: give it more (%s)%n",
                    Runtime.getRuntime().maxMemory() >> 20, events, moreHeap);
            return 2;
        }
        printCounts(out, expected, actual);

        List<AlertDiff.Line> differences = AlertDiff.diff(expected, actual).stream().filter(l -> l.sign() != ' ').toList();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (differences.isEmpty()) {
            out.printf("the same %,d alerts as the oracle (%.1f s)%n", expected.size(), seconds);
            return 0;
        }
        long missing = differences.stream().filter(l -> l.sign() == '-').count();
        out.printf("DIFFERENT: %,d of the oracle's alerts missing (-), %,d not the oracle's (+) (%.1f s)%n",
                missing, differences.size() - missing, seconds);
        differences.stream().limit(LISTED).forEach(out::println);
        if (differences.size() > LISTED) out.printf("... and %,d more%n", differences.size() - LISTED);
        return 1;
    }

    private static long heapNeeded(Path events) throws IOException {
        return (long) (Files.size(events) * HEAP_PER_INPUT_BYTE);
    }

    /** The heap to give {@code scem verify} of {@code events}, as {@code SCEM_JAVA_OPTS=-Xmx…}. */
    static String heapOption(Path events) throws IOException {
        return heapOption(heapNeeded(events));
    }

    private static String heapOption(long heapNeeded) {
        return String.format("SCEM_JAVA_OPTS=-Xmx%dg", (heapNeeded >> 30) + 1);
    }

    /**
     * Adds the alerts of {@code checked} rules in the file to {@code read}, and the versions of
     * rule files that raised them and are not in {@code versions} to {@code otherVersions}. A line
     * that is not an alert is an error naming it.
     */
    private void readAlerts(Set<String> checked, Set<String> versions, List<ExpectedAlert> read, Set<String> otherVersions)
            throws IOException {
        try (BufferedReader in = Files.newBufferedReader(alerts, StandardCharsets.UTF_8)) {
            long lineNumber = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank()) continue;
                Alert a;
                try {
                    a = AlertJson.read(line);
                } catch (UncheckedIOException | IllegalArgumentException e) {
                    String reason = String.valueOf(e instanceof UncheckedIOException io ? io.getCause().getMessage() : e.getMessage());
                    throw new IllegalArgumentException(alerts + ":" + lineNumber + ": not an alert: "
                            + reason.lines().findFirst().orElse(reason));
                }
                if (a.key == null) {
                    throw new IllegalArgumentException(alerts + ":" + lineNumber + ": not an alert: key is required");
                }
                if (!checked.contains(a.rule)) continue;
                read.add(new ExpectedAlert(a.rule, a.status, a.key, a.at));
                if (a.ruleVersion != null && !versions.contains(a.ruleVersion)) otherVersions.add(a.ruleVersion);
            }
        }
    }

    /** Alerts per rule and status, the oracle's beside the file's. */
    private static void printCounts(PrintWriter out, List<ExpectedAlert> expected, List<ExpectedAlert> actual) {
        Map<String, long[]> counts = new TreeMap<>();
        expected.forEach(a -> counts.computeIfAbsent(a.rule() + " " + a.status(), k -> new long[2])[0]++);
        actual.forEach(a -> counts.computeIfAbsent(a.rule() + " " + a.status(), k -> new long[2])[1]++);
        out.printf("  %-26s %10s %10s%n", "rule and status", "oracle", "alerts");
        counts.forEach((ruleAndStatus, n) -> out.printf("  %-26s %,10d %,10d%n", ruleAndStatus, n[0], n[1]));
    }
}
