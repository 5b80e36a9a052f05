package io.scem.core.scenario;

import io.scem.core.rules.LocalMonitor;
import io.scem.core.rules.RuleSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every scenario file of a rules directory ({@code DIR/tests/*.yaml}, in name order) run against
 * its rules: a PASS or FAIL line per scenario, the diff of each failure, unreadable files as
 * {@code file:line: message}, then a summary line. What {@code scem rules test} prints. A rule
 * author working on one rule can run only the scenarios whose title (file and name) contains
 * given words: a few seconds instead of the whole suite.
 */
public final class ScenarioSuite {
    private ScenarioSuite() {}

    /**
     * @param failed scenarios whose alerts differ from the expected ones, or that cannot run as
     *     written (an unknown rule or variable)
     * @param unreadableFiles scenario files with a problem that stops reading them
     * @param uncovered rules that no scenario expects an alert of or names in {@code rules:} (of
     *     the scenarios run)
     * @param notRun scenarios left out because their title matched none of the words asked for
     */
    public record Summary(int scenarios, int passed, int failed, int unreadableFiles, Set<String> uncovered, int notRun,
            long millis) {
        /** All scenarios passed, every file was readable, and there was at least one scenario. */
        public boolean ok() {
            return scenarios > 0 && failed == 0 && unreadableFiles == 0;
        }
    }

    /** The scenario files of a rules directory: {@code DIR/tests/*.yaml} (and .yml), in name order. */
    public static List<Path> files(Path rulesDir) throws IOException {
        Path tests = rulesDir.resolve("tests");
        if (!Files.isDirectory(tests)) return List.of();
        try (Stream<Path> listing = Files.list(tests)) {
            return listing.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        }
    }

    public static Summary run(RuleSet rules, Path rulesDir, PrintWriter out, PrintWriter err) throws IOException {
        return run(rules, rulesDir, List.of(), out, err);
    }

    /**
     * @param matching run only the scenarios whose title contains one of these, ignoring case
     *     (all of them if empty)
     */
    public static Summary run(RuleSet rules, Path rulesDir, List<String> matching, PrintWriter out, PrintWriter err)
            throws IOException {
        long start = System.nanoTime();
        List<Path> files = files(rulesDir);
        if (files.isEmpty()) {
            err.println("no scenario files in " + rulesDir.resolve("tests") + " (*.yaml)");
        }
        Set<String> uncovered;
        try (LocalMonitor probe = new LocalMonitor(rules, a -> { })) {
            uncovered = new TreeSet<>(probe.ruleNames());
        }
        int scenarios = 0;
        int passed = 0;
        int failed = 0;
        int unreadable = 0;
        int notRun = 0;
        for (Path file : files) {
            List<Scenario> read;
            try {
                read = ScenarioFile.read(file, file.toString());
            } catch (ScenarioException e) {
                err.println(e.getMessage());
                unreadable++;
                continue;
            }
            for (Scenario scenario : read) {
                if (!matches(scenario.title(), matching)) {
                    notRun++;
                    continue;
                }
                scenarios++;
                scenario.expected().forEach(e -> uncovered.remove(e.value().rule()));
                if (scenario.rules() != null) uncovered.removeAll(scenario.rules().value());
                ScenarioResult result;
                try {
                    result = ScenarioRunner.run(rules, scenario);
                } catch (ScenarioException e) {
                    out.println("FAIL " + scenario.title());
                    out.println("    " + e.getMessage());
                    failed++;
                    continue;
                }
                if (result.passed()) {
                    passed++;
                    out.println("PASS " + scenario.title());
                } else {
                    failed++;
                    out.println("FAIL " + scenario.title());
                    printDiff(result, out);
                }
            }
            out.flush();
        }
        // Which rules a part of the suite leaves uncovered says nothing about the suite.
        if (!uncovered.isEmpty() && matching.isEmpty()) {
            out.println("note: no scenario covers " + String.join(", ", uncovered));
        }
        if (scenarios == 0 && notRun > 0) {
            err.println("no scenario title contains " + String.join(" or ", matching.stream().map(m -> "'" + m + "'").toList()));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        out.printf("%d scenarios, %d passed, %d failed%s%s (%d ms)%n", scenarios, passed, failed,
                unreadable == 0 ? "" : ", " + unreadable + (unreadable == 1 ? " file" : " files") + " unreadable",
                notRun == 0 ? "" : ", " + notRun + " not run (their titles match none of " + String.join(", ", matching) + ")",
                millis);
        out.flush();
        err.flush();
        return new Summary(scenarios, passed, failed, unreadable, uncovered, notRun, millis);
    }

    private static boolean matches(String title, List<String> matching) {
        if (matching.isEmpty()) return true;
        String lower = title.toLowerCase(Locale.ROOT);
        for (String m : matching) {
            if (lower.contains(m.toLowerCase(Locale.ROOT))) return true;
        }
        return false;
    }

    private static void printDiff(ScenarioResult result, PrintWriter out) {
        result.ruleFailures().forEach((statement, failures) -> out.println("    " + failures.describe(statement)));
        if (!AlertDiff.differs(result.diff())) return;
        out.println("    expected (-) against actual (+), by time:");
        for (AlertDiff.Line line : result.diff()) {
            out.println("    " + line);
        }
        if (result.scenario().expected().isEmpty()) {
            out.println("    (the scenario expects no alert)");
        }
    }
}
