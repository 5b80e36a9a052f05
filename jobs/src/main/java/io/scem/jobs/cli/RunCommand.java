package io.scem.jobs.cli;

import io.scem.core.rules.RuleSet;
import io.scem.jobs.kafka.KafkaPreflight;
import io.scem.jobs.metrics.InfluxPreflight;
import io.scem.jobs.monitoring.MonitoringJobMain;
import io.scem.jobs.monitoring.ScemConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scem run --config FILE}: the production job on an embedded Flink that listens on loopback
 * only, resumed from its last checkpoint when it is started again ({@link ResumingRun}).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the production monitoring job (Kafka in, alerts to Kafka, metrics to InfluxDB) on an embedded Flink.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "properties file, see config/scem.properties")
    Path config;

    @Option(names = "--allow-non-restored-state", description = "resume from the last checkpoint even if it holds the state"
            + " of operators the job no longer has (job.follow-orders switched off), dropping that state")
    boolean allowNonRestoredState;

    /**
     * Exit 2: the settings file cannot be read or has problems; 1: the rules do not compile (each
     * problem printed), or the job cannot resume from its checkpoint.
     */
    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        ScemConfig settings = SettingsFiles.readOrReport("run", config, ScemConfig::load, err);
        if (settings == null) return 2;
        RuleSet rules = RulesCommand.compileOrReport(settings.rulesDir(), err);
        if (rules == null) return 1;
        if (ResumingRun.saidCheckpointDirUnusable(settings.job().checkpointDir(), "run", err)) return 2;
        String problem = KafkaPreflight.problem(settings.kafka(), MonitoringJobMain.topics(settings), KafkaPreflight.TIMEOUT);
        // Started all the same: a service manager may start it before the broker, and the job retries.
        if (problem != null) err.println("scem run: " + problem + "; starting anyway");
        InfluxPreflight.warnIfDown("scem run", settings.influx(), err::println);
        StreamExecutionEnvironment env = Environments.local();
        MonitoringJobMain.build(env, settings, rules);
        return ResumingRun.run(env, MonitoringJobMain.JOB_NAME, settings.job().checkpointDir(), allowNonRestoredState, "run", err);
    }
}
