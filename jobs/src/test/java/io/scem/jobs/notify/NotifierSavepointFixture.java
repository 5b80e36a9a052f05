package io.scem.jobs.notify;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.KafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * A savepoint of the notifier kept in the repository, {@code
 * jobs/src/test/resources/savepoints/notifier-VERSION/}: the production wiring ({@link
 * NotifierJobMain#build}, Kafka in and out, SMTP, an SMS gateway) stopped with a savepoint after
 * the alerts {@link #beforeSavepoint()} while the gateway was down. At the savepoint its state
 * holds a group still in its {@code group_wait} (SUPPLIER_LATE for buyers, 15 s), an SMS kept for
 * the gateway's return (STOCK_OUT for oncall), an open NOTIFICATION_FAILING episode, and groups
 * that have notified alerts still firing, one of which resolves after the restore. {@link
 * NotifierSavepointUpgradeTest} restores every fixture and feeds {@link #afterSavepoint()}; {@link
 * NotifierSavepointFixtureWriter} writes a new one.
 *
 * <p>The routing and the alerts below are what every fixture was taken with: changing them
 * orphans the fixtures. {@code repeat_interval} is ten years because a fixture is restored long
 * after it was written, and groups follow the wall clock: a shorter one would repeat, rightly,
 * what the fixture's job had sent.
 */
record NotifierSavepointFixture(String version, Path savepoint, List<String> alertsTopic, List<String> messagesBeforeSavepoint) {
    /** Where fixtures live, from the {@code jobs} module; the monitoring job's are there too, without the prefix. */
    static final Path DIRECTORY = Path.of("src/test/resources/savepoints");
    static final String PREFIX = "notifier-";
    /** Every record of the alerts topic when the savepoint was taken, in offset order (the notifier's own NOTIFICATION_FAILING among them). */
    static final String ALERTS_TOPIC_FILE = "alerts-topic-before-savepoint.jsonl";
    /** What recipients had received when the savepoint was taken, one {@link #delivered} line each. */
    static final String MESSAGES_FILE = "messages-before-savepoint.txt";
    static final String TOKEN = "sms-token-for-notifier-fixtures";

    static final String ROUTING = """
            receivers:
              - name: planning
                email: [planning@scem.example]
              - name: buyers
                email: [buyers@scem.example]
              - name: oncall
                email: [oncall@scem.example]
                sms: ["+33600000001"]
              - name: ops
                email: [ops@scem.example]
            route:
              receiver: planning
              group_by: [rule, site]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 3650d
              routes:
                - match: { stage: notifier }
                  receiver: ops
                - match: { stage: supplier }
                  receiver: buyers
                  group_by: [rule, supplierId]
                  group_wait: 15s
                - match: { severity: CRITICAL }
                  receiver: oncall
            """;

    /** A low stock that resolves after the restore, a stock-out to text (while the gateway is down), a late supplier whose group waits. */
    static List<Alert> beforeSavepoint() {
        return List.of(
                NotifierFixture.alert("nf-1", "LOW_STOCK", Alert.FIRING, "WARNING", "DC1|SKU-1", null),
                NotifierFixture.alert("nf-2", "STOCK_OUT", Alert.FIRING, "CRITICAL", "DC1|SKU-2", null),
                NotifierFixture.alert("nf-3", "SUPPLIER_LATE", Alert.FIRING, "WARNING", "PO-1", "SUP-1"));
    }

    /** The low stock resolves; a new one at another site opens a new group. */
    static List<Alert> afterSavepoint() {
        Alert elsewhere = NotifierFixture.alert("nf-4", "LOW_STOCK", Alert.FIRING, "WARNING", "DC2|SKU-3", null);
        elsewhere.site = "DC2";
        return List.of(NotifierFixture.alert("nf-1", "LOW_STOCK", Alert.RESOLVED, "WARNING", "DC1|SKU-1", null), elsewhere);
    }

    static List<String> json(List<Alert> alerts) {
        return alerts.stream().map(AlertJson::write).toList();
    }

    /** The notifier's settings for this broker, SMTP server and gateway, with {@link #ROUTING}. */
    static NotifierJobSettings settings(Path dir, KafkaBroker kafka, GreenMailExtension smtp, TwilioStub twilio) throws Exception {
        Files.createDirectories(dir);
        NotifierJobSettings settings = NotifierFixture.settings(dir, kafka, smtp, twilio, TOKEN);
        Files.writeString(Path.of(settings.routingFile()), ROUTING, StandardCharsets.UTF_8);
        return settings;
    }

    static void awaitRunning(JobClient job) throws InterruptedException {
        await().atMost(Duration.ofSeconds(30)).until(() -> job.getJobStatus().get() == JobStatus.RUNNING);
        Thread.sleep(2000); // the source has its partition
    }

    /**
     * Until what the fixture's job had done at its savepoint is done: the emails of the groups
     * before it, and NOTIFICATION_FAILING for the SMS channel (so the STOCK_OUT SMS is kept).
     */
    static void awaitTheStateOfTheSavepoint(GreenMailExtension smtp) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<String> emails = emails(smtp);
            return emails.stream().anyMatch(m -> m.startsWith("email planning@") && m.contains("LOW_STOCK"))
                    && emails.stream().anyMatch(m -> m.startsWith("email oncall@") && m.contains("STOCK_OUT"))
                    && emails.stream().anyMatch(m -> m.startsWith("email ops@") && m.contains("[FIRING:1] NOTIFICATION_FAILING"));
        });
    }

    /** An SMS gateway that is down (HTTP 500) until {@link #up()}, and remembers what it accepted. */
    static final class Gateway {
        final List<String> accepted = new CopyOnWriteArrayList<>();
        private final TwilioStub twilio;

        Gateway(TwilioStub twilio) {
            this.twilio = twilio;
        }

        Gateway down() {
            twilio.answering(request -> TwilioStub.error(500, 20500, "Internal Server Error"));
            return this;
        }

        Gateway up() {
            twilio.answering(request -> {
                accepted.add("sms " + request.form().get("To") + " " + request.form().get("Body"));
                return twilio.created();
            });
            return this;
        }
    }

    /** What recipients received: {@code email TO SUBJECT} per email, then {@code sms TO BODY} per accepted SMS. */
    static List<String> delivered(GreenMailExtension smtp, Gateway gateway) {
        List<String> all = new ArrayList<>(emails(smtp));
        all.addAll(gateway.accepted);
        return all;
    }

    static List<String> emails(GreenMailExtension smtp) {
        return Arrays.stream(smtp.getReceivedMessages())
                .map(m -> "email " + NotifierFixture.recipient(m) + " " + NotifierFixture.subject(m)).toList();
    }

    /** Every notifier fixture in {@link #DIRECTORY}, oldest version first. */
    static List<NotifierSavepointFixture> all() throws IOException {
        try (Stream<Path> versions = Files.list(DIRECTORY)) {
            return versions.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith(PREFIX))
                    .sorted().map(NotifierSavepointFixture::read).toList();
        }
    }

    private static NotifierSavepointFixture read(Path versionDirectory) {
        try (Stream<Path> files = Files.list(versionDirectory)) {
            Path savepoint = files.filter(p -> p.getFileName().toString().startsWith("savepoint-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no savepoint-* directory in " + versionDirectory));
            return new NotifierSavepointFixture(versionDirectory.getFileName().toString().substring(PREFIX.length()),
                    savepoint.toAbsolutePath(), Files.readAllLines(versionDirectory.resolve(ALERTS_TOPIC_FILE)),
                    Files.readAllLines(versionDirectory.resolve(MESSAGES_FILE)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the notifier fixture " + versionDirectory, e);
        }
    }

    static void produce(KafkaBroker kafka, List<String> alerts) throws Exception {
        kafka.produce(Topics.ALERTS, alerts);
    }
}
