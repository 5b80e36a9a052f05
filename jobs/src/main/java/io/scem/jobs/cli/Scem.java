package io.scem.jobs.cli;

import java.io.IOException;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code scem} command line: demo, replay, verify, order, atp, run, rules, bench, soak, simulate, notify, routing, silence. */
@Command(name = "scem", mixinStandardHelpOptions = true, version = "scem 0.1.0",
        description = "Real-time supply-chain event monitoring on Flink and Esper.",
        subcommands = {DemoCommand.class, ReplayCommand.class, VerifyCommand.class, OrderCommand.class, AtpCommand.class,
                RunCommand.class, RulesCommand.class, BenchCommand.class, SoakCommand.class, SimulateCommand.class,
                NotifyCommand.class, RoutingCommand.class, SilenceCommand.class})
public final class Scem implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@link #main} runs it (the tests run it the same way). */
    static CommandLine commandLine() {
        return new CommandLine(new Scem()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Scem::reportIoFailure);
    }

    /**
     * A file that cannot be read or written ({@code simulate --out /tmp}, a full disk) ends the
     * command with one line that says which and why, exit 1; the stack trace goes to the log.
     * Any other exception is a bug, and keeps picocli's stack trace.
     */
    private static int reportIoFailure(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
        if (!(e instanceof IOException io)) throw e;
        LogManager.getLogger(Scem.class).error("{} failed", command.getCommandSpec().qualifiedName(), e);
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + CommandFiles.describe(io));
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
