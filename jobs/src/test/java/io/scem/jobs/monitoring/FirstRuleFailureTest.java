package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import io.scem.core.rules.RuleErrors;
import io.scem.core.rules.RuleFailing;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link FirstRuleFailure} on Flink's harness: the earliest report waits for the watermark, and nothing stays behind. */
class FirstRuleFailureTest {
    private static final long TEN = Instants.parse("2026-01-05T10:00:00Z");
    private static final long ELEVEN = Instants.parse("2026-01-05T11:00:00Z");

    private KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new FirstRuleFailure(), Alert::conditionKey,
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void shouldPassOnTheEarliestReportOnceTheWatermarkPassesItAndKeepNothing() throws Exception {
        // A subtask that met the failure at 11:00 reports first; another met it at 10:00, on E1.
        report(firing(ELEVEN, "E2"));
        harness.processWatermark(TEN - 1);
        report(firing(TEN, "E1"));
        report(firing(TEN, "E3"));
        assertThat(harness.extractOutputValues()).as("an earlier report may still come").isEmpty();

        harness.processWatermark(TEN);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.at).isEqualTo(TEN);
            assertThat(a.evidence).containsExactly("E1");
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldPassOnAtOnceAReportBehindTheWatermark() throws Exception {
        // Met while an engine was rebuilt for a reload, on a fact of the past; no later watermark comes.
        harness.processWatermark(ELEVEN);
        report(firing(TEN, "E1"));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> assertThat(a.at).isEqualTo(TEN));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldPassOnAWaitingFiringBeforeTheResolvedThatEndsIt() throws Exception {
        report(firing(ELEVEN, "E2"));
        report(RuleFailing.resolved(firing(ELEVEN, "E2").key, ELEVEN + 1));

        assertThat(harness.extractOutputValues()).extracting(a -> a.status).containsExactly(Alert.FIRING, Alert.RESOLVED);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private void report(Alert alert) throws Exception {
        harness.processElement(new StreamRecord<>(alert, alert.at));
    }

    private static Alert firing(long at, String eventId) {
        return RuleFailing.firing("rules", "NUMBERED", new RuleErrors.Failures(1,
                "java.lang.NumberFormatException: For input string: \"SH-" + eventId + "\"", at, eventId, "numbered.epl", 2,
                "0a1b2c3d4e5f"));
    }
}
