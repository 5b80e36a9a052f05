package io.scem.jobs.cli;

import io.scem.core.notify.RoutingCheck;
import io.scem.core.notify.RoutingProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code scem routing check [FILE]}: validates the notification routing file. */
@Command(name = "routing", mixinStandardHelpOptions = true, description = "Notification routing (rules/routing.yaml).",
        subcommands = RoutingCommand.Check.class)
final class RoutingCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("usage: scem routing check [FILE]");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check a routing file: every problem as file:line: message; exit 0 only if there is none.")
    static final class Check implements Callable<Integer> {
        @Parameters(index = "0", defaultValue = "rules/routing.yaml", description = "the routing file (default: ${DEFAULT-VALUE})")
        Path file;

        @Override
        public Integer call() {
            List<RoutingProblem> problems = RoutingCheck.check(file);
            problems.forEach(System.out::println);
            if (problems.isEmpty()) System.out.println(file + " OK");
            return problems.isEmpty() ? 0 : 1;
        }
    }
}
