package io.scem.jobs.cli;

import io.scem.core.rules.RuleSet;
import io.scem.jobs.monitoring.JobSettings;
import io.scem.jobs.monitoring.Replay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scem replay}: a file of events through the job in event time, alerts to a file. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Process a JSON Lines file of events in event time and write every alert (FIRING and RESOLVED) as JSON Lines.")
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--events", required = true, description = "JSON Lines file of events")
    Path events;

    @Option(names = "--alerts", required = true, description = "where to write the alerts (dead letters go beside it)")
    Path alerts;

    @Option(names = "--rules", defaultValue = "${env:SCEM_RULES:-rules}", description = "rules directory (default: ${DEFAULT-VALUE})")
    Path rules;

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--out-of-order-bound", defaultValue = "5m", converter = DurationConverter.class,
            description = "how late an event may arrive and still count (default: ${DEFAULT-VALUE})")
    Duration bound;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(events)) {
            System.err.println("scem replay: cannot read " + events);
            return 2;
        }
        RuleSet ruleSet = RulesCommand.compileOrReport(rules);
        if (ruleSet == null) return 1;
        long size = Files.size(events);
        System.err.printf("replaying %s (%,d MB) with the rules in %s at parallelism %d%n", events, size >> 20, rules, parallelism);
        Replay.Result result = new Replay(JobSettings.defaults().withOutOfOrderBound(bound), ruleSet)
                .run(Environments.local(parallelism), events, alerts);
        System.err.printf("done in %.1f s: %,d alerts -> %s, %,d dead letters -> %s%n", result.millis() / 1000.0,
                result.alerts(), alerts, result.deadLetters(), Replay.deadLetterPathFor(alerts));
        return 0;
    }
}
