package io.scem.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link PointPerOccurrence}: two occurrences of one millisecond and tag set stay two points. */
class PointPerOccurrenceTest {
    private static final long T0 = 1_767_607_200_000L;

    private OneInputStreamOperatorTestHarness<String, MetricPoint> harness;

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void shouldGiveTwoOccurrencesOfTheSameMillisecondAndTagsDifferentNanos() throws Exception {
        harness = open(new PointPerOccurrence<>(s -> MetricPoint.of("scem_test", T0).tag("site", s).field("value", 1)));
        harness.processElement(new StreamRecord<>("DC1"));
        harness.processElement(new StreamRecord<>("DC1"));

        List<MetricPoint> points = harness.extractOutputValues();
        assertThat(points).hasSize(2).allSatisfy(p -> {
            assertThat(p.timestampMillis).isEqualTo(T0);
            assertThat(p.nanos).isBetween(0, 999_999);
        });
        assertThat(points.get(0).nanos).isNotEqualTo(points.get(1).nanos);
    }

    @Test
    void shouldSetTheSubtaskApartInTheNanos() throws Exception {
        harness = open(new PointPerOccurrence<>(s -> MetricPoint.of("scem_test", T0).field("value", 1)), 4, 3);
        harness.processElement(new StreamRecord<>("x"));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(p -> assertThat(p.nanos % 1000).isEqualTo(3));
    }

    @Test
    void shouldEmitNothingForARecordThatIsNoOccurrence() throws Exception {
        harness = open(new PointPerOccurrence<>(s -> s.isEmpty() ? null : MetricPoint.of("scem_test", T0).field("value", 1)));
        harness.processElement(new StreamRecord<>(""));

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    private static OneInputStreamOperatorTestHarness<String, MetricPoint> open(PointPerOccurrence<String> function)
            throws Exception {
        return open(function, 1, 0);
    }

    private static OneInputStreamOperatorTestHarness<String, MetricPoint> open(
            PointPerOccurrence<String> function, int parallelism, int subtask) throws Exception {
        OneInputStreamOperatorTestHarness<String, MetricPoint> h = new OneInputStreamOperatorTestHarness<>(
                new StreamFlatMap<>(function), parallelism, parallelism, subtask);
        h.open();
        return h;
    }
}
