package io.scem.jobs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.client.JobInitializationException;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.ExceptionUtils;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;

/**
 * Starts a long-lived job ({@code scem run}, {@code scem notify}) on the embedded Flink so that
 * stopping it and starting it again resumes where it stopped, as a job on a cluster resumes from
 * its savepoint. Without this, a restarted job read on from its consumer group's committed offsets
 * with empty state: the stock on hand of every site and SKU unknown, the open POs, shipments and
 * orders forgotten, and the open alerts never resolved.
 *
 * <p>How: the job has the same {@link JobID} at every start (from its name), so its checkpoints
 * are always in {@code CHECKPOINT_DIR/JOB_ID/chk-N}; they are kept when the job stops (Ctrl-C
 * cancels it); at the next start the newest one is restored, and claimed, so that Flink deletes it
 * once a newer checkpoint is complete. Jobs of other names may share the directory; one run of a
 * job at a time.
 */
final class ResumingRun {
    private ResumingRun() {}

    /**
     * Runs the job built on {@code env} as {@link #start} does, until it ends: exit code 0. A job
     * that cannot be restored from its checkpoint (the job no longer has some of its operators,
     * say) is reported with what to do: exit code 1.
     */
    static int run(StreamExecutionEnvironment env, String jobName, String checkpointDir, boolean allowNonRestoredState,
            String command, PrintWriter err) throws Exception {
        if (saidCheckpointDirUnusable(checkpointDir, command, err)) return 2;
        String latest = latestCheckpoint(jobName, checkpointDir);
        try {
            submit(env, jobName, checkpointDir, latest, allowNonRestoredState, command, err).getJobExecutionResult().get();
            return 0;
        } catch (Exception e) {
            if (latest == null || ExceptionUtils.findThrowable(e, JobInitializationException.class).isEmpty()) throw e;
            Throwable cause = e;
            while (cause.getCause() != null) cause = cause.getCause();
            err.printf("scem %s: cannot resume from %s: %s%n", command, latest, cause.getMessage());
            err.printf("scem %s: --allow-non-restored-state drops the state of operators the job no longer has"
                    + " (job.follow-orders switched off); to start empty, move %s away%n", command, jobDir(jobName, checkpointDir));
            return 1;
        }
    }

    /**
     * Submits the job built on {@code env}, restored from its newest checkpoint under {@code
     * checkpointDir} if there is one, and says so on {@code err}; {@code checkpointDir} null (the
     * state in memory only) is said too.
     *
     * @param allowNonRestoredState restore even if the checkpoint holds state of operators the job no longer has
     */
    static JobClient start(StreamExecutionEnvironment env, String jobName, String checkpointDir, boolean allowNonRestoredState,
            String command, PrintWriter err) throws Exception {
        return submit(env, jobName, checkpointDir, latestCheckpoint(jobName, checkpointDir), allowNonRestoredState, command, err);
    }

    private static JobClient submit(StreamExecutionEnvironment env, String jobName, String checkpointDir, String latest,
            boolean allowNonRestoredState, String command, PrintWriter err) throws Exception {
        logFile().ifPresent(file -> err.printf("scem %s: Flink's and Kafka's logs go to %s%n", command, file));
        if (checkpointDir == null) {
            err.printf("scem %s: job.checkpoint-dir is not set: the job's state lives in memory only, and a restart"
                    + " starts it empty (set it to a directory, e.g. file:///var/lib/scem/checkpoints, to resume)%n", command);
            err.flush();
            return env.executeAsync(jobName);
        }
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (latest == null) {
            err.printf("scem %s: no checkpoint of '%s' in %s: starting empty%n", command, jobName, checkpointDir);
        } else {
            // In the environment's configuration: the local executor takes the restore settings
            // from there, and would overwrite the stream graph's own.
            SavepointRestoreSettings.toConfiguration(
                    SavepointRestoreSettings.forPath(latest, allowNonRestoredState, RecoveryClaimMode.CLAIM), conf);
            err.printf("scem %s: resuming from %s%n", command, latest);
        }
        err.flush();
        env.configure(conf);
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(jobName);
        graph.setJobId(jobIdOf(jobName));
        return env.executeAsync(graph);
    }

    /** The file the command line's logging configuration writes to (log4j2-cli.properties), if it is in use. */
    private static Optional<String> logFile() {
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) return Optional.empty();
        return context.getConfiguration().getAppenders().values().stream()
                .filter(FileAppender.class::isInstance).map(a -> ((FileAppender) a).getFileName()).findFirst();
    }

    static JobID jobIdOf(String jobName) {
        UUID uuid = UUID.nameUUIDFromBytes(("scem job " + jobName).getBytes(StandardCharsets.UTF_8));
        return new JobID(uuid.getLeastSignificantBits(), uuid.getMostSignificantBits());
    }

    /** The newest complete checkpoint of the job in {@code checkpointDir}, or null (none, or no directory). */
    private static String latestCheckpoint(String jobName, String checkpointDir) throws IOException {
        return checkpointDir == null ? null : latestCheckpoint(jobDir(jobName, checkpointDir));
    }

    /** Where the job's checkpoints are: one directory per job, so that several jobs may share {@code checkpointDir}. */
    private static Path jobDir(String jobName, String checkpointDir) {
        return new Path(new Path(checkpointDir), jobIdOf(jobName).toHexString());
    }

    /**
     * Says on {@code err} if the job cannot keep its checkpoints in {@code checkpointDir} (a file
     * there: Flink would fail the job at submission, with its stack trace); returns whether it
     * did. The commands ask before they wait for any server.
     */
    static boolean saidCheckpointDirUnusable(String checkpointDir, String command, PrintWriter err) throws IOException {
        if (checkpointDir == null || !isFile(new Path(checkpointDir))) return false;
        err.printf("scem %s: job.checkpoint-dir %s is a file, not a directory%n", command, checkpointDir);
        return true;
    }

    private static boolean isFile(Path path) throws IOException {
        FileSystem fs = path.getFileSystem();
        return fs.exists(path) && !fs.getFileStatus(path).isDir();
    }

    /** The newest complete checkpoint ({@code chk-N} with its {@code _metadata}) in {@code jobDir}, or null. */
    static String latestCheckpoint(Path jobDir) throws IOException {
        FileSystem fs = jobDir.getFileSystem();
        if (!fs.exists(jobDir)) return null;
        String latest = null;
        long latestNumber = -1;
        for (FileStatus child : fs.listStatus(jobDir)) {
            String name = child.getPath().getName();
            if (!child.isDir() || !name.matches("chk-\\d{1,18}")) continue;
            long number = Long.parseLong(name.substring("chk-".length()));
            if (number > latestNumber && fs.exists(new Path(child.getPath(), "_metadata"))) {
                latestNumber = number;
                latest = child.getPath().toString();
            }
        }
        return latest;
    }
}
