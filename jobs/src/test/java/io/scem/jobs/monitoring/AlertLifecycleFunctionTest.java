package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AlertLifecycleFunction}: one episode per condition, repeated FIRINGs folded into it, a
 * RESOLVED closes it with the same alertId, and no state is left once it is resolved.
 */
class AlertLifecycleFunctionTest {
    private static final long ELEVEN = Instants.parse("2026-01-05T11:00:00Z");
    private static final long NOON = Instants.parse("2026-01-05T12:00:00Z");

    private KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new AlertLifecycleFunction(), Alert::conditionKey, Types.STRING);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void shouldOpenAnEpisodeOnceAndCloseItWithTheSameIdLeavingNoState() throws Exception {
        harness.processElement(signal(Alert.FIRING, "PO-1", ELEVEN), ELEVEN);
        harness.processElement(signal(Alert.FIRING, "PO-1", ELEVEN + 1), ELEVEN + 1);
        assertThat(harness.numKeyedStateEntries()).as("the open episode").isEqualTo(1);

        harness.processElement(signal(Alert.RESOLVED, "PO-1", NOON), NOON);

        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).extracting(a -> a.status + " " + a.key + " " + Instants.format(a.at))
                .containsExactly("FIRING PO-1 2026-01-05T11:00:00Z", "RESOLVED PO-1 2026-01-05T12:00:00Z");
        assertThat(alerts.get(0).alertId).isNotNull().isEqualTo(alerts.get(1).alertId);
        assertThat(alerts.get(1).firingSince).isEqualTo(ELEVEN);
        assertThat(alerts.get(1).severity).as("kept from the firing").isEqualTo("MAJOR");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldIgnoreAResolveWithoutAnOpenEpisode() throws Exception {
        harness.processElement(signal(Alert.RESOLVED, "PO-2", NOON), NOON);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldStartANewEpisodeWithANewIdAfterAResolve() throws Exception {
        harness.processElement(signal(Alert.FIRING, "DC1|A", ELEVEN), ELEVEN);
        harness.processElement(signal(Alert.RESOLVED, "DC1|A", NOON), NOON);
        harness.processElement(signal(Alert.FIRING, "DC1|A", NOON + 60_000), NOON + 60_000);

        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).extracting(a -> a.status).containsExactly(Alert.FIRING, Alert.RESOLVED, Alert.FIRING);
        assertThat(alerts.get(2).alertId).isNotEqualTo(alerts.get(0).alertId);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }

    private static Alert signal(String status, String key, long at) {
        Alert a = new Alert();
        a.rule = "SUPPLIER_LATE";
        a.status = status;
        a.key = key;
        a.at = at;
        a.severity = status.equals(Alert.FIRING) ? "MAJOR" : null;
        return a;
    }
}
