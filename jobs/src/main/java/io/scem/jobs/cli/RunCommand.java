package io.scem.jobs.cli;

import io.scem.jobs.monitoring.MonitoringJobMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scem run --config FILE}: the production job on an embedded Flink. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the production monitoring job (Kafka in, alerts to Kafka, metrics to InfluxDB) on an embedded Flink.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "properties file, see config/scem.properties")
    Path config;

    @Override
    public Integer call() throws Exception {
        MonitoringJobMain.main(new String[] {"--config", config.toString()});
        return 0;
    }
}
