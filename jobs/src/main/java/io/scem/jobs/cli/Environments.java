package io.scem.jobs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The embedded Flink the command line runs jobs on. */
final class Environments {
    private Environments() {}

    /** REST endpoint on any free port: nobody needs to find it. */
    static StreamExecutionEnvironment local(int parallelism) {
        return local(parallelism, 0);
    }

    /**
     * REST endpoint on {@code restPort} (loopback), for a command that reads Flink's own
     * statistics; it keeps the statistics of the last thousand checkpoints instead of ten.
     */
    static StreamExecutionEnvironment local(int parallelism, int restPort) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestOptions.BIND_PORT, Integer.toString(restPort));
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 1000);
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, java.time.Duration.ofMillis(Long.getLong("scem.wm", 200)));
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
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
