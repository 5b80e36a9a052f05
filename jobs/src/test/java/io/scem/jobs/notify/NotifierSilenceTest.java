package io.scem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.core.notify.AlertField;
import io.scem.core.notify.Matcher;
import io.scem.core.notify.Silence;
import io.scem.core.notify.Silences;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silences in the running notifier: a silence (as {@code ./scem silence add} writes it) holds back
 * the notifications of the alerts it matches, not the others; expired while the job runs (the
 * file is re-read), the held-back alert is notified at the group's next wake.
 */
class NotifierSilenceTest {
    private static final String TOKEN = "sms-token-for-silence-tests";

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = Flink.miniCluster();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    @Test
    void shouldHoldBackSilencedAlertsUntilTheSilenceExpires() throws Exception {
        try (TwilioStub twilio = new TwilioStub(TOKEN)) {
            KAFKA.createTopics(1, Topics.ALERTS, Topics.NOTIFICATIONS);
            NotifierJobSettings settings = NotifierFixture.settings(dir, KAFKA, SMTP, twilio, TOKEN);
            Silences silences = Silences.open(Path.of(settings.silencesFile()));
            long now = System.currentTimeMillis();
            Silence silence = Silence.create(List.of(Matcher.equal(AlertField.byName("rule"), "LOW_STOCK")), now,
                    now + Duration.ofHours(2).toMillis(), "test", "count in progress at DC1");
            silences.add(silence);

            JobClient job = NotifierFixture.start(settings, null);
            try {
                KAFKA.produce(Topics.ALERTS, List.of(
                        AlertJson.write(NotifierFixture.alert("l1", "LOW_STOCK", Alert.FIRING, "MINOR", "DC1|SKU-1", null)),
                        AlertJson.write(NotifierFixture.alert("o1", "STOCK_OUT", Alert.FIRING, "MAJOR", "DC1|SKU-2", null))));
                await().atMost(Duration.ofSeconds(60)).until(() -> NotifierFixture.subjects(SMTP.getReceivedMessages()).stream().anyMatch(s -> s.contains("STOCK_OUT")));
                Thread.sleep(3000);
                assertThat(NotifierFixture.subjects(SMTP.getReceivedMessages())).as("LOW_STOCK is silenced").noneMatch(s -> s.contains("LOW_STOCK"));

                silences.expire(silence.id(), System.currentTimeMillis());
                await().atMost(Duration.ofSeconds(30)).until(() -> NotifierFixture.subjects(SMTP.getReceivedMessages()).stream().anyMatch(s -> s.contains("LOW_STOCK")));
                assertThat(NotifierFixture.subjects(SMTP.getReceivedMessages())).containsExactlyInAnyOrder("[FIRING:1] STOCK_OUT site=DC1", "[FIRING:1] LOW_STOCK site=DC1");
            } finally {
                job.cancel().get();
            }
        }
    }
}
