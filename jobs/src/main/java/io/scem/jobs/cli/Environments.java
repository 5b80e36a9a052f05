package io.scem.jobs.cli;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The embedded Flink the command line runs jobs on. */
final class Environments {
    private Environments() {}

    static StreamExecutionEnvironment local(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, java.time.Duration.ofMillis(Long.getLong("scem.wm", 200)));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        return env;
    }
}
