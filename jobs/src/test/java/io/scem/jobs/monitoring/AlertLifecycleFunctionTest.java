package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
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

    private KeyedBroadcastOperatorTestHarness<String, Alert, RuleRetired, Alert> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new AlertLifecycleFunction(), Alert::conditionKey, Types.STRING, AlertLifecycleFunction.RETIRED_RULES);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void shouldOpenAnEpisodeOnceAndCloseItWithTheSameIdLeavingNoState() throws Exception {
        harness.processElement(signal(Alert.FIRING, "PO-1", ELEVEN), ELEVEN);
        harness.processElement(signal(Alert.FIRING, "PO-1", ELEVEN + 1), ELEVEN + 1);
        assertThat(openEpisodes()).as("the open episode").isEqualTo(1);

        harness.processElement(signal(Alert.RESOLVED, "PO-1", NOON), NOON);

        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).extracting(a -> a.status + " " + a.key + " " + Instants.format(a.at))
                .containsExactly("FIRING PO-1 2026-01-05T11:00:00Z", "RESOLVED PO-1 2026-01-05T12:00:00Z");
        assertThat(alerts.get(0).alertId).isNotNull().isEqualTo(alerts.get(1).alertId);
        assertThat(alerts.get(1).firingSince).isEqualTo(ELEVEN);
        assertThat(alerts.get(1).severity).as("kept from the firing").isEqualTo("MAJOR");
        assertThat(openEpisodes()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldIgnoreAResolveWithoutAnOpenEpisode() throws Exception {
        harness.processElement(signal(Alert.RESOLVED, "PO-2", NOON), NOON);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(openEpisodes()).isZero();
    }

    @Test
    void shouldStartANewEpisodeWithANewIdAfterAResolve() throws Exception {
        harness.processElement(signal(Alert.FIRING, "DC1|A", ELEVEN), ELEVEN);
        harness.processElement(signal(Alert.RESOLVED, "DC1|A", NOON), NOON);
        harness.processElement(signal(Alert.FIRING, "DC1|A", NOON + 60_000), NOON + 60_000);

        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).extracting(a -> a.status).containsExactly(Alert.FIRING, Alert.RESOLVED, Alert.FIRING);
        assertThat(alerts.get(2).alertId).isNotEqualTo(alerts.get(0).alertId);
        assertThat(openEpisodes()).isEqualTo(1);
    }

    @Test
    void shouldResolveTheOpenEpisodesOfARetiredRuleOnly() throws Exception {
        harness.processElement(signal(Alert.FIRING, "PO-1", ELEVEN), ELEVEN);
        harness.processElement(signal(Alert.FIRING, "PO-2", ELEVEN), ELEVEN);
        Alert stockOut = signal(Alert.FIRING, "DC1|A", ELEVEN);
        stockOut.rule = "STOCK_OUT";
        harness.processElement(stockOut, ELEVEN);

        harness.processBroadcastElement(new RuleRetired("SUPPLIER_LATE", NOON), NOON);

        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).extracting(a -> a.status + " " + a.rule + " " + a.key + " " + Instants.format(a.at))
                .containsExactlyInAnyOrder("FIRING SUPPLIER_LATE PO-1 2026-01-05T11:00:00Z",
                        "FIRING SUPPLIER_LATE PO-2 2026-01-05T11:00:00Z", "FIRING STOCK_OUT DC1|A 2026-01-05T11:00:00Z",
                        "RESOLVED SUPPLIER_LATE PO-1 2026-01-05T12:00:00Z", "RESOLVED SUPPLIER_LATE PO-2 2026-01-05T12:00:00Z");
        Alert closed = alerts.stream().filter(a -> !a.isFiring() && a.key.equals("PO-1")).findFirst().orElseThrow();
        assertThat(closed.alertId).isEqualTo(alerts.get(0).alertId);
        assertThat(closed.message).startsWith("Closed because rule SUPPLIER_LATE was removed from the rules; it was: ");
        assertThat(openEpisodes()).as("only STOCK_OUT's episode is left").isEqualTo(1);
    }

    @Test
    void shouldHoldAResolveSoThatAFlappingConditionStaysOneEpisodeAndCleanUpAfter() throws Exception {
        long minute = 60_000L;
        harness.processElement(signal(Alert.FIRING, "DC1|A", ELEVEN), ELEVEN);
        harness.processElement(held(signal(Alert.RESOLVED, "DC1|A", ELEVEN + 30 * minute), 15), ELEVEN + 30 * minute);
        assertThat(harness.numEventTimeTimers()).as("the hold").isEqualTo(1);
        // Back out 10 minutes later: the same episode, nothing sent, the hold is cancelled.
        harness.processElement(signal(Alert.FIRING, "DC1|A", ELEVEN + 40 * minute), ELEVEN + 40 * minute);
        assertThat(harness.numEventTimeTimers()).isZero();
        harness.processElement(held(signal(Alert.RESOLVED, "DC1|A", NOON), 15), NOON);
        harness.processWatermark(NOON + 15 * minute - 1);
        harness.processBroadcastWatermark(Long.MAX_VALUE);
        assertThat(harness.extractOutputValues()).extracting(a -> a.status).containsExactly(Alert.FIRING);

        harness.processWatermark(NOON + 15 * minute);

        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).extracting(a -> a.status + " " + Instants.format(a.at))
                .containsExactly("FIRING 2026-01-05T11:00:00Z", "RESOLVED 2026-01-05T12:00:00Z");
        assertThat(alerts.get(1).alertId).isEqualTo(alerts.get(0).alertId);
        assertThat(alerts.get(1).firingSince).isEqualTo(ELEVEN);
        assertThat(openEpisodes()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldResolveTheHeldEpisodeFirstWhenTheConditionReturnsAfterTheHold() throws Exception {
        long minute = 60_000L;
        harness.processElement(signal(Alert.FIRING, "DC1|A", ELEVEN), ELEVEN);
        harness.processElement(held(signal(Alert.RESOLVED, "DC1|A", ELEVEN + 30 * minute), 15), ELEVEN + 30 * minute);
        // The timer has not run yet (no watermark), but the signal says the hold is over.
        harness.processElement(signal(Alert.FIRING, "DC1|A", ELEVEN + 46 * minute), ELEVEN + 46 * minute);

        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).extracting(a -> a.status + " " + Instants.format(a.at)).containsExactly(
                "FIRING 2026-01-05T11:00:00Z", "RESOLVED 2026-01-05T11:30:00Z", "FIRING 2026-01-05T11:46:00Z");
        assertThat(alerts.get(2).alertId).isNotEqualTo(alerts.get(0).alertId);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private static Alert held(Alert resolve, long minutes) {
        resolve.holdMillis = minutes * 60_000L;
        return resolve;
    }

    /** Keyed state entries: the broadcast harness has no shortcut for it. */
    private int openEpisodes() {
        return ((org.apache.flink.runtime.state.TestableKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
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
