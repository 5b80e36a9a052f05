package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
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
    void shouldReleaseATimerAddedForTheTimeBeingReleasedInItsPlaceByKey() {
        LazyTimers timers = new LazyTimers();
        timers.add("SO-9", 50);
        // Behind the timer at 50, so out of order; one of them registered twice.
        for (String key : List.of("SO-5", "SO-2", "SO-7", "SO-2")) timers.add(key, 20);

        assertThat(timers.pollDue(20)).isEqualTo(new LazyTimers.Due(20, "SO-2"));
        timers.add("SO-6", 20);
        timers.add("SO-1", 20);
        timers.add("SO-5", 20);
        List<String> due = new ArrayList<>();
        for (LazyTimers.Due d; (d = timers.pollDue(20)) != null; ) due.add(d.key());

        assertThat(due).containsExactly("SO-1", "SO-5", "SO-6", "SO-7");
        assertThat(timers.all()).containsExactly(new LazyTimers.Due(50, "SO-9"));
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

    @Test
    void shouldGiveTimersInTheSameOrderWhetherTheyCameInOrderOrNot() {
        Random random = new Random(7);
        LazyTimers timers = new LazyTimers();
        TreeSet<LazyTimers.Due> expected = new TreeSet<>(
                Comparator.comparingLong(LazyTimers.Due::at).thenComparing(LazyTimers.Due::key));
        List<LazyTimers.Due> polled = new ArrayList<>();
        List<LazyTimers.Due> expectedPolled = new ArrayList<>();
        long time = 1_000;
        for (int i = 1; i <= 5_000; i++) {
            // Mostly in order, some behind, some at the same time, some registered twice.
            long at = random.nextInt(10) < 8 ? (time += random.nextInt(3)) : time - random.nextInt(100);
            String key = "SO-" + random.nextInt(30);
            timers.add(key, at);
            expected.add(new LazyTimers.Due(at, key));
            if (i % 250 == 0) {
                long upTo = time - 50;
                for (LazyTimers.Due d; (d = timers.pollDue(upTo)) != null; ) polled.add(d);
                while (!expected.isEmpty() && expected.first().at() <= upTo) expectedPolled.add(expected.pollFirst());
            }
        }
        assertThat(timers.all().stream().distinct().toList()).as("a timer registered twice is listed twice")
                .containsExactlyElementsOf(expected);
        for (LazyTimers.Due d; (d = timers.pollDue(Long.MAX_VALUE)) != null; ) polled.add(d);
        expectedPolled.addAll(expected);
        assertThat(polled).hasSizeGreaterThan(3_000).containsExactlyElementsOf(expectedPolled);
    }
}
