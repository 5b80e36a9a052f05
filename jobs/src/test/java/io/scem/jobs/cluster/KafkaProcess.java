package io.scem.jobs.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;

/**
 * A single-node Kafka broker (KRaft) in its own JVM, started by {@code .ci/kafka.sh} on a loopback
 * port with a fresh data directory, which {@link #close()} deletes.
 */
final class KafkaProcess implements AutoCloseable {
    private final Map<String, String> env;
    private final String bootstrap;

    private KafkaProcess(Map<String, String> env, String bootstrap) {
        this.env = env;
        this.bootstrap = bootstrap;
    }

    /** Starts a broker on {@code port} (its controller on {@code port + 1}) and waits until it is ready. */
    static KafkaProcess start(int port) {
        Map<String, String> env = Map.of("SCEM_KAFKA_PORT", String.valueOf(port), "SCEM_KAFKA_HEAP", "384m");
        // kafka.sh would reuse whatever answers there: a broker with other records, or someone else's.
        try (Socket taken = new Socket(InetAddress.getLoopbackAddress(), port)) {
            throw new IllegalStateException("something already listens on 127.0.0.1:" + port);
        } catch (IOException free) {
            return new KafkaProcess(env, CiScript.run("kafka.sh", env, "start"));
        }
    }

    String bootstrap() {
        return bootstrap;
    }

    /** Stops the broker (SIGTERM, a clean shutdown) and starts it again on the same data; returns once it is ready. */
    void restart() {
        CiScript.run("kafka.sh", env, "restart");
    }

    /** Kills the broker (SIGKILL, a crash: no clean shutdown) and starts it again on the same data; returns once it is ready. */
    void killAndRestart() {
        CiScript.run("kafka.sh", env, "restart", "--kill");
    }

    @Override
    public void close() {
        CiScript.run("kafka.sh", env, "stop");
    }
}
