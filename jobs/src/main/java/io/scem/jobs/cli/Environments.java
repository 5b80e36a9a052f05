package io.scem.jobs.cli;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The embedded Flink the command line runs jobs on. Its server sockets (the REST API of the
 * embedded cluster, which can cancel jobs and has no authentication; the blob server) listen on
 * the loopback interface only, on ports picked at random: nothing the command line starts is
 * reachable from another machine. Flink's own default would be every interface.
 */
final class Environments {
    /** Where the embedded cluster listens. */
    static final String LOOPBACK = "127.0.0.1";

    private Environments() {}

    /** As many task slots as processors, Flink's default for a local environment. */
    static StreamExecutionEnvironment local() {
        return local(Runtime.getRuntime().availableProcessors());
    }

    static StreamExecutionEnvironment local(int parallelism) {
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, configuration());
    }

    static Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, java.time.Duration.ofMillis(Long.getLong("scem.wm", 200)));
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        conf.set(RestOptions.ADDRESS, LOOPBACK);
        conf.set(JobManagerOptions.BIND_HOST, LOOPBACK); // the blob server
        conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        return conf;
    }
}
