package io.scem.core.notify;

import static io.scem.core.notify.TestAlerts.HOUR;
import static io.scem.core.notify.TestAlerts.SECOND;
import static io.scem.core.notify.TestAlerts.T0;
import static io.scem.core.notify.TestAlerts.alert;
import static io.scem.core.notify.TestAlerts.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.notify.OutgoingMessage.Channel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The notifier's core end to end with the shipped rules/routing.yaml: alerts in, routed, grouped,
 * escalated and rendered, messages out; what the Flink job will do around these classes.
 */
class NotifyPipelineTest {
    private final GroupingDriver driver = new GroupingDriver(shipped());
    private final MessageTemplates templates = new MessageTemplates("http://localhost:3000/d/scem-alerts");

    @Test
    void aStockOutReachesPlanningAndTheOncallBySmsAndEscalatesToTheManagerAfterAnHour() {
        Alert stockOut = alert("so-1", "STOCK_OUT").stage("warehouse").severity("CRITICAL").site("DC1").sku("SKU-7")
                .message("SKU-7 is out of stock at DC1").firingAt(T0);
        driver.alert(stockOut, T0);
        driver.advanceTo(T0 + 2 * HOUR);
        driver.alert(resolved(stockOut, T0 + 2 * HOUR + 1), T0 + 2 * HOUR + 1);
        driver.advanceTo(T0 + 3 * HOUR);

        List<OutgoingMessage> out = driver.sent.stream()
                .flatMap(s -> templates.render(s.notification(), driver.config.receiver(s.notification().receiver())).stream())
                .toList();
        assertThat(out).extracting(m -> m.receiver() + " " + m.channel() + " " + (m.subject() == null ? m.text() : m.subject()))
                .containsExactly(
                        "warehouse-oncall EMAIL [FIRING:1] STOCK_OUT site=DC1",
                        "warehouse-oncall SMS [FIRING:1] STOCK_OUT site=DC1: SKU-7 is out of stock at DC1",
                        "supply-planning EMAIL [FIRING:1] STOCK_OUT site=DC1",
                        // An hour later: the oncall's reminder (repeat_interval 1h), and the escalation.
                        "warehouse-oncall EMAIL [FIRING:1] STOCK_OUT site=DC1",
                        "warehouse-oncall SMS [FIRING:1] STOCK_OUT site=DC1: SKU-7 is out of stock at DC1",
                        "warehouse-manager EMAIL [ESCALATED] [FIRING:1] STOCK_OUT site=DC1",
                        "warehouse-manager SMS [ESCALATED] [FIRING:1] STOCK_OUT site=DC1: SKU-7 is out of stock at DC1",
                        "warehouse-oncall EMAIL [RESOLVED:1] STOCK_OUT site=DC1",
                        "warehouse-oncall SMS [RESOLVED:1] STOCK_OUT site=DC1: resolved: so-1",
                        "supply-planning EMAIL [RESOLVED:1] STOCK_OUT site=DC1");
        assertThat(driver.sentTo("warehouse-manager")).singleElement()
                .satisfies(s -> assertThat(s.at()).isEqualTo(T0 + 10 * SECOND + HOUR));
        assertThat(out).filteredOn(m -> m.channel() == Channel.EMAIL).extracting(OutgoingMessage::dedupKey)
                .doesNotHaveDuplicates();
        assertThat(driver.groups).as("every group done").isEmpty();
    }

    private static String shipped() {
        try {
            return Files.readString(Path.of("../rules/routing.yaml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
