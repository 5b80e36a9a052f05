package io.scem.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PipelineHealth} on a processing-time clock the test sets: watermark lag and alert
 * latency percentiles every 10 s, the duration of each completed checkpoint, nothing for an
 * interval with nothing to say, and a last report when a bounded input ends.
 */
class PipelineHealthTest {
    /** Wall clock at open: a 10 s boundary, so the first report is at {@code NOW + 10 s}. */
    private static final long NOW = Instants.parse("2026-01-05T10:00:00Z");
    private static final long INTERVAL = PipelineHealth.INTERVAL_MS;

    private OneInputStreamOperatorTestHarness<Alert, MetricPoint> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(new PipelineHealth("monitoring", null));
        harness.setProcessingTime(NOW);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void shouldReportWatermarkLagAndNearestRankLatencyPercentilesEveryInterval() throws Exception {
        // Latencies of 1 s to 100 s, out of order: p50 is the 50th smallest, p99 the 99th.
        for (int i = 1; i <= 100; i++) {
            alert((i * 37 % 100 + 1) * 1_000L);
        }
        harness.processWatermark(new Watermark(NOW - 5_000));

        harness.setProcessingTime(NOW + INTERVAL);

        assertThat(points()).containsExactly(health(NOW + INTERVAL)
                .field("watermark_lag_ms", 15_000).field("alert_latency_p50_ms", 50_000).field("alert_latency_p99_ms", 99_000));
    }

    @Test
    void shouldTakeTheLatencyPercentilesOfTheLastIntervalOnly() throws Exception {
        alert(60_000);
        harness.setProcessingTime(NOW + INTERVAL);
        alert(300);
        alert(100);
        alert(200);

        harness.setProcessingTime(NOW + 2 * INTERVAL);

        // Nearest rank of 3 values: p50 is the 2nd (ceil 1.5), p99 the 3rd (ceil 2.97).
        assertThat(points()).last().isEqualTo(health(NOW + 2 * INTERVAL)
                .field("alert_latency_p50_ms", 200).field("alert_latency_p99_ms", 300));
    }

    @Test
    void shouldWriteNothingForAnIntervalWithNothingToSay() throws Exception {
        harness.setProcessingTime(NOW + INTERVAL);
        harness.setProcessingTime(NOW + 2 * INTERVAL);

        assertThat(points()).isEmpty();
        assertThat(harness.getProcessingTimeService().getNumActiveTimers()).as("the next report").isEqualTo(1);
    }

    @Test
    void shouldReportACheckpointFromItsBarrierToItsCompletion() throws Exception {
        harness.setProcessingTime(NOW + 1_000);
        harness.snapshot(1, NOW + 1_000);
        harness.setProcessingTime(NOW + 1_250);
        harness.notifyOfCompletedCheckpoint(1);

        assertThat(points()).containsExactly(health(NOW + 1_250).field("checkpoint_duration_ms", 250));
    }

    @Test
    void shouldForgetACheckpointSubsumedByALaterOne() throws Exception {
        harness.snapshot(1, NOW);
        harness.setProcessingTime(NOW + 1_000);
        harness.snapshot(2, NOW + 1_000);
        harness.setProcessingTime(NOW + 1_400);
        harness.notifyOfCompletedCheckpoint(2);
        harness.notifyOfCompletedCheckpoint(1);

        assertThat(points()).containsExactly(health(NOW + 1_400).field("checkpoint_duration_ms", 400));
    }

    @Test
    void shouldReportWhatABoundedInputSawWhenItEndsBeforeTheFirstInterval() throws Exception {
        alert(2_000);
        harness.processWatermark(new Watermark(NOW - 60_000));
        harness.processWatermark(Watermark.MAX_WATERMARK);
        harness.setProcessingTime(NOW + 3_000);

        harness.endInput();

        assertThat(points()).as("the end of input is no watermark").containsExactly(health(NOW + 3_000)
                .field("watermark_lag_ms", 63_000).field("alert_latency_p50_ms", 2_000).field("alert_latency_p99_ms", 2_000));
    }

    /** An alert detected {@code latency} ms after the time it is about. */
    private void alert(long latency) throws Exception {
        Alert a = new Alert();
        a.rule = "LATE_SHIPMENT";
        a.status = Alert.FIRING;
        a.at = NOW - 3_600_000L;
        a.detectedAt = a.at + latency;
        harness.processElement(new StreamRecord<>(a, a.at));
    }

    private List<MetricPoint> points() {
        return harness.extractOutputValues();
    }

    private static MetricPoint health(long at) {
        return MetricPoint.of("scem_pipeline", at).tag("job", "monitoring");
    }
}
