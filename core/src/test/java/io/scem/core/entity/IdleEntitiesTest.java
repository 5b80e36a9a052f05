package io.scem.core.entity;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.event.Instants;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link IdleEntities}: one sweep per midnight passed, none that could find nothing idle. */
class IdleEntitiesTest {
    private static final long DAY = Instants.DAY;
    private static final long JAN_5 = Instants.parse("2026-01-05T00:00:00Z");
    private static final Duration TTL = Duration.ofDays(2);

    @Test
    void shouldSweepAtTheFirstTimeAfterEachMidnightWithTheCutoffTheTtlBeforeIt() {
        IdleEntities idle = new IdleEntities(TTL, JAN_5 + 10);
        idle.noteFact(JAN_5 - 5 * DAY);

        assertThat(idle.sweepCutoff(JAN_5 + DAY - 1)).as("the starting day counts as swept").isNull();
        assertThat(idle.sweepCutoff(JAN_5 + DAY + 7)).isEqualTo(JAN_5 + DAY - 2 * DAY);
        assertThat(idle.sweepCutoff(JAN_5 + DAY + 8)).as("once a midnight").isNull();
        assertThat(idle.sweepCutoff(JAN_5 + 4 * DAY)).as("midnights skipped are one sweep").isEqualTo(JAN_5 + 2 * DAY);
    }

    @Test
    void shouldSkipASweepWhoseCutoffIsBeforeEveryFactNoted() {
        IdleEntities idle = new IdleEntities(TTL, Long.MIN_VALUE);
        assertThat(idle.sweepCutoff(JAN_5)).as("nothing noted: nothing to forget").isNull();

        idle.noteFact(JAN_5 + 1);
        idle.noteFact(JAN_5 + DAY);
        assertThat(idle.sweepCutoff(JAN_5 + 2 * DAY)).as("cutoff Jan 5 00:00, before the oldest fact").isNull();
        assertThat(idle.sweepCutoff(JAN_5 + 3 * DAY)).as("cutoff Jan 6, after it").isEqualTo(JAN_5 + DAY);

        idle.noteFact(JAN_5 - DAY);
        assertThat(idle.sweepCutoff(JAN_5 + 4 * DAY)).isEqualTo(JAN_5 + 2 * DAY);
    }

    @Test
    void shouldNeverSweepWithoutATtl() {
        IdleEntities idle = new IdleEntities(Duration.ZERO, Long.MIN_VALUE);
        idle.noteFact(JAN_5);
        assertThat(idle.sweepCutoff(JAN_5 + 100 * DAY)).isNull();
    }
}
