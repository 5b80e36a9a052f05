package io.scem.jobs.bench;

import io.scem.core.kpi.Percentile;
import java.util.ArrayList;
import java.util.List;

/**
 * Event-to-alert latencies, each filed under when its event was sent. One distribution over a
 * whole run mixes its first minute (JIT compiling, the world's open entities filling up, a
 * backlog building and draining) with what the job sustains once warm; windows of send time
 * show the two apart, and the run's second half is the figure to compare with a target.
 */
public final class LatencyBySendTime {
    /** The latencies of the events sent in [{@code fromNanos}, {@code toNanos}) after the start. */
    public record Window(long fromNanos, long toNanos, long[] sortedLatencies) {
        public int count() {
            return sortedLatencies.length;
        }

        public long percentile(double p) {
            return Percentile.ofSorted(sortedLatencies, p);
        }

        public long max() {
            return sortedLatencies[sortedLatencies.length - 1];
        }
    }

    private final List<long[]> samples = new ArrayList<>(); // {sent, latency}, both nanoseconds

    /** Files a latency under the {@link System#nanoTime()} at which its event was sent. */
    public synchronized void add(long sentNanos, long latencyNanos) {
        samples.add(new long[] {sentNanos, latencyNanos});
    }

    public synchronized int count() {
        return samples.size();
    }

    /** The latencies of the events sent in [{@code startNanos}, {@code endNanos}): the producer sends nothing after its end. */
    public Window all(long startNanos, long endNanos) {
        return between(startNanos, startNanos, endNanos);
    }

    /**
     * Consecutive windows of {@code widthNanos} of send time from {@code startNanos} up to
     * {@code endNanos} (the last may be shorter); windows without a latency are left out.
     */
    public List<Window> windows(long startNanos, long endNanos, long widthNanos) {
        List<Window> out = new ArrayList<>();
        for (long from = startNanos; from < endNanos; from += widthNanos) {
            Window w = between(startNanos, from, Math.min(from + widthNanos, endNanos));
            if (w.count() > 0) out.add(w);
        }
        return out;
    }

    /** The latencies of the events sent in the second half of [{@code startNanos}, {@code endNanos}). */
    public Window secondHalf(long startNanos, long endNanos) {
        return between(startNanos, startNanos + (endNanos - startNanos) / 2, endNanos);
    }

    private synchronized Window between(long startNanos, long fromNanos, long toNanos) {
        long[] in = samples.stream().filter(s -> s[0] >= fromNanos && s[0] < toNanos).mapToLong(s -> s[1]).sorted().toArray();
        return new Window(fromNanos - startNanos, toNanos - startNanos, in);
    }
}
