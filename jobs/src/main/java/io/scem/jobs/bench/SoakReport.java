package io.scem.jobs.bench;

import io.scem.core.event.Instants;
import io.scem.core.kpi.Percentile;
import io.scem.jobs.bench.CheckpointHistory.Checkpoint;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * What a soak run ({@code scem bench --kafka B --soak D}) saw, and whether it stayed flat. The
 * samples of the warm-up (the open population of the simulated world building up, JIT, the first
 * checkpoints) are printed but not judged; after it, the first sample is compared with the last,
 * and the checkpoints of the first half with those of the second.
 *
 * <p>"Flat" allows some slack, because one run is noisy: a live heap or a state that grew by more
 * than {@link #GROWTH_ALLOWED} is growing; a lag is bounded when its maximum in the second half
 * exceeds the first half's by less than what the producer sends in one checkpoint interval (the
 * job's offsets move only when a checkpoint completes, so the measured lag saw-tooths by that
 * much); checkpoint durations are flat when the second half's median is within
 * {@link #GROWTH_ALLOWED} of the first's or within {@link #DURATION_NOISE_MILLIS}.
 */
public final class SoakReport {
    /** 25 %: a heap that grows this much in minutes would exhaust its maximum in hours. */
    static final double GROWTH_ALLOWED = 1.25;
    /**
     * Simulated days the simulated world's open population (POs, work orders, shipments, orders in
     * flight) takes to build up, as {@code scem soak} measures it: before that, heap and state grow
     * because the world fills, not because anything leaks.
     */
    static final double WORLD_FILL_DAYS = 6;
    /** Below this, checkpoint durations are scheduling noise on a shared machine, not a trend. */
    static final long DURATION_NOISE_MILLIS = 200;

    /**
     * One reading. {@code checkpoint} is the newest completed one at that moment, or null.
     *
     * @param lag records behind the log end (from the group's committed offsets), -1 if Kafka did
     *     not answer
     */
    public record Sample(double seconds, long simTime, long produced, long consumed, long lag, long liveHeapBytes,
            Checkpoint checkpoint, long failedCheckpoints, long alerts) {}

    /** The figures the summary compares, computed from samples and checkpoints; null parts: not enough data. */
    public record Verdict(Sample first, Sample last, Double heapRatio, Double stateRatio, long maxLagFirstHalf,
            long maxLagSecondHalf, long lagAllowance, long[] durationsFirstHalf, long[] durationsSecondHalf) {
        public boolean heapFlat() {
            return heapRatio != null && heapRatio <= GROWTH_ALLOWED;
        }

        public boolean stateFlat() {
            return stateRatio != null && stateRatio <= GROWTH_ALLOWED;
        }

        public boolean lagBounded() {
            return maxLagSecondHalf >= 0 && maxLagSecondHalf <= maxLagFirstHalf + lagAllowance;
        }

        public boolean checkpointsFlat() {
            if (durationsFirstHalf.length == 0 || durationsSecondHalf.length == 0) return false;
            long before = percentile(durationsFirstHalf, 50);
            long after = percentile(durationsSecondHalf, 50);
            return after <= before * GROWTH_ALLOWED || after - before <= DURATION_NOISE_MILLIS;
        }

        public boolean flat() {
            return heapFlat() && stateFlat() && lagBounded() && checkpointsFlat();
        }
    }

    private SoakReport() {}

    public static void printHeader(PrintStream out) {
        out.printf("%8s  %-20s  %12s  %12s  %10s  %9s  %6s  %9s  %11s  %8s%n", "elapsed", "event time (producer)",
                "produced", "consumed", "lag", "live heap", "chk", "chk took", "state size", "alerts");
    }

    private static String simTime(Sample s) {
        return s.simTime() == Long.MIN_VALUE ? "-" : Instants.format(s.simTime());
    }

    public static void print(PrintStream out, Sample s) {
        Checkpoint c = s.checkpoint();
        out.printf("%7.0fs  %-20s  %,12d  %,12d  %,10d  %,6d MB  %6s  %6s ms  %,8.1f MB  %,8d%s%n", s.seconds(),
                simTime(s), s.produced(), s.consumed(), s.lag(),
                s.liveHeapBytes() >> 20, c == null ? "-" : "#" + c.id(), c == null ? "-" : Long.toString(c.durationMillis()),
                c == null ? 0.0 : c.stateSizeBytes() / 1048576.0, s.alerts(),
                s.failedCheckpoints() > 0 ? "  (" + s.failedCheckpoints() + " failed checkpoints)" : "");
    }

    /**
     * Judges the samples taken after {@code warmupSeconds}: the first of them against the last; the
     * lag and the checkpoints completed after the first of them, split into halves.
     *
     * @param recordsPerCheckpoint what the producer sends in one checkpoint interval
     */
    public static Verdict judge(List<Sample> samples, List<Checkpoint> checkpoints, double warmupSeconds,
            long recordsPerCheckpoint) {
        List<Sample> judged = samples.stream().filter(s -> s.seconds() >= warmupSeconds).toList();
        if (judged.size() < 2) {
            return new Verdict(null, null, null, null, -1, -1, recordsPerCheckpoint, new long[0], new long[0]);
        }
        Sample first = judged.get(0);
        Sample last = judged.get(judged.size() - 1);
        Double heapRatio = (double) last.liveHeapBytes() / first.liveHeapBytes();
        Double stateRatio = first.checkpoint() == null || last.checkpoint() == null ? null
                : (double) last.checkpoint().stateSizeBytes() / first.checkpoint().stateSizeBytes();

        int middle = judged.size() / 2;
        long lagFirst = judged.subList(0, middle).stream().mapToLong(Sample::lag).max().orElse(-1);
        long lagSecond = judged.subList(middle, judged.size()).stream().mapToLong(Sample::lag).max().orElse(-1);

        // The checkpoints of the judged stretch: after the first judged sample's, up to the last's
        // (those completing while the job drains its backlog after the producer stopped are not steady state).
        long from = first.checkpoint() == null ? Long.MIN_VALUE : first.checkpoint().id();
        long to = last.checkpoint() == null ? Long.MIN_VALUE : last.checkpoint().id();
        long[] durations = checkpoints.stream().filter(c -> c.id() > from && c.id() <= to)
                .mapToLong(Checkpoint::durationMillis).toArray();
        return new Verdict(first, last, heapRatio, stateRatio, lagFirst, lagSecond, recordsPerCheckpoint,
                Arrays.copyOfRange(durations, 0, durations.length / 2),
                Arrays.copyOfRange(durations, durations.length / 2, durations.length));
    }

    /** @param firstEventTime the event time of the first event produced, to say how much simulated time the warm-up covered */
    public static void printSummary(PrintStream out, Verdict v, double warmupSeconds, long firstEventTime) {
        out.println();
        if (v.first() == null) {
            out.printf("soak: fewer than two samples after the %.0f s warm-up: nothing to compare (run longer)%n", warmupSeconds);
            return;
        }
        Sample a = v.first();
        Sample b = v.last();
        out.printf("soak summary: sample at %.0f s (first after the %.0f s warm-up) against the last, at %.0f s;"
                        + " event time %s -> %s%n", a.seconds(), warmupSeconds, b.seconds(), simTime(a), simTime(b));
        double warmupDays = (a.simTime() - firstEventTime) / 86_400_000.0;
        if (warmupDays < WORLD_FILL_DAYS) {
            out.printf("  (the warm-up covered %.1f simulated days; the simulated world fills up over about %.0f, so growth"
                    + " until then is the world filling: raise --rate, --soak-warmup or --soak, or shrink --sites/--skus)%n",
                    warmupDays, WORLD_FILL_DAYS);
        }
        out.printf("  live heap after GC: %,d MB -> %,d MB, x%.2f: %s%n", a.liveHeapBytes() >> 20, b.liveHeapBytes() >> 20,
                v.heapRatio(), v.heapFlat() ? "flat" : "GROWING");
        if (v.stateRatio() == null) {
            out.println("  state size: no completed checkpoint to compare: UNKNOWN");
        } else {
            out.printf("  state size (checkpoint #%d -> #%d): %,.1f MB -> %,.1f MB, x%.2f: %s%n", a.checkpoint().id(),
                    b.checkpoint().id(), a.checkpoint().stateSizeBytes() / 1048576.0, b.checkpoint().stateSizeBytes() / 1048576.0,
                    v.stateRatio(), v.stateFlat() ? "flat" : "GROWING");
        }
        out.printf("  consumer lag, max: %,d records in the first half, %,d in the second (allowance: %,d, one checkpoint"
                        + " interval of input): %s%n", v.maxLagFirstHalf(), v.maxLagSecondHalf(), v.lagAllowance(),
                v.lagBounded() ? "bounded" : "GROWING");
        long[] d1 = v.durationsFirstHalf();
        long[] d2 = v.durationsSecondHalf();
        if (d1.length == 0 || d2.length == 0) {
            out.printf("  checkpoint durations: %d checkpoints after warm-up, too few to compare: UNKNOWN%n", d1.length + d2.length);
        } else {
            out.printf("  checkpoint durations: first half (%d) p50 %,d ms max %,d ms; second half (%d) p50 %,d ms max %,d ms: %s%n",
                    d1.length, percentile(d1, 50), max(d1), d2.length, percentile(d2, 50), max(d2),
                    v.checkpointsFlat() ? "flat" : "GROWING");
        }
        out.printf("  events: %,d produced, %,d consumed; %,d alerts; %s%n", b.produced(), b.consumed(), b.alerts(),
                b.failedCheckpoints() == 0 ? "no failed checkpoints" : b.failedCheckpoints() + " failed checkpoints");
        out.printf("soak verdict: %s%n", v.flat() ? "FLAT" : "NOT FLAT (see the lines above)");
    }

    /** Nearest-rank percentile. */
    static long percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return Percentile.ofSorted(sorted, p);
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
