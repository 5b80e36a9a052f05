package io.scem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.jobs.dashboards.GrafanaMacros;
import io.scem.jobs.dashboards.PanelsWithoutData;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.InfluxServer;
import io.scem.jobs.testing.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SMS gateway fails (HTTP 500) while a CRITICAL alert is to be texted: the notifier retries,
 * keeps the message, raises NOTIFICATION_FAILING on the alerts topic, and once the gateway answers
 * again delivers the SMS exactly once and resolves NOTIFICATION_FAILING, also when the job was
 * stopped and restored in between. The log shows it all.
 */
class NotifierFailureTest {
    private static final String TOKEN = "sms-token-for-failure-tests";

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = Flink.miniCluster();

    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.fromEnvOrLocal();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    @Test
    void shouldKeepAnSmsWhileTheGatewayFailsRaiseNotificationFailingAndDeliverItOnceAfter() throws Exception {
        try (TwilioStub twilio = new TwilioStub(TOKEN)) {
            twilio.answering(request -> TwilioStub.Response.of(500, "{\"code\":20500,\"message\":\"Internal Server Error\"}"));
            KAFKA.createTopics(1, Topics.ALERTS, Topics.NOTIFICATIONS);
            String db = "notifier_failure_" + System.nanoTime();
            NotifierJobSettings settings = NotifierFixture.settings(dir, KAFKA, SMTP, twilio, TOKEN,
                    "influx.url = " + INFLUX.url(), "influx.database = " + db);
            JobClient job = NotifierFixture.start(settings, null);
            try {
                KAFKA.produce(Topics.ALERTS, List.of(AlertJson.write(
                        NotifierFixture.alert("s1", "STOCK_OUT", Alert.FIRING, "CRITICAL", "DC1|SKU-1", null))));
                Alert failing = await().atMost(Duration.ofSeconds(60)).until(() -> NotifierFixture.notificationFailing(KAFKA, Alert.FIRING), a -> a != null);
                assertThat(failing.key).isEqualTo("SMS");
                assertThat(failing.message).contains("SMS notifications are failing");
                int triedWhileDown = twilio.requests().size();
                assertThat(triedWhileDown).as("retried before giving up for now").isGreaterThanOrEqualTo(3);

                // The job stops (with a savepoint) and comes back while the gateway is still down:
                // the kept SMS and the open NOTIFICATION_FAILING episode are in its state.
                String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                        SavepointFormatType.CANONICAL).get();
                job = NotifierFixture.start(settings, savepoint);
                Thread.sleep(3000);
                assertThat(NotifierFixture.notificationFailing(KAFKA, Alert.RESOLVED)).as("still failing after the restore").isNull();

                twilio.answering(request -> twilio.created());
                Alert recovered = await().atMost(Duration.ofSeconds(60))
                        .until(() -> NotifierFixture.notificationFailing(KAFKA, Alert.RESOLVED), a -> a != null);
                assertThat(recovered.alertId).as("one episode, across the restore").isEqualTo(failing.alertId);
                await().atMost(Duration.ofSeconds(30)).until(() -> sent(NotifierFixture.log(KAFKA), "s1") == 1);
                Thread.sleep(2000);
                List<NotificationAttempt> log = NotifierFixture.log(KAFKA);
                assertThat(sent(log, "s1")).as("the kept SMS went out exactly once").isEqualTo(1);
                assertThat(log).anySatisfy(e -> {
                    assertThat(e.status).isEqualTo("UNDELIVERED");
                    assertThat(e.channel).isEqualTo("SMS");
                });
                assertThat(SMTP.getReceivedMessages()).as("email was never down").isNotEmpty();
                // Every notification panel shows this outage, the failures stat included.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(PanelsWithoutData.of(INFLUX, db,
                        new GrafanaMacros.TimeRange(System.currentTimeMillis() - 3_600_000, System.currentTimeMillis() + 60_000),
                        Set.of("scem_notifications"))).isEmpty());
            } finally {
                job.cancel().get();
            }
        }
    }

    private static long sent(List<NotificationAttempt> log, String alertId) {
        return log.stream().filter(e -> e.channel.equals("SMS") && e.status.equals("SENT")
                && List.of(e.alertIds).contains(alertId)).count();
    }
}
