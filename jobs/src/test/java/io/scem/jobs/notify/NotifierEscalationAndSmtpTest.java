package io.scem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.KafkaBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the running notifier: the SMTP server is down when a CRITICAL alert comes (the email is
 * kept, NOTIFICATION_FAILING fires), comes up (the email goes once, NOTIFICATION_FAILING resolves),
 * and the alert, still firing, is escalated to the next receiver after its escalate.after.
 */
class NotifierEscalationAndSmtpTest {
    private static final String TOKEN = "sms-token-for-smtp-tests";

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = Flink.miniCluster();

    @TempDir
    Path dir;

    @Test
    void shouldKeepEmailWhileSmtpIsDownDeliverItOnceWhenItIsBackAndEscalateAFiringCriticalAlert() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        KAFKA.createTopics(1, Topics.ALERTS, Topics.NOTIFICATIONS);
        Path routing = dir.resolve("routing.yaml");
        Files.writeString(routing, """
                receivers:
                  - name: oncall
                    email: [oncall@scem.example]
                    escalate: { after: 8s, to: manager }
                  - name: manager
                    email: [manager@scem.example]
                route:
                  receiver: oncall
                  group_by: [rule]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                """, StandardCharsets.UTF_8);
        Path token = dir.resolve("token");
        Files.writeString(token, TOKEN);
        Path config = dir.resolve("notify.properties");
        Files.writeString(config, String.join("\n",
                "kafka.bootstrap = " + KAFKA.bootstrapServers(),
                "routing.file = " + routing,
                "silences.file = " + dir.resolve("silences.jsonl"),
                "job.checkpoint-interval = 500ms",
                "smtp.host = 127.0.0.1",
                "smtp.port = " + port,
                "smtp.starttls = false",
                "smtp.from = alerts@scem.example",
                "smtp.timeout = 1s",
                "notify.max-attempts = 2",
                "notify.backoff-base = 100ms",
                "notify.backoff-max = 200ms",
                "notify.probe-interval = 1s"), StandardCharsets.UTF_8);

        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        JobClient job = NotifierFixture.start(NotifierJobSettings.load(config), null);
        try {
            KAFKA.produce(Topics.ALERTS, List.of(AlertJson.write(
                    NotifierFixture.alert("c1", "STOCK_OUT", Alert.FIRING, "CRITICAL", "DC1|SKU-1", null))));
            Alert failing = await().atMost(Duration.ofSeconds(60)).until(() -> NotifierFixture.notificationFailing(KAFKA, Alert.FIRING), a -> a != null);
            assertThat(failing.key).isEqualTo("EMAIL");

            smtp.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> NotifierFixture.notificationFailing(KAFKA, Alert.RESOLVED) != null);
            await().atMost(Duration.ofSeconds(30)).until(() -> NotifierFixture.subjects(smtp.getReceivedMessages()).stream().anyMatch(s -> s.startsWith("[ESCALATED]")));
            Thread.sleep(2000);
            List<String> toOncall = Arrays.stream(smtp.getReceivedMessages())
                    .filter(m -> NotifierFixture.recipient(m).equals("oncall@scem.example")).map(NotifierFixture::subject)
                    .filter(s -> s.contains("STOCK_OUT")).toList();
            assertThat(toOncall).as("the kept email, delivered once").containsExactly("[FIRING:1] STOCK_OUT");
            assertThat(Arrays.stream(smtp.getReceivedMessages()).filter(m -> NotifierFixture.recipient(m).equals("manager@scem.example"))
                    .map(NotifierFixture::subject))
                    .as("escalated once, to the next receiver").containsExactly("[ESCALATED] [FIRING:1] STOCK_OUT");
        } finally {
            job.cancel().get();
            smtp.stop();
        }
    }
}
