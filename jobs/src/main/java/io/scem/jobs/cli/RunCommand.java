package io.scem.jobs.cli;

import io.scem.core.rules.RuleSet;
import io.scem.jobs.monitoring.MonitoringJobMain;
import io.scem.jobs.monitoring.ScemConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scem run --config FILE}: the production job on an embedded Flink that listens on loopback only. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the production monitoring job (Kafka in, alerts to Kafka, metrics to InfluxDB) on an embedded Flink.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "properties file, see config/scem.properties")
    Path config;

    @Override
    public Integer call() throws Exception {
        ScemConfig settings = ScemConfig.load(config);
        StreamExecutionEnvironment env = Environments.local();
        MonitoringJobMain.build(env, settings, RuleSet.compile(settings.rulesDir()));
        env.execute(MonitoringJobMain.JOB_NAME);
        return 0;
    }
}
