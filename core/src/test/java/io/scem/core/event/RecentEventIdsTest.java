package io.scem.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentEventIdsTest {
    @Test
    void remembersIdsUntilTheyAreOlderThanTheHorizon() {
        RecentEventIds recent = new RecentEventIds();
        for (int i = 0; i < 10; i++) {
            recent.add("e" + i, i * 100L, Long.MIN_VALUE);
        }
        assertThat(recent.contains("e0")).isTrue();
        assertThat(recent.contains("e9")).isTrue();
        assertThat(recent.contains("x")).isFalse();

        recent.add("e10", 1000, 500);
        assertThat(recent.contains("e4")).isFalse();
        assertThat(recent.contains("e5")).isTrue();
        assertThat(recent.contains("e10")).isTrue();
        assertThat(recent.size).isEqualTo(6);
    }
}
