package io.scem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.jobs.dashboards.GrafanaMacros;
import io.scem.jobs.dashboards.PanelsWithoutData;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.InfluxServer;
import io.scem.jobs.testing.KafkaBroker;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier end to end, on real parts: alerts produced to a KRaft broker, the job on a Flink
 * MiniCluster, email to GreenMail's SMTP server, SMS to a local Twilio-compatible gateway. Checks
 * grouping (two alerts of one rule and supplier in one email), the resolved notification, SMS for
 * a CRITICAL alert, and that a stop with a savepoint and a restore send nothing twice.
 */
class NotifierJobTest {
    private static final String TOKEN = "sms-token-for-tests";

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = Flink.miniCluster();

    @RegisterExtension
    @Order(3)
    static final InfluxServer INFLUX = InfluxServer.fromEnvOrLocal();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    private TwilioStub twilio;

    @AfterEach
    void closeGateway() {
        if (twilio != null) twilio.close();
    }

    @Test
    void shouldGroupNotifyResolveAndSendNothingTwiceAcrossARestore() throws Exception {
        twilio = new TwilioStub(TOKEN);
        KAFKA.createTopics(1, Topics.ALERTS, Topics.NOTIFICATIONS);
        String db = "notifier_test_" + System.nanoTime();
        NotifierJobSettings settings = NotifierFixture.settings(dir, KAFKA, SMTP, twilio, TOKEN,
                "influx.url = " + INFLUX.url(), "influx.database = " + db);

        JobClient first = NotifierFixture.start(settings, null);
        KAFKA.produce(Topics.ALERTS, List.of(
                AlertJson.write(NotifierFixture.alert("a1", "SUPPLIER_LATE", Alert.FIRING, "MAJOR", "PO-1", "SUP-1")),
                AlertJson.write(NotifierFixture.alert("a2", "SUPPLIER_LATE", Alert.FIRING, "MAJOR", "PO-2", "SUP-1")),
                AlertJson.write(NotifierFixture.alert("a3", "STOCK_OUT", Alert.FIRING, "CRITICAL", "DC1|SKU-1", null))));

        await().atMost(Duration.ofSeconds(60)).until(() -> SMTP.getReceivedMessages().length >= 2 && !twilio.requests().isEmpty());
        MimeMessage supplierMail = mail("SUPPLIER_LATE");
        assertThat(supplierMail.getSubject()).contains("[FIRING:2]").contains("supplierId=SUP-1");
        assertThat(supplierMail.getAllRecipients()[0].toString()).isEqualTo("buyers@scem.example");
        assertThat(GreenMailUtil.getBody(supplierMail)).contains("PO-1").contains("PO-2");
        assertThat(twilio.requests()).singleElement().satisfies(sms -> {
            assertThat(sms.form().get("To")).isEqualTo("+33600000001");
            assertThat(sms.form().get("Body")).contains("STOCK_OUT");
        });

        // Stop with a savepoint once everything is sent, restore: the restored groups must not
        // notify again what the first run delivered.
        Thread.sleep(1500);
        String savepoint = first.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get();
        JobClient second = NotifierFixture.start(settings, savepoint);
        try {
            KAFKA.produce(Topics.ALERTS, List.of(
                    AlertJson.write(NotifierFixture.alert("a1", "SUPPLIER_LATE", Alert.RESOLVED, "MAJOR", "PO-1", "SUP-1")),
                    AlertJson.write(NotifierFixture.alert("a2", "SUPPLIER_LATE", Alert.RESOLVED, "MAJOR", "PO-2", "SUP-1"))));
            await().atMost(Duration.ofSeconds(60)).until(() -> SMTP.getReceivedMessages().length >= 3);
            Thread.sleep(3000); // long enough for a repeated notification to show up, were there one
            // Each outcome is a point of scem_notifications: 3 emails and 1 SMS sent, over both runs.
            await().atMost(Duration.ofSeconds(30)).until(() -> sentPoints(db).equals(Map.of("EMAIL", 3.0, "SMS", 1.0)));
            // The notification panels show them; nothing failed, so the failures stat alone is empty
            // (NotifierFailureTest has it show an outage).
            assertThat(PanelsWithoutData.of(INFLUX, db,
                    new GrafanaMacros.TimeRange(System.currentTimeMillis() - 3_600_000, System.currentTimeMillis() + 60_000),
                    Set.of("scem_notifications"))).singleElement().asString().contains("FAILED|DROPPED");
        } finally {
            second.cancel().get();
        }
        List<String> subjects = Arrays.stream(SMTP.getReceivedMessages()).map(NotifierFixture::subject).toList();
        List<NotificationAttempt> log = NotifierFixture.log(KAFKA);
        assertThat(log).filteredOn(e -> e.status.equals("SENT")).extracting(e -> e.channel + " " + e.receiver)
                .containsExactlyInAnyOrder("EMAIL buyers", "EMAIL oncall", "SMS oncall", "EMAIL buyers");
        assertThat(log).filteredOn(e -> e.status.equals("SENT")).extracting(e -> e.dedupKey).doesNotHaveDuplicates();
        assertThat(log).filteredOn(e -> e.receiver.equals("buyers")).allSatisfy(e ->
                assertThat(e.alertIds).containsExactlyInAnyOrder("a1", "a2"));
        assertThat(subjects).as("one mail per notification, none repeated").hasSize(3).doesNotHaveDuplicates();
        assertThat(subjects).anySatisfy(s -> assertThat(s).contains("[RESOLVED:2]").contains("SUPPLIER_LATE"));
        assertThat(twilio.requests()).as("the SMS was not sent again after the restore").hasSize(1);
    }


    private static Map<String, Double> sentPoints(String db) {
        var series = INFLUX.query(db, "SELECT sum(\"count\") FROM \"scem_notifications\" WHERE \"status\" = 'SENT' GROUP BY \"channel\"")
                .getResults().get(0).getSeries();
        Map<String, Double> sums = new TreeMap<>();
        if (series != null) series.forEach(s -> sums.put(s.getTags().get("channel"), ((Number) s.getValues().get(0).get(1)).doubleValue()));
        return sums;
    }

    private static MimeMessage mail(String rule) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> NotifierFixture.subject(m).contains(rule)).findFirst().orElseThrow();
    }

}
