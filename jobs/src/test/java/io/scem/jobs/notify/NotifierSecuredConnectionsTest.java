package io.scem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.InfluxServer;
import io.scem.jobs.testing.KafkaBroker;
import io.scem.jobs.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier with every secret it can have, each from a file as {@code notify.properties}
 * names it: the Kafka login ({@code kafka.client.sasl.jaas.config}) to a broker that takes only
 * SASL_PLAINTEXT/PLAIN logins, the SMTP password to a server that requires it, the SMS token to a
 * gateway that checks it, the InfluxDB password to a server with authentication on. The alert is
 * read, emailed, texted, logged to {@code scem.notifications} and counted in InfluxDB, the
 * notification log is read back at start without a complaint, and no secret (nor the base64 forms
 * SMTP AUTH and HTTP Basic send) appears in anything logged (SCEM at every level, Flink and Kafka
 * at DEBUG, the mail and HTTP libraries' traces) or in the settings' toString.
 */
class NotifierSecuredConnectionsTest {
    private static final String SMTP_PASSWORD = "Smtp-Pa55-0f-the-test";
    private static final String SMS_TOKEN = "Sms-T0ken-0f-the-test";
    private static final String INFLUX_USER = "scem-admin";
    private static final String INFLUX_PASSWORD = "Influx-Pa55-0f-the-notifier";
    private static final String DATABASE = "notifier_secured";

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = KafkaBroker.saslPlain();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = Flink.miniCluster();

    @RegisterExtension
    @Order(3)
    static final InfluxServer INFLUX = InfluxServer.localWithAuthentication(INFLUX_USER, INFLUX_PASSWORD);

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@scem.example", "alerts", SMTP_PASSWORD));

    @TempDir
    Path dir;

    @AfterAll
    static void dropDatabase() {
        INFLUX.dropDatabase(DATABASE);
    }

    @Test
    void shouldNotifyThroughAuthenticatedConnectionsWithoutShowingASecret() throws Exception {
        KAFKA.createTopics(1, Topics.ALERTS, Topics.NOTIFICATIONS);
        Path kafkaLogin = secretFile("kafka-login", KafkaBroker.plainLogin(KafkaBroker.SASL_USER, KafkaBroker.SASL_USER_PASSWORD));
        List<String> seen = new ArrayList<>();
        try (TwilioStub twilio = new TwilioStub(SMS_TOKEN)) {
            NotifierJobSettings settings = NotifierFixture.settings(dir, KAFKA, SMTP, twilio, SMS_TOKEN,
                    "kafka.client.security.protocol = SASL_PLAINTEXT",
                    "kafka.client.sasl.mechanism = PLAIN",
                    "kafka.client.sasl.jaas.config = file:" + kafkaLogin,
                    "smtp.user = alerts",
                    "smtp.password = file:" + secretFile("smtp-password", SMTP_PASSWORD),
                    "influx.url = " + INFLUX.url(),
                    "influx.database = " + DATABASE,
                    "influx.username = " + INFLUX_USER,
                    "influx.password = file:" + secretFile("influx-password", INFLUX_PASSWORD));
            List<NotificationAttempt> log;
            try (LogCapture logs = new LogCapture(Level.DEBUG)) {
                JobClient job = NotifierFixture.start(settings, null);
                try {
                    KAFKA.produce(Topics.ALERTS, List.of(
                            AlertJson.write(NotifierFixture.alert("a1", "STOCK_OUT", Alert.FIRING, "CRITICAL", "DC1|SKU-1", null))));
                    await().atMost(Duration.ofSeconds(60)).until(() -> SMTP.getReceivedMessages().length >= 1 && !twilio.requests().isEmpty());
                    await().atMost(Duration.ofSeconds(30)).until(() -> sentPoints() >= 2);
                    log = NotifierFixture.log(KAFKA);
                } finally {
                    job.cancel().get();
                }
                // GreenMail, the mail server of the test, traces what clients send it, AUTH included: a
                // server's log, not the notifier's.
                seen.add(logs.log4j().lines().filter(line -> !line.matches("\\w+ com\\.icegreen\\..*"))
                        .collect(Collectors.joining("\n")));
                seen.add(logs.libraries());
                seen.add(settings.toString());
            }

            assertThat(log).filteredOn(e -> e.status.equals("SENT")).extracting(e -> e.channel + " " + e.receiver)
                    .containsExactlyInAnyOrder("EMAIL oncall", "SMS oncall");
            assertThat(seen.get(0)).as("Kafka's client configurations were captured")
                    .contains("security.protocol = SASL_PLAINTEXT", "sasl.jaas.config = [hidden]")
                    .as("the notification log was read back at start").doesNotContain("Cannot read the notification log");
            assertThat(seen.get(1)).as("the SMTP protocol trace was captured").contains("AUTH");
            assertThat(seen.get(2)).contains("sasl.jaas.config=***", "password=***", "authToken=***");
        }
        String[] forbidden = {KafkaBroker.SASL_USER_PASSWORD, SMTP_PASSWORD, SMS_TOKEN, INFLUX_PASSWORD,
            base64("\0alerts\0" + SMTP_PASSWORD), base64(SMTP_PASSWORD), base64(TwilioStub.ACCOUNT + ":" + SMS_TOKEN),
            base64(INFLUX_USER + ":" + INFLUX_PASSWORD)};
        for (String text : seen) {
            assertThat(text).doesNotContain(forbidden);
        }
    }

    private Path secretFile(String name, String secret) throws Exception {
        return Files.writeString(dir.resolve(name), secret + "\n", StandardCharsets.UTF_8);
    }

    /** NaN until the first point is there. */
    private static double sentPoints() {
        return INFLUX.scalar(DATABASE, "SELECT sum(\"count\") FROM \"scem_notifications\" WHERE \"status\" = 'SENT'");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
