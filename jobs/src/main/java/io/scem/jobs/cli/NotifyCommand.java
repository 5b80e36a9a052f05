package io.scem.jobs.cli;

import io.scem.jobs.kafka.KafkaPreflight;
import io.scem.jobs.metrics.InfluxPreflight;
import java.io.PrintWriter;
import io.scem.jobs.notify.NotifierJobMain;
import io.scem.jobs.notify.NotifierJobSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scem notify --config FILE}: the notifier job on an embedded Flink that listens on loopback
 * only, resumed from its last checkpoint when it is started again ({@link ResumingRun}).
 */
@Command(name = "notify", mixinStandardHelpOptions = true,
        description = "Run the notifier (alerts from Kafka to email and SMS, routed by rules/routing.yaml) on an embedded Flink.")
final class NotifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "properties file, see config/notify.properties")
    Path config;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        NotifierJobSettings settings = SettingsFiles.readOrReport("notify", config, NotifierJobSettings::load, err);
        if (settings == null) return 2;
        if (ResumingRun.saidCheckpointDirUnusable(settings.checkpointDir(), "notify", err)) return 2;
        String problem = KafkaPreflight.problem(settings.kafka(), NotifierJobMain.TOPICS, KafkaPreflight.TIMEOUT);
        if (problem != null) err.println("scem notify: " + problem + "; starting anyway");
        InfluxPreflight.warnIfDown("scem notify", settings.influx(), err::println);
        StreamExecutionEnvironment env = Environments.local();
        NotifierJobMain.build(env, settings);
        return ResumingRun.run(env, NotifierJobMain.JOB_NAME, settings.checkpointDir(), false, "notify", err);
    }
}
