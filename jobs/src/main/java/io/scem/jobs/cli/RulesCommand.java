package io.scem.jobs.cli;

import io.scem.core.rules.RuleCompileException;
import io.scem.core.rules.RuleProblem;
import io.scem.core.rules.RuleSet;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code scem rules check [DIR]}: compiles every rule file and reports problems as file:line:column. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Work with the EPL rule files.",
        subcommands = {RulesCommand.Check.class})
final class RulesCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Compiles the rules, or prints their problems (file:line:column: message) and returns null. */
    static RuleSet compileOrReport(Path dir) throws java.io.IOException {
        try {
            return RuleSet.compile(dir);
        } catch (RuleCompileException e) {
            for (RuleProblem problem : e.problems()) {
                System.err.println(dir.resolve(problem.file()).normalize() + ":" + problem.line() + ":" + problem.column()
                        + ": " + problem.message());
            }
            return null;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "Compile every .epl module; exit 0 only if all compile.")
    static final class Check implements Callable<Integer> {
        @Parameters(arity = "0..1", defaultValue = "${env:SCEM_RULES:-rules}", description = "rules directory (default: ${DEFAULT-VALUE})")
        Path dir;

        @Override
        public Integer call() throws Exception {
            long start = System.currentTimeMillis();
            RuleSet rules = compileOrReport(dir);
            if (rules == null) return 1;
            System.out.printf("%d rule files OK (%d ms)%n", rules.modules().size(), System.currentTimeMillis() - start);
            return 0;
        }
    }
}
