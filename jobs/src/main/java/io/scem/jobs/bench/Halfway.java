package io.scem.jobs.bench;

import io.scem.jobs.io.ReplayProgress;
import java.util.OptionalLong;

/**
 * When a replay of this JVM read the middle line of its input ({@link ReplayProgress}). The
 * second half of a replay shows the rate a longer one sustains: in a run of a minute or two the
 * JIT compilers take a large share of the first half's CPU.
 */
public final class Halfway {
    private static final long POLL_MILLIS = 10;

    private final Thread watcher;
    /** Written by the watcher, read after {@link Thread#join()}, which makes it visible. */
    private OptionalLong reachedAtNanos = OptionalLong.empty();

    private Halfway(long halfOfTheLines) {
        watcher = new Thread(() -> {
            try {
                while (ReplayProgress.lines() < halfOfTheLines) Thread.sleep(POLL_MILLIS);
                reachedAtNanos = OptionalLong.of(System.nanoTime());
            } catch (InterruptedException stopped) {
                // the replay ended first
            }
        }, "scem-bench-halfway");
        watcher.setDaemon(true);
    }

    /** Starts counting lines from zero and watching for {@code halfOfTheLines}. */
    public static Halfway watch(long halfOfTheLines) {
        ReplayProgress.reset();
        Halfway halfway = new Halfway(halfOfTheLines);
        halfway.watcher.start();
        return halfway;
    }

    /** The {@link System#nanoTime()} at which half of the lines had been read, if they were. */
    public OptionalLong stop() throws InterruptedException {
        watcher.interrupt();
        watcher.join();
        return reachedAtNanos;
    }
}
