package io.scem.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.scem.jobs.io.Checkpoints;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job started by {@link ResumingRun}, stopped (cancelled, as Ctrl-C does) and started again,
 * goes on from its last checkpoint instead of from scratch. The job here counts from 1 with a
 * checkpointed source; a second start that began again at 1 would have lost its state.
 */
class ResumingRunTest {
    private static final String JOB = "resuming test";
    /** The numbers the running job has counted (one JVM: the embedded cluster runs in it). */
    private static final Queue<Long> COUNTED = new ConcurrentLinkedQueue<>();

    @TempDir
    Path dir;

    @Test
    void aJobStoppedAndStartedAgainGoesOnFromItsLastCheckpoint() throws Exception {
        String checkpoints = dir.toUri().toString();
        Path jobDir = dir.resolve(ResumingRun.jobIdOf(JOB).toHexString());
        StringWriter said = new StringWriter();

        JobClient first = ResumingRun.start(counting(checkpoints), JOB, checkpoints, false, "run", new PrintWriter(said, true));
        // The third checkpoint or later: the source has counted for a while before it.
        await().atMost(Duration.ofSeconds(60)).until(() -> latestCheckpointNumber(jobDir) >= 3);
        first.cancel().get();
        assertThatThrownBy(() -> first.getJobExecutionResult().get()).as("ended by the cancel").hasMessageContaining("cancel");
        long countedBefore = COUNTED.stream().mapToLong(Long::longValue).max().orElseThrow();
        String kept = ResumingRun.latestCheckpoint(new org.apache.flink.core.fs.Path(jobDir.toUri()));
        assertThat(kept).as("the last checkpoint is kept when the job is cancelled").isNotNull();
        COUNTED.clear();

        JobClient second = ResumingRun.start(counting(checkpoints), JOB, checkpoints, false, "run", new PrintWriter(said, true));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> COUNTED.size() >= 50);
            long firstAfterRestart = COUNTED.stream().mapToLong(Long::longValue).min().orElseThrow();
            assertThat(firstAfterRestart).as("counting goes on from the checkpoint, not from 1")
                    .isGreaterThan(1).isLessThanOrEqualTo(countedBefore + 1);
            // Claimed: the restored checkpoint is deleted once a newer one is complete.
            await().atMost(Duration.ofSeconds(60)).until(() -> !Files.exists(Path.of(java.net.URI.create(kept))));
        } finally {
            second.cancel().get();
        }
        assertThat(said.toString().lines()).containsSubsequence(
                "scem run: no checkpoint of '" + JOB + "' in " + checkpoints + ": starting empty",
                "scem run: resuming from " + kept);
    }

    /** As when job.follow-orders is switched off: the checkpoint holds state of operators the job no longer has. */
    @Test
    void aCheckpointOfOperatorsTheJobNoLongerHasIsRefusedWithWhatToDoUnlessAllowed() throws Exception {
        String checkpoints = dir.toUri().toString();
        Path jobDir = dir.resolve(ResumingRun.jobIdOf(JOB).toHexString());
        JobClient first = ResumingRun.start(counting(checkpoints), JOB, checkpoints, false, "run", new PrintWriter(new StringWriter()));
        await().atMost(Duration.ofSeconds(60)).until(() -> latestCheckpointNumber(jobDir) >= 1);
        first.cancel().get();
        assertThatThrownBy(() -> first.getJobExecutionResult().get()).hasMessageContaining("cancel");
        StringWriter said = new StringWriter();

        int exit = ResumingRun.run(otherJob(checkpoints), JOB, checkpoints, false, "run", new PrintWriter(said, true));

        assertThat(exit).isEqualTo(1);
        assertThat(said.toString()).containsPattern("scem run: cannot resume from \\S+/chk-\\d+: Failed to rollback to checkpoint")
                .contains("scem run: --allow-non-restored-state drops the state of operators the job no longer has");
        JobClient allowed = ResumingRun.start(otherJob(checkpoints), JOB, checkpoints, true, "run", new PrintWriter(said, true));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> allowed.getJobStatus().get() == JobStatus.RUNNING);
        } finally {
            allowed.cancel().get();
        }
    }

    /** Before, Flink failed the job at submission, with its stack trace. */
    @Test
    void aCheckpointDirectoryThatIsAFileIsSaidBeforeTheJobStarts() throws Exception {
        String file = Files.writeString(dir.resolve("checkpoints"), "not a directory").toUri().toString();
        StringWriter said = new StringWriter();

        int exit = ResumingRun.run(counting(file), JOB, file, false, "run", new PrintWriter(said, true));

        assertThat(exit).isEqualTo(2);
        assertThat(said.toString().strip()).isEqualTo("scem run: job.checkpoint-dir " + file + " is a file, not a directory");
    }

    @Test
    void withoutACheckpointDirectoryItSaysTheStateIsLostAtARestart() throws Exception {
        StringWriter said = new StringWriter();

        JobClient job = ResumingRun.start(counting(null), JOB, null, false, "notify", new PrintWriter(said, true));
        job.cancel().get();

        assertThat(said.toString()).contains("scem notify: job.checkpoint-dir is not set: the job's state lives in memory"
                + " only, and a restart starts it empty");
    }

    @Test
    void theLatestCheckpointIsTheHighestCompleteOne() throws Exception {
        Path jobDir = Files.createDirectories(dir.resolve("job"));
        Files.createDirectories(jobDir.resolve("chk-9")); // being written: no _metadata yet
        Files.createDirectories(jobDir.resolve("chk-10"));
        Files.createFile(jobDir.resolve("chk-10").resolve("_metadata"));
        Files.createDirectories(jobDir.resolve("chk-8"));
        Files.createFile(jobDir.resolve("chk-8").resolve("_metadata"));
        Files.createDirectories(jobDir.resolve("shared"));

        String latest = ResumingRun.latestCheckpoint(new org.apache.flink.core.fs.Path(jobDir.toUri()));

        assertThat(latest).endsWith("/job/chk-10");
        assertThat(ResumingRun.latestCheckpoint(new org.apache.flink.core.fs.Path(dir.resolve("none").toUri()))).isNull();
    }

    /** Counts 1, 2, 3, ... about a thousand a second, the source's position checkpointed every 200 ms. */
    private static StreamExecutionEnvironment counting(String checkpointDir) {
        StreamExecutionEnvironment env = Environments.local(1);
        Checkpoints.configure(env, Duration.ofMillis(200), checkpointDir);
        env.fromSequence(1, Long.MAX_VALUE)
                .map(n -> {
                    Thread.sleep(1);
                    COUNTED.add(n);
                    return n;
                })
                .sinkTo(new DiscardingSink<>());
        return env;
    }

    /** A job of other operators than {@link #counting}'s. */
    private static StreamExecutionEnvironment otherJob(String checkpointDir) {
        StreamExecutionEnvironment env = Environments.local(1);
        Checkpoints.configure(env, Duration.ofMillis(200), checkpointDir);
        env.fromSequence(1, Long.MAX_VALUE).uid("another source").filter(n -> n > 0).sinkTo(new DiscardingSink<>());
        return env;
    }

    private static long latestCheckpointNumber(Path jobDir) throws Exception {
        String latest = ResumingRun.latestCheckpoint(new org.apache.flink.core.fs.Path(jobDir.toUri()));
        return latest == null ? 0 : Long.parseLong(latest.substring(latest.lastIndexOf("chk-") + 4));
    }
}
