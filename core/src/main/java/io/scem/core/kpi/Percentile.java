package io.scem.core.kpi;

/** Nearest-rank percentiles (as InfluxQL's PERCENTILE computes them, so figures agree with dashboards). */
public final class Percentile {
    private Percentile() {}

    /** The {@code p}-th percentile (0 < p ≤ 100) of values sorted ascending; the array must not be empty. */
    public static long ofSorted(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
