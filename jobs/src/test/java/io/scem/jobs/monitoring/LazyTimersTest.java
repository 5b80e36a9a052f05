package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LazyTimers}: due timers earliest first, then by key, one per key and time. */
class LazyTimersTest {
    @Test
    void shouldGiveDueTimersEarliestFirstThenByKeyAndATimerRegisteredTwiceOnce() {
        LazyTimers timers = new LazyTimers();
        timers.add("SO-2", 20);
        timers.add("SO-1", 20);
        timers.add("SO-3", 10);
        timers.add("SO-1", 20);
        timers.add("SO-1", 30);

        List<String> due = new ArrayList<>();
        for (LazyTimers.Due d; (d = timers.pollDue(20)) != null; ) due.add(d.key() + "@" + d.at());

        assertThat(due).containsExactly("SO-3@10", "SO-1@20", "SO-2@20");
        assertThat(timers.all()).containsExactly(new LazyTimers.Due(30, "SO-1"));
        assertThat(timers.pollDue(29)).isNull();
        assertThat(timers.pollDue(30)).isEqualTo(new LazyTimers.Due(30, "SO-1"));
        assertThat(timers.all()).isEmpty();
    }

    @Test
    void shouldDropStaleTimersOnlyOnceTheQueueHasDoubledSinceTheLastTime() {
        LazyTimers timers = new LazyTimers();
        int n = LazyTimers.SWEEP_FROM;
        for (int i = 0; i < n - 1; i++) timers.add("SO-" + i, i);
        timers.dropStaleIfGrown(due -> false);
        assertThat(timers.all()).as("too small to sweep").hasSize(n - 1);

        timers.add("SO-last", n);
        timers.dropStaleIfGrown(due -> due.at() % 2 == 0);
        assertThat(timers.all()).as("the stale half dropped").hasSize(n / 2 + 1)
                .allSatisfy(due -> assertThat(due.at() % 2).isZero());

        for (int i = 0; i < n / 2; i++) timers.add("SO-more-" + i, 2L * i);
        timers.dropStaleIfGrown(due -> false);
        assertThat(timers.all()).as("not yet twice the size after the last sweep").hasSize(n + 1);
        timers.add("SO-one-more", 2);
        timers.dropStaleIfGrown(due -> due.key().startsWith("SO-more-"));
        assertThat(timers.all()).hasSize(n / 2);
        assertThat(timers.pollDue(0)).isEqualTo(new LazyTimers.Due(0, "SO-more-0"));
    }
}
