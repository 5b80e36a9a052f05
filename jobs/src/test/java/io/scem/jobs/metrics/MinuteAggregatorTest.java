package io.scem.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MinuteAggregator} on Flink's operator harness: event-time minutes close when the
 * watermark passes them, wall-clock minutes close on a processing-time timer even when no
 * further record arrives.
 */
class MinuteAggregatorTest {
    private static final String MEASUREMENT = "scem_test";
    private static final long MINUTE = 60_000L;
    /** 2026-01-05T10:00:00Z, the start of a minute. */
    private static final long TEN = 1_767_607_200_000L;

    private OneInputStreamOperatorTestHarness<String, MetricPoint> harness;

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) harness.close();
    }

    @Test
    void shouldEmitAnEventTimeMinuteWhenTheWatermarkPassesIt() throws Exception {
        harness = open(MinuteAggregator.countByEventTime(MEASUREMENT, MinuteAggregatorTest::reasonTag));
        record("invalid-json", TEN + 1_000);
        record("invalid-json", TEN + 59_000);
        record("late", TEN + 30_000);
        record("invalid-json", TEN + MINUTE + 5_000);

        harness.processWatermark(new Watermark(TEN + 59_000));
        assertThat(points()).as("the minute is still open").isEmpty();

        harness.processWatermark(new Watermark(TEN + MINUTE + 30_000));
        assertThat(points()).containsExactlyInAnyOrder(
                count(TEN, "invalid-json", 2),
                count(TEN, "late", 1));
    }

    @Test
    void shouldCountARecordOfAWrittenMinuteInTheFirstOpenMinuteNotOverwriteTheWrittenCount() throws Exception {
        harness = open(MinuteAggregator.countByEventTime(MEASUREMENT, MinuteAggregatorTest::reasonTag));
        record("late", TEN + 1_000);
        record("late", TEN + 2_000);
        harness.processWatermark(new Watermark(TEN + MINUTE + 30_000));
        // A resolve held back until after the watermark: its minute (TEN) is written already.
        record("late", TEN + 3_000);
        harness.processWatermark(new Watermark(Long.MAX_VALUE));

        assertThat(points()).containsExactly(count(TEN, "late", 2), count(TEN + MINUTE, "late", 1));
    }

    @Test
    void shouldAddUpWhatEachRecordSaysInASum() throws Exception {
        // Records such as "late:3": three more of that reason.
        harness = open(MinuteAggregator.sumByEventTime(MEASUREMENT, r -> reasonTag(r.split(":")[0]),
                r -> Long.parseLong(r.split(":")[1])));
        record("late:3", TEN + 1_000);
        record("late:4", TEN + 2_000);
        record("invalid-json:1", TEN + 3_000);
        harness.processWatermark(new Watermark(TEN + MINUTE + 30_000));

        assertThat(points()).containsExactlyInAnyOrder(count(TEN, "late", 7), count(TEN, "invalid-json", 1));
    }

    @Test
    void shouldLeaveOutRecordsWhoseTagsAreNull() throws Exception {
        harness = open(MinuteAggregator.countByEventTime(MEASUREMENT,
                r -> r.startsWith("skip") ? null : reasonTag(r)));
        record("skip-me", TEN + 1_000);
        record("late", TEN + 2_000);
        record("skip-me-too", TEN + 3_000);
        harness.processWatermark(new Watermark(Long.MAX_VALUE));

        assertThat(points()).containsExactly(count(TEN, "late", 1));
    }

    @Test
    void shouldTagEveryPointWithItsSubtask() throws Exception {
        harness = open(MinuteAggregator.countByEventTime(MEASUREMENT, MinuteAggregatorTest::reasonTag), 4, 3);
        record("late", TEN);
        harness.processWatermark(new Watermark(Long.MAX_VALUE));

        assertThat(points()).singleElement().satisfies(p ->
                assertThat(p.tags).containsExactly("reason", "late", "subtask", "3"));
    }

    @Test
    void shouldKeepTheLastValueOfAGauge() throws Exception {
        harness = open(MinuteAggregator.lastByEventTime("scem_stock", new String[] {"on_hand"},
                r -> new String[] {"sku", "A"}, r -> new double[] {Double.parseDouble(r)}));
        record("7", TEN + 1_000);
        record("3", TEN + 2_000);
        harness.endInput();

        assertThat(points()).singleElement().satisfies(p -> {
            assertThat(p.fieldNames).containsExactly("on_hand");
            assertThat(p.fieldValues).containsExactly(3.0);
        });
    }

    @Test
    void shouldEmitAWallClockMinuteWithoutAnyFurtherRecord() throws Exception {
        harness = open(MinuteAggregator.countByWallClock(MEASUREMENT, MinuteAggregatorTest::reasonTag));
        harness.setProcessingTime(TEN + 10_000);
        harness.processElement(new StreamRecord<>("invalid-json"));
        harness.processElement(new StreamRecord<>("invalid-json"));
        harness.setProcessingTime(TEN + 50_000);
        assertThat(points()).as("the minute is still open").isEmpty();

        harness.setProcessingTime(TEN + MINUTE);
        assertThat(points()).containsExactly(count(TEN, "invalid-json", 2));

        harness.setProcessingTime(TEN + 5 * MINUTE);
        assertThat(points()).as("nothing more: empty minutes are not written").hasSize(1);
    }

    @Test
    void shouldCountWallClockRecordsByArrivalNotByTheirTimestamp() throws Exception {
        harness = open(MinuteAggregator.countByWallClock(MEASUREMENT, MinuteAggregatorTest::reasonTag));
        harness.setProcessingTime(TEN + MINUTE + 1);
        record("late", TEN - 10 * MINUTE);
        harness.processWatermark(new Watermark(Long.MAX_VALUE - 1));
        assertThat(points()).as("watermarks do not close wall-clock minutes").isEmpty();

        harness.setProcessingTime(TEN + 2 * MINUTE);
        assertThat(points()).containsExactly(count(TEN + MINUTE, "late", 1));
    }

    private static OneInputStreamOperatorTestHarness<String, MetricPoint> open(MinuteAggregator<String> operator)
            throws Exception {
        return open(operator, 1, 0);
    }

    private static OneInputStreamOperatorTestHarness<String, MetricPoint> open(
            MinuteAggregator<String> operator, int parallelism, int subtask) throws Exception {
        OneInputStreamOperatorTestHarness<String, MetricPoint> h =
                new OneInputStreamOperatorTestHarness<>(operator, parallelism, parallelism, subtask);
        h.setProcessingTime(TEN);
        h.open();
        return h;
    }

    private void record(String value, long timestamp) throws Exception {
        harness.processElement(new StreamRecord<>(value, timestamp));
    }

    private List<MetricPoint> points() {
        return harness.extractOutputValues();
    }

    private static String[] reasonTag(String record) {
        return new String[] {"reason", record};
    }

    private static MetricPoint count(long minute, String reason, double count) {
        return MetricPoint.of(MEASUREMENT, minute).tag("reason", reason).tag("subtask", "0").field("count", count);
    }
}
