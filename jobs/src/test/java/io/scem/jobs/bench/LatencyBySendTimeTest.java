package io.scem.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Latencies filed by send time: a slow start apart from what the job sustains afterwards. */
class LatencyBySendTimeTest {
    private static final long START = 5_000;
    private static final long SECOND = 1_000_000_000L;
    private static final long MILLI = 1_000_000L;

    @Test
    void windowsSeparateTheWarmUpFromTheSteadyState() {
        LatencyBySendTime latencies = new LatencyBySendTime();
        // The first 30 s: a backlog, seconds late; afterwards 10-19 ms.
        for (int s = 0; s < 30; s++) latencies.add(START + s * SECOND, (30 - s) * SECOND);
        for (int s = 30; s < 90; s++) latencies.add(START + s * SECOND, (10 + s % 10) * MILLI);
        long end = START + 90 * SECOND;

        List<LatencyBySendTime.Window> windows = latencies.windows(START, end, 30 * SECOND);
        assertThat(windows).extracting(LatencyBySendTime.Window::fromNanos).containsExactly(0L, 30 * SECOND, 60 * SECOND);
        assertThat(windows).extracting(LatencyBySendTime.Window::count).containsExactly(30, 30, 30);
        assertThat(windows.get(0).percentile(50)).isEqualTo(15 * SECOND); // nearest rank: the 15th of 1..30 s
        assertThat(windows.get(1).percentile(99)).isEqualTo(19 * MILLI);
        assertThat(windows.get(2).max()).isEqualTo(19 * MILLI);

        LatencyBySendTime.Window all = latencies.all(START, end);
        assertThat(all.count()).isEqualTo(90);
        assertThat(all.percentile(99)).isEqualTo(30 * SECOND); // the whole run's p99 is the warm-up's

        LatencyBySendTime.Window secondHalf = latencies.secondHalf(START, end);
        assertThat(secondHalf.fromNanos()).isEqualTo(45 * SECOND);
        assertThat(secondHalf.count()).isEqualTo(45);
        assertThat(secondHalf.percentile(99)).isEqualTo(19 * MILLI);
    }

    @Test
    void leavesOutWindowsWithoutAnAlertAndKeepsTheShortLastOne() {
        LatencyBySendTime latencies = new LatencyBySendTime();
        latencies.add(START + SECOND, 7 * MILLI);
        latencies.add(START + 65 * SECOND, 9 * MILLI);

        List<LatencyBySendTime.Window> windows = latencies.windows(START, START + 70 * SECOND, 30 * SECOND);
        assertThat(windows).extracting(LatencyBySendTime.Window::fromNanos).containsExactly(0L, 60 * SECOND);
        assertThat(windows.get(1).toNanos()).isEqualTo(70 * SECOND);
        assertThat(windows.get(1).percentile(50)).isEqualTo(9 * MILLI);
    }
}
