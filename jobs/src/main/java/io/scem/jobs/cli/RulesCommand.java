package io.scem.jobs.cli;

import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.core.backtest.Backtest;
import io.scem.core.backtest.BacktestReport;
import io.scem.core.event.Instants;
import io.scem.core.rules.LocalMonitor;
import io.scem.core.rules.RuleCompileException;
import io.scem.core.rules.RuleProblem;
import io.scem.core.rules.RuleSet;
import io.scem.core.scenario.ScenarioSuite;
import io.scem.jobs.monitoring.JobSettings;
import io.scem.jobs.monitoring.Replay;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scem rules check|test|backtest}: compile the rule files, run their scenarios, or run them
 * over history. Test and backtest use {@link LocalMonitor} (the job's semantics without Flink):
 * seconds, not a MiniCluster.
 */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Work with the EPL rule files.",
        subcommands = {RulesCommand.Check.class, RulesCommand.TestScenarios.class, RulesCommand.BacktestHistory.class})
final class RulesCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Compiles the rules, or prints their problems (file:line:column: message) and returns null. */
    static RuleSet compileOrReport(Path dir) throws IOException {
        PrintWriter err = new PrintWriter(System.err, true);
        return compileOrReport(dir, err);
    }

    /** As {@link #compileOrReport(Path)}, problems to {@code err}. */
    static RuleSet compileOrReport(Path dir, PrintWriter err) throws IOException {
        if (!Files.isDirectory(dir)) {
            err.println(dir + ": " + (Files.exists(dir) ? "not a directory" : "no such directory")
                    + " (the rules directory: --rules, rules.dir or $SCEM_RULES)");
            err.flush();
            return null;
        }
        try {
            return RuleSet.compile(dir);
        } catch (RuleCompileException e) {
            for (RuleProblem problem : e.problems()) {
                err.println(dir.resolve(problem.file()).normalize() + ":" + problem.line() + ":" + problem.column()
                        + ": " + problem.message());
            }
            err.flush();
            return null;
        }
    }

    /**
     * The rules directory of a rules subcommand: its argument ({@code scem rules check DIR}), or
     * {@code --rules DIR} as every other command takes it, so that both work.
     */
    static final class RulesDirectory {
        @Parameters(arity = "0..1", paramLabel = "DIR", defaultValue = "${env:SCEM_RULES:-rules}",
                description = "rules directory (default: ${DEFAULT-VALUE})")
        Path argument;

        @Option(names = "--rules", paramLabel = "DIR", description = "the same, as the other commands take it")
        Path option;

        Path get() {
            return option != null ? option : argument;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "Compile every .epl module; exit 0 only if all compile.")
    static final class Check implements Callable<Integer> {
        @Mixin
        RulesDirectory rulesDirectory;

        @Override
        public Integer call() throws Exception {
            Path dir = rulesDirectory.get();
            long start = System.currentTimeMillis();
            RuleSet rules = compileOrReport(dir);
            if (rules == null) return 1;
            System.out.printf("%d rule files%s OK (%d ms)%n", rules.modules().size(),
                    rules.items().isEmpty() ? "" : " and items.csv (" + rules.items().size() + " items)",
                    System.currentTimeMillis() - start);
            return 0;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Run the rule scenarios DIR/tests/*.yaml (events with times -> the alerts expected) on the "
                    + "external clock; a PASS/FAIL line per scenario, a diff of expected (-) and actual (+) alerts on "
                    + "failure.", "Exit 0 only when every scenario passes."})
    static final class TestScenarios implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RulesDirectory rulesDirectory;

        @Option(names = "--match", paramLabel = "TEXT",
                description = "run only the scenarios whose title (file and name) contains TEXT, ignoring case; repeat for more (e.g. --match stock.yaml --match 'low stock')")
        List<String> matching = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Path dir = rulesDirectory.get();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            RuleSet rules = compileOrReport(dir, err);
            if (rules == null) return 1;
            return ScenarioSuite.run(rules, dir, matching, out, err).ok() ? 0 : 1;
        }
    }

    @Command(name = "backtest", mixinStandardHelpOptions = true,
            description = {"Run the rules over a JSON Lines file of events (what would they have raised?): alerts per "
                    + "rule and, against --baseline rules, the alerts the change adds and removes.", "Exit 0 when it ran."})
    static final class BacktestHistory implements Callable<Integer> {
        private static final long PROGRESS_FROM_BYTES = 10L << 20;
        private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

        @Spec
        CommandSpec spec;

        @Mixin
        RulesDirectory rulesDirectory;

        @Option(names = "--events", required = true, description = "JSON Lines file of events (history)")
        Path events;

        @Option(names = "--baseline", description = "rules directory to compare with, e.g. the rules in production")
        Path baseline;

        @Option(names = "--output", description = "write the alerts of the rules tried as JSON Lines, sorted by time")
        Path output;

        @Option(names = "--max-lines", defaultValue = "50",
                description = "added/removed alerts listed per rule (default: ${DEFAULT-VALUE})")
        int maxLines;

        @Option(names = "--out-of-order-bound", defaultValue = "5m", converter = DurationConverter.class,
                description = "how late an event may arrive and still count, as in the job (default: ${DEFAULT-VALUE})")
        Duration bound;

        @Override
        public Integer call() throws Exception {
            Path dir = rulesDirectory.get();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String problem = CommandFiles.cannotRead(events);
            if (problem == null && output != null) problem = CommandFiles.cannotWrite(output);
            if (problem != null) {
                err.println("scem rules backtest: " + problem);
                return 2;
            }
            List<RuleSet> ruleSets = new ArrayList<>();
            RuleSet candidate = compileOrReport(dir, err);
            if (candidate == null) return 1;
            ruleSets.add(candidate);
            if (baseline != null) {
                RuleSet base = compileOrReport(baseline, err);
                if (base == null) return 1;
                ruleSets.add(base);
            }
            JobSettings job = JobSettings.defaults();
            LocalMonitor.Settings settings = job.localMonitorSettings();
            long size = Files.size(events);
            Backtest.Result result = Backtest.run(events, ruleSets, bound.toMillis(), settings,
                    size >= PROGRESS_FROM_BYTES ? progress(size, err) : Backtest.Progress.NONE);

            out.printf("%s over %s: %,d events, %,d dead letters, %s .. %s (%.1f s)%n",
                    baseline == null ? dir : dir + " against " + baseline, events, result.events(), result.deadLetters(),
                    result.firstEvent() == null ? "-" : Instants.format(result.firstEvent()),
                    result.lastEvent() == null ? "-" : Instants.format(result.lastEvent()), result.millis() / 1000.0);
            if (result.firstDeadLetter() != null) {
                out.printf("first dead letter: %s%s%n", result.firstDeadLetter(),
                        result.events() == 0 ? " (no line was an event: is " + events + " a file of events?)" : "");
            }
            BacktestReport.of(result.runs().get(0), baseline == null ? null : result.runs().get(1)).print(out, maxLines);
            if (output != null) {
                write(result.runs().get(0).alerts(), output);
                out.printf("%nalerts of %s -> %s%n", dir, output);
            }
            out.flush();
            return 0;
        }

        /** Lines read, percent of the file and lines/s on stderr, every two seconds at most. */
        private static Backtest.Progress progress(long size, PrintWriter err) {
            long[] last = {System.nanoTime(), 0};
            return (lines, bytes) -> {
                long now = System.nanoTime();
                if (now - last[0] < PROGRESS_EVERY_NANOS) return;
                double rate = (lines - last[1]) / ((now - last[0]) / 1e9);
                err.printf("  %,d lines (%d%%), %,.0f lines/s%n", lines, Math.min(100, bytes * 100 / size), rate);
                err.flush();
                last[0] = now;
                last[1] = lines;
            };
        }

        /** In the replay's order (by time, FIRING first, rule, key), so the two outputs compare. */
        private static void write(List<Alert> alerts, Path file) throws IOException {
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (Alert a : alerts.stream().sorted(Replay.ORDER).toList()) {
                    w.write(AlertJson.write(a));
                    w.newLine();
                }
            }
        }
    }
}
