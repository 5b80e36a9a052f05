package io.scem.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scem.core.event.Instants;
import org.junit.jupiter.api.Test;

/** Alerts read back from their JSON: what every reader (the notifier, verify) may rely on. */
class AlertJsonTest {
    @Test
    void readsBackWhatItWrote() {
        Alert a = new Alert();
        a.alertId = "a-1";
        a.rule = "STOCK_OUT";
        a.status = "RESOLVED";
        a.key = "DC1|SKU-1";
        a.at = Instants.parse("2026-01-05T10:00:00Z");
        a.detectedAt = Instants.parse("2026-01-05T10:00:01Z");
        a.firingSince = Instants.parse("2026-01-05T08:00:00Z");
        a.evidence = new String[] {"e-1"};

        Alert back = AlertJson.read(AlertJson.write(a));

        assertThat(back).usingRecursiveComparison().isEqualTo(a);
    }

    /** Before, a record without "at" (an event, say) was a NullPointerException in the reader. */
    @Test
    void aRecordWithoutRuleStatusOrTimeIsNotAnAlert() {
        assertThatThrownBy(() -> AlertJson.read("{\"eventId\":\"e-1\",\"type\":\"STOCK_COUNTED\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rule is required");
        assertThatThrownBy(() -> AlertJson.read("{\"rule\":\"STOCK_OUT\",\"status\":\"FIRING\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("at is required");
        assertThatThrownBy(() -> AlertJson.read("{\"rule\":\"STOCK_OUT\",\"status\":\"FIRING\",\"at\":\"yesterday\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("at is not an ISO-8601 instant: yesterday");
        assertThatThrownBy(() -> AlertJson.read("[1, 2]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a JSON object");
    }

    @Test
    void anAlertWrittenByHandNeedsNoDetectionTime() {
        Alert a = AlertJson.read("{\"rule\":\"STOCK_OUT\",\"status\":\"FIRING\",\"key\":\"DC1|SKU-1\",\"at\":\"2026-01-05T10:00:00Z\"}");

        assertThat(a.detectedAt).isZero();
        assertThat(a.firingSince).isNull();
    }
}
