package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.alert.Correlation;
import io.scem.core.event.Instants;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CorrelateAlerts}: alerts wait for the watermark and are applied in event-time order
 * whatever order they arrive in, and a group leaves no state or timer once nothing is open.
 */
class CorrelateAlertsTest {
    private static final long T0 = Instants.parse("2026-01-05T10:00:00Z");
    private static final long HOUR = 3_600_000L;

    private KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new CorrelateAlerts(2), Correlation::groupOf, Types.STRING);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void shouldApplyAlertsInEventTimeOrderOnceTheWatermarkPassesAndLeaveNothingBehind() throws Exception {
        // The supplier's first raise, eight days before, started its watch: its floods are judged
        // from a day after that, and that raise has left the week's history by T0.
        long firstRaise = T0 - Correlation.HISTORY - 24 * HOUR;
        Alert po0 = firing("PO-0", firstRaise);
        harness.processElement(po0, firstRaise);
        harness.processWatermark(firstRaise);
        harness.getOutput().clear();

        Alert po1 = firing("PO-1", T0);
        Alert po2 = firing("PO-2", T0 + HOUR);
        // Out of order, as alerts of different conditions arrive from different subtasks.
        harness.processElement(po2, po2.at);
        harness.processElement(po1, po1.at);
        harness.processElement(resolved(po1, T0 + 2 * HOUR), T0 + 2 * HOUR);
        assertThat(harness.extractOutputValues()).as("waiting for the watermark").isEmpty();

        harness.processWatermark(T0 + HOUR);
        List<Alert> sent = harness.extractOutputValues();
        assertThat(sent).extracting(a -> a.rule + " " + a.status + " " + a.key).containsExactly(
                "SUPPLIER_LATE FIRING PO-1", "SUPPLIER_LATE FIRING PO-2", "SUPPLIER_ISSUE FIRING S1");
        assertThat(sent.get(2).related).containsExactly("PO-1", "PO-2");

        harness.processWatermark(T0 + 2 * HOUR);
        assertThat(harness.extractOutputValues()).extracting(a -> a.rule + " " + a.status + " " + a.key)
                .endsWith("SUPPLIER_LATE RESOLVED PO-1");
        // PO-1's raise leaves the flood window: one raise left, the root cause resolves.
        harness.processWatermark(T0 + Correlation.WINDOW);
        assertThat(harness.extractOutputValues()).extracting(a -> a.rule + " " + a.status + " " + a.key)
                .endsWith("SUPPLIER_ISSUE RESOLVED S1");
        assertThat(harness.numKeyedStateEntries()).as("PO-2's raise, still in the window").isEqualTo(1);

        harness.processElement(resolved(po2, T0 + 7 * HOUR), T0 + 7 * HOUR);
        harness.processWatermark(T0 + 7 * HOUR);
        assertThat(harness.numKeyedStateEntries()).as("the supplier's history of raises").isEqualTo(1);
        // PO-2's hour leaves the history a week after it began: the watch is left, so that the
        // supplier back after a quiet week is judged at once; four weeks after PO-2, nothing.
        harness.processWatermark(T0 + HOUR + Correlation.HISTORY);
        assertThat(harness.numKeyedStateEntries()).as("the supplier's watch").isEqualTo(1);
        harness.processWatermark(T0 + HOUR + Correlation.QUIET_FORGOTTEN_AFTER);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private static Alert firing(String key, long at) {
        Alert a = new Alert();
        a.rule = "SUPPLIER_LATE";
        a.status = Alert.FIRING;
        a.stage = "supplier";
        a.supplierId = "S1";
        a.key = key;
        a.at = at;
        a.alertId = "id-" + key;
        return a;
    }

    private static Alert resolved(Alert firing, long at) {
        Alert a = firing(firing.key, at);
        a.status = Alert.RESOLVED;
        return a;
    }
}
