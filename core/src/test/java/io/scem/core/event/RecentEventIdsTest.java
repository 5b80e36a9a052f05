package io.scem.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentEventIdsTest {
    @Test
    void remembersIdsUntilTheyAreOlderThanTheHorizon() {
        RecentEventIds recent = new RecentEventIds();
        for (int i = 0; i < 10; i++) {
            assertThat(recent.addIfAbsent("e" + i, i * 100L, Long.MIN_VALUE)).isTrue();
        }
        assertThat(recent.contains("e0")).isTrue();
        assertThat(recent.contains("e9")).isTrue();
        assertThat(recent.contains("x")).isFalse();

        assertThat(recent.addIfAbsent("e9", 950, Long.MIN_VALUE)).as("a duplicate").isFalse();
        assertThat(recent.addIfAbsent("e10", 1000, 500)).isTrue();
        assertThat(recent.contains("e4")).isFalse();
        assertThat(recent.contains("e5")).isTrue();
        assertThat(recent.contains("e10")).isTrue();
        assertThat(recent.size).isEqualTo(6);
    }
}
