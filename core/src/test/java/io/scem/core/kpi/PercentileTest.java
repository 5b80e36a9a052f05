package io.scem.core.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentileTest {
    @Test
    void nearestRank() {
        long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};

        assertThat(Percentile.ofSorted(sorted, 50)).isEqualTo(50);
        assertThat(Percentile.ofSorted(sorted, 51)).isEqualTo(60);
        assertThat(Percentile.ofSorted(sorted, 99)).isEqualTo(100);
        assertThat(Percentile.ofSorted(sorted, 100)).isEqualTo(100);
        assertThat(Percentile.ofSorted(sorted, 0.1)).isEqualTo(10);
        assertThat(Percentile.ofSorted(new long[] {7}, 99)).isEqualTo(7);
    }
}
