package io.scem.jobs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
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

    /** REST endpoint on any free port: nobody needs to find it. */
    static StreamExecutionEnvironment local(int parallelism) {
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, configuration(parallelism));
    }

    /**
     * REST endpoint on {@code restPort} (loopback), for a command that reads Flink's own
     * statistics; it keeps the statistics of the last thousand checkpoints instead of ten.
     */
    static StreamExecutionEnvironment local(int parallelism, int restPort) {
        Configuration conf = configuration(parallelism);
        conf.set(RestOptions.BIND_PORT, Integer.toString(restPort));
        conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 1000);
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    }

    /**
     * Up to parallelism 2 (the default), 16 MB of network buffers instead of the embedded
     * cluster's 64 MB: they are allocated and zeroed when it starts, so they all count in the
     * process's memory. In the replay of a month that brought the peak RSS from 1,060-1,131 MB to
     * 1,021-1,077 MB at the same speed (bench/PERFORMANCE.md, "Network buffers"). The whole
     * monitoring job, metrics to InfluxDB included, needs more than 16 MB at parallelism 3 and
     * more than 24 MB at 4 (Flink refuses to start it: "Insufficient number of network
     * buffers"), hence the bound; above it Flink's default applies.
     */
    static final int SMALL_NETWORK_MAX_PARALLELISM = 2;
    static final MemorySize SMALL_NETWORK_MEMORY = MemorySize.ofMebiBytes(16);

    static Configuration configuration(int parallelism) {
        Configuration conf = new Configuration();
        if (parallelism <= SMALL_NETWORK_MAX_PARALLELISM) {
            conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, SMALL_NETWORK_MEMORY);
            conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, SMALL_NETWORK_MEMORY);
        }
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        conf.set(RestOptions.ADDRESS, LOOPBACK);
        conf.set(JobManagerOptions.BIND_HOST, LOOPBACK); // the blob server
        conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        return conf;
    }

    /** A port free now on loopback (another process could take it before Flink binds it: unlikely, and Flink would say so). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
