package io.scem.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenAlerts}: open alerts counted per rule, severity and stage by alertId, one point per
 * minute in which the count changed, written when a later minute's alert comes or the watermark
 * passes the minute; no state or timer left once all are resolved and written.
 */
class OpenAlertsTest {
    private static final long MINUTE = 60_000L;
    /** The start of a minute. */
    private static final long TEN = Instants.parse("2026-01-05T10:00:00Z");

    private KeyedOneInputStreamOperatorTestHarness<String, Alert, MetricPoint> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new OpenAlerts(), OpenAlerts::keyOf, Types.STRING);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void shouldCountOpenAlertsPerRuleSeverityAndStageAndWriteTheMinuteWhenTheWatermarkPassesIt() throws Exception {
        alert(firing("A1", TEN + 1_000));
        alert(firing("A2", TEN + 30_000));
        Alert critical = firing("C1", TEN + 40_000);
        critical.severity = "CRITICAL";
        alert(critical);

        harness.processWatermark(TEN + MINUTE - 2);
        assertThat(harness.extractOutputValues()).as("the minute is still open").isEmpty();

        harness.processWatermark(TEN + MINUTE - 1);
        assertThat(harness.extractOutputValues()).containsExactlyInAnyOrder(
                open(TEN, "MAJOR", 2), open(TEN, "CRITICAL", 1));
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldNotCountARepeatedFiringOfTheSameAlertTwice() throws Exception {
        alert(firing("A1", TEN + 1_000));
        alert(firing("A1", TEN + 2_000));
        harness.processWatermark(TEN + MINUTE);

        assertThat(harness.extractOutputValues()).containsExactly(open(TEN, "MAJOR", 1));
    }

    @Test
    void shouldIgnoreAResolveOfAnAlertNeverSeenOpen() throws Exception {
        alert(resolved("UNKNOWN", TEN + 1_000));
        harness.processWatermark(TEN + MINUTE);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldWriteAMinuteAsSoonAsAnAlertOfALaterMinuteArrives() throws Exception {
        alert(firing("A1", TEN + 1_000));
        alert(firing("A2", TEN + MINUTE + 1_000));

        assertThat(harness.extractOutputValues()).containsExactly(open(TEN, "MAJOR", 1));
        assertThat(harness.numEventTimeTimers()).as("only the new minute's").isEqualTo(1);
    }

    @Test
    void shouldCountAnAlertOlderThanThePendingMinuteInThatMinute() throws Exception {
        alert(firing("A1", TEN + MINUTE + 1_000));
        alert(firing("A2", TEN + 5_000));
        harness.processWatermark(TEN + 2 * MINUTE);

        assertThat(harness.extractOutputValues()).containsExactly(open(TEN + MINUTE, "MAJOR", 2));
    }

    @Test
    void shouldCountAResolveReleasedAfterItsMinuteClosedInTheFirstOpenMinuteNotBehindALaterPoint() throws Exception {
        alert(firing("A1", TEN));
        alert(firing("A2", TEN + 5 * MINUTE));
        harness.processWatermark(TEN + 6 * MINUTE);
        // A resolve held back (AlertEpisodes) comes when the watermark is long past its time.
        alert(resolved("A1", TEN + 2 * MINUTE));
        harness.processWatermark(TEN + 7 * MINUTE);

        assertThat(harness.extractOutputValues()).containsExactly(
                open(TEN, "MAJOR", 1), open(TEN + 5 * MINUTE, "MAJOR", 2), open(TEN + 6 * MINUTE, "MAJOR", 1));
    }

    @Test
    void shouldLeaveNoStateOrTimerOnceEveryAlertIsResolvedAndWritten() throws Exception {
        alert(firing("A1", TEN + 1_000));
        alert(firing("A2", TEN + 2_000));
        harness.processWatermark(TEN + MINUTE);
        alert(resolved("A1", TEN + 2 * MINUTE));
        alert(resolved("A2", TEN + 3 * MINUTE));
        assertThat(harness.numKeyedStateEntries()).as("count and pending minute").isEqualTo(2);

        harness.processWatermark(TEN + 4 * MINUTE);

        assertThat(harness.extractOutputValues()).containsExactly(
                open(TEN, "MAJOR", 2), open(TEN + 2 * MINUTE, "MAJOR", 1), open(TEN + 3 * MINUTE, "MAJOR", 0));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private void alert(Alert alert) throws Exception {
        harness.processElement(alert, alert.at);
    }

    private static Alert firing(String alertId, long at) {
        Alert a = new Alert();
        a.alertId = alertId;
        a.rule = "LATE_SHIPMENT";
        a.status = Alert.FIRING;
        a.severity = "MAJOR";
        a.stage = "delivery";
        a.at = at;
        return a;
    }

    private static Alert resolved(String alertId, long at) {
        Alert a = firing(alertId, at);
        a.status = Alert.RESOLVED;
        return a;
    }

    private static MetricPoint open(long minute, String severity, double count) {
        return MetricPoint.of("scem_alerts_open", minute).tag("rule", "LATE_SHIPMENT").tag("severity", severity)
                .tag("stage", "delivery").field("open", count);
    }
}
