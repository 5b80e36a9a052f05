package io.scem.jobs.io;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** How the jobs checkpoint: every {@code interval}, to {@code dir} if given, tolerant of a few failed checkpoints. */
public final class Checkpoints {
    private static final int WRITE_BUFFER_BYTES = 256 * 1024;

    private Checkpoints() {}

    private static final Pattern URI_WITH_SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://.*");

    /**
     * A checkpoint directory as a settings file gives it, as Flink takes it: a URI with a scheme
     * ({@code file:///...}, {@code s3://...}, {@code hdfs://...}) as it is, a plain path as the
     * {@code file://} URI of that local directory (a relative one from the working directory).
     * Flink itself refuses a path without a scheme, and only when the job starts ("Invalid
     * configuration for the state backend"). Null and blank are null: the cluster's setting.
     */
    public static String directoryUri(String text) {
        if (text == null || text.isBlank()) return null;
        String trimmed = text.trim();
        if (URI_WITH_SCHEME.matcher(trimmed).matches()) return trimmed;
        return Path.of(trimmed).toAbsolutePath().normalize().toUri().toString();
    }

    /** Zero {@code interval}: no checkpoints (a replay, which is simply run again if it fails). */
    public static void configure(StreamExecutionEnvironment env, Duration interval, String dir) {
        if (interval.isZero()) return;
        env.enableCheckpointing(interval.toMillis());
        Configuration conf = new Configuration();
        // A checkpoint that fails (storage hiccup) must not restart the job; a few in a row may.
        conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 3);
        // Flink writes checkpoint files through a 4 KB buffer by default: a system call per 4 KB
        // of a state that is hundreds of megabytes, in full, at every checkpoint of the heap backend.
        conf.set(CheckpointingOptions.FS_WRITE_BUFFER_SIZE, WRITE_BUFFER_BYTES);
        if (dir != null) {
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
        }
        env.configure(conf);
    }
}
