package io.scem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore from state taken mid-group, after a crash: the state predates a notification that was
 * sent, and an alert that arrived after it had not been notified yet. The restored job must not
 * send the first again (the notification log says it went) and must send the second (its alert is
 * read again from Kafka): no duplicate, no loss.
 */
class NotifierRestoreTest {
    private static final String TOKEN = "sms-token-for-restore-tests";

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
    void shouldNeitherRepeatNorLoseANotificationAfterARestoreFromBeforeItWasSent() throws Exception {
        try (TwilioStub twilio = new TwilioStub(TOKEN)) {
            KAFKA.createTopics(1, Topics.ALERTS, Topics.NOTIFICATIONS);
            NotifierJobSettings settings = NotifierFixture.settings(dir, KAFKA, SMTP, twilio, TOKEN);
            // group_wait 5 s (15 s for STOCK_OUT) leaves time to take the state before a group notifies.
            Files.writeString(Path.of(settings.routingFile()), """
                    receivers:
                      - name: planning
                        email: [planning@scem.example]
                    route:
                      receiver: planning
                      group_by: [rule]
                      group_wait: 5s
                      group_interval: 1s
                      repeat_interval: 1h
                      routes:
                        - match: { rule: STOCK_OUT }
                          group_wait: 15s
                    """);

            JobClient crashed = NotifierFixture.start(settings, null);
            await().atMost(Duration.ofSeconds(30)).until(() -> crashed.getJobStatus().get() == JobStatus.RUNNING);
            Thread.sleep(2000); // the source has its partition
            KAFKA.produce(Topics.ALERTS, List.of(AlertJson.write(
                    NotifierFixture.alert("m1", "LOW_STOCK", Alert.FIRING, "MINOR", "DC1|SKU-1", null))));
            Thread.sleep(1500); // m1 is in its group, its notification due in ~3.5 s; m2's will be ~15 s after it comes
            String state = crashed.triggerSavepoint(dir.resolve("state").toUri().toString(), SavepointFormatType.CANONICAL).get();
            KAFKA.produce(Topics.ALERTS, List.of(AlertJson.write(
                    NotifierFixture.alert("m2", "STOCK_OUT", Alert.FIRING, "CRITICAL", "DC1|SKU-2", null))));
            await().atMost(Duration.ofSeconds(30)).until(() -> NotifierFixture.subjects(SMTP.getReceivedMessages()).stream().anyMatch(s -> s.contains("LOW_STOCK")));
            // A crash after the log entry of m1's email reached Kafka (a crash between a send and its
            // log entry, a fraction of a second, can still repeat it: SMTP has no transactions).
            await().atMost(Duration.ofSeconds(10)).until(() -> NotifierFixture.log(KAFKA).stream()
                    .anyMatch(e -> e.status.equals("SENT") && List.of(e.alertIds).contains("m1")));
            assertThat(NotifierFixture.subjects(SMTP.getReceivedMessages())).as("m2's group still waits").noneMatch(s -> s.contains("STOCK_OUT"));
            crashed.cancel().get();

            JobClient restored = NotifierFixture.start(settings, state);
            try {
                await().atMost(Duration.ofSeconds(45)).until(() -> NotifierFixture.subjects(SMTP.getReceivedMessages()).stream().anyMatch(s -> s.contains("STOCK_OUT")));
                Thread.sleep(3000); // long enough for a repeat of m1's email to show up, were there one
            } finally {
                restored.cancel().get();
            }
            assertThat(NotifierFixture.subjects(SMTP.getReceivedMessages())).as("m1 once, and m2, which the crash had kept from going, once")
                    .containsExactlyInAnyOrder("[FIRING:1] LOW_STOCK", "[FIRING:1] STOCK_OUT");
            assertThat(NotifierFixture.log(KAFKA)).as("the restored group tried m1's email again; the log stopped it")
                    .anySatisfy(e -> {
                        assertThat(e.alertIds).containsExactly("m1");
                        assertThat(e.status).isEqualTo("ALREADY_SENT");
                    });
        }
    }
}
