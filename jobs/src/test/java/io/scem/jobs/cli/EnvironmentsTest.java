package io.scem.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The embedded Flink of the command line opens server sockets (its REST API, its blob server)
 * on the loopback interface only: every socket this JVM starts listening on while a job runs
 * there, as the kernel lists them ({@code /proc/net/tcp}, {@code tcp6}, matched to this
 * process's file descriptors).
 */
@EnabledOnOs(OS.LINUX)
class EnvironmentsTest {
    /** Local addresses as /proc/net/tcp{,6} print them: 127.0.0.1, ::1, and 127.0.0.1 mapped to IPv6. */
    private static final Set<String> LOOPBACK = Set.of(
            "0100007F", "00000000000000000000000001000000", "0000000000000000FFFF00000100007F");

    @Test
    void shouldListenOnLoopbackOnly() throws Exception {
        Set<Long> before = ownListeningSockets().keySet();
        StreamExecutionEnvironment env = Environments.local(1);
        env.fromSequence(0, Long.MAX_VALUE).sinkTo(new DiscardingSink<>()).name("discard");
        JobClient job = env.executeAsync("loopback check");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> job.getJobStatus().get() == JobStatus.RUNNING);
            Map<Long, String> opened = ownListeningSockets();
            opened.keySet().removeAll(before);

            // The REST endpoint and the blob server at least: the test would pass vacuously without them.
            assertThat(opened).hasSizeGreaterThanOrEqualTo(2);
            assertThat(opened.values()).allSatisfy(address -> assertThat(LOOPBACK).contains(address));
        } finally {
            job.cancel().get();
        }
    }

    /** The TCP sockets of this process in LISTEN state, by inode: their local address (hex, without the port). */
    private static Map<Long, String> ownListeningSockets() throws IOException {
        Set<Long> own = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) own.add(Long.parseLong(target.substring(8, target.length() - 1)));
                } catch (IOException closedMeanwhile) {
                    // the descriptor of the listing itself, or one closed since
                }
            }
        }
        Map<Long, String> listening = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) { // after the header
                String[] f = line.trim().split("\\s+");
                long inode = Long.parseLong(f[9]);
                if (f[3].equals("0A") && own.contains(inode)) listening.put(inode, f[1].substring(0, f[1].indexOf(':')));
            }
        }
        return listening;
    }
}
