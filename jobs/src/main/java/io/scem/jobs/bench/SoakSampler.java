package io.scem.jobs.bench;

import io.scem.jobs.kafka.KafkaConnection;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.metrics.ConsumerLagProbe;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;

/**
 * Samples a soak run of the Kafka benchmark at a fixed interval: consumer lag as a lag exporter
 * sees it ({@link ConsumerLagProbe}), live heap after a full collection, the newest completed
 * checkpoint from Flink's statistics ({@link CheckpointHistory}), and the counters the benchmark
 * keeps. Prints a line per sample; {@link #finish} prints the {@link SoakReport} summary.
 */
final class SoakSampler implements AutoCloseable {
    private final ConsumerLagProbe lag;
    private final CheckpointHistory checkpoints;
    private final PrintStream out;
    private final List<SoakReport.Sample> samples = new ArrayList<>();
    private String lastProblem;

    SoakSampler(String bootstrap, String group, String flinkRestUrl, JobID job, PrintStream out) {
        this.lag = new ConsumerLagProbe(KafkaConnection.plaintext(bootstrap), group, Topics.INPUTS);
        this.checkpoints = new CheckpointHistory(flinkRestUrl, job);
        this.out = out;
        SoakReport.printHeader(out);
    }

    void sample(double seconds, long simTime, long produced, long consumed, long alerts) {
        long records = -1;
        try {
            records = lag.lag();
        } catch (Exception e) {
            problem("consumer lag not measured: " + e);
        }
        String failure = checkpoints.refresh();
        if (failure != null) problem("checkpoint statistics not read: " + failure);
        SoakReport.Sample s = new SoakReport.Sample(seconds, simTime, produced, consumed, records,
                ProcessMemory.liveHeapBytes(), checkpoints.latest(), checkpoints.failed(), alerts);
        samples.add(s);
        SoakReport.print(out, s);
    }

    /** Says a problem once, not at every sample while it lasts. */
    private void problem(String message) {
        if (!message.equals(lastProblem)) out.println("  (" + message + ")");
        lastProblem = message;
    }

    /** Prints the summary; true if the run stayed flat. */
    boolean finish(double warmupSeconds, long recordsPerCheckpoint, long firstEventTime) {
        checkpoints.refresh();
        SoakReport.Verdict verdict = SoakReport.judge(samples, checkpoints.completed(), warmupSeconds, recordsPerCheckpoint);
        SoakReport.printSummary(out, verdict, warmupSeconds, firstEventTime);
        return verdict.flat();
    }

    /** The 1, 5 and 15 minute load averages, which say how much a run's timings are worth on a shared machine. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2] + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        lag.close();
    }
}
