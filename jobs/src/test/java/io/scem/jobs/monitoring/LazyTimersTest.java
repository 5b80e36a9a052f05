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
}
