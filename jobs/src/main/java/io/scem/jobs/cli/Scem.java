package io.scem.jobs.cli;

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
        System.exit(new CommandLine(new Scem()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
