package io.scem.jobs.io;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How far the {@link JsonLinesFormat} readers of this JVM have got: lines and bytes read, for
 * {@code scem replay} to show progress on a long file.
 *
 * <p>A JVM-wide counter is enough here because the command line runs its replay on an embedded
 * MiniCluster in its own JVM, whose task threads load this class from the same class path (the
 * job ships no jar of its own). On a real Flink cluster the readers run in other processes and
 * these counters stay at zero in the client: use Flink's metrics there.
 */
public final class ReplayProgress {
    private static final AtomicLong LINES = new AtomicLong();
    private static final AtomicLong BYTES = new AtomicLong();

    private ReplayProgress() {}

    /** Starts counting again from zero (a new replay in the same JVM). */
    public static void reset() {
        LINES.set(0);
        BYTES.set(0);
    }

    static void add(long lines, long bytes) {
        LINES.addAndGet(lines);
        BYTES.addAndGet(bytes);
    }

    public static long lines() {
        return LINES.get();
    }

    public static long bytes() {
        return BYTES.get();
    }
}
