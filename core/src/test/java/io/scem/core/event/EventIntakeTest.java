package io.scem.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The intake's gates: too late behind its partition's newest event, too far ahead of the wall clock. */
class EventIntakeTest {
    private static final long NOW = Instants.parse("2026-12-06T12:00:00Z");
    private static final long FIVE_MINUTES = 5 * 60_000;
    private static final long FIFTEEN_MINUTES = 15 * 60_000;

    @Test
    void anEventFarAheadOfTheClockIsADeadLetterAndDoesNotMakeTheNextOnesLate() {
        EventIntake intake = new EventIntake(FIVE_MINUTES, FIFTEEN_MINUTES, () -> NOW);

        List<Decoded> decoded = List.of(
                intake.accept(count("a", "2026-12-06T11:59:00Z"), "test", 0, 1),
                intake.accept(count("typo", "2062-12-06T12:00:00Z"), "test", 0, 2),
                intake.accept(count("b", "2026-12-06T12:14:59Z"), "test", 0, 3), // within the lead
                intake.accept(count("c", "2026-12-06T12:10:00Z"), "test", 0, 4));

        assertThat(decoded.get(1).deadLetter.reason).isEqualTo(
                "future: occurredAt 2062-12-06T12:00:00Z is more than 900 s ahead of the clock (2026-12-06T12:00:00Z)");
        assertThat(decoded.get(1).deadLetter.reasonCode()).isEqualTo("future");
        assertThat(decoded).extracting(d -> d.isEvent()).containsExactly(true, false, true, true);
        assertThat(intake.newestEventTime()).isEqualTo(Instants.parse("2026-12-06T12:14:59Z"));
    }

    @Test
    void withoutALeadAnyTimeGoesAndTheFarOneMakesTheRestLate() {
        EventIntake intake = new EventIntake(FIVE_MINUTES);

        assertThat(intake.accept(count("typo", "2062-12-06T12:00:00Z"), "test", 0, 1).isEvent()).isTrue();
        assertThat(intake.accept(count("a", "2026-12-06T12:00:00Z"), "test", 0, 2).deadLetter.reasonCode()).isEqualTo("late");
    }

    private static String count(String eventId, String at) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"STOCK_COUNTED\",\"occurredAt\":\"" + at
                + "\",\"site\":\"S\",\"sku\":\"K\",\"quantity\":1}";
    }
}
