package io.scem.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.jobs.kafka.KafkaConnection;
import io.scem.jobs.kafka.TopicScan;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.notify.NotificationAttempt;
import io.scem.jobs.notify.NotifierFixture;
import io.scem.jobs.notify.TwilioStub;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier job deployed from the shaded jar on the session cluster (RocksDB state), with its
 * SMTP server and its SMS gateway both down when a CRITICAL alert comes: it keeps the email and
 * the SMS, raises NOTIFICATION_FAILING for each channel, survives the loss of its TaskManager
 * (SIGKILL) while they are kept, and once both servers are back delivers each exactly once and
 * resolves NOTIFICATION_FAILING. The servers are real ones in this JVM (GreenMail's SMTP, a
 * Twilio-compatible HTTP stub); the broker runs in its own JVM.
 */
class NotifierClusterIT {
    private static final int KAFKA_PORT = 19492;
    private static final int FLINK_REST_PORT = 18481;
    private static final int FLINK_RPC_PORT = 16523;
    private static final String ENTRY_CLASS = "io.scem.jobs.notify.NotifierJobMain";
    private static final String SMS_TOKEN = "sms-token-for-the-cluster-test";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALERT_ID = "cluster-stock-out-1";

    @TempDir
    static Path work;

    private static FlinkSessionCluster flink;
    private static String jarId;

    @BeforeAll
    static void startCluster() throws Exception {
        flink = FlinkSessionCluster.start(FLINK_REST_PORT, FLINK_RPC_PORT, "rocksdb",
                CiScript.repositoryRoot().resolve("jobs/target/cluster-logs-notifier"));
        jarId = flink.uploadJar(ClusterFaultIT.jobJar());
    }

    @AfterAll
    static void stopCluster() {
        if (flink != null) flink.close();
    }

    @Test
    void messagesKeptWhileSmtpAndGatewayAreDownSurviveATaskManagerKillAndGoOutOnceAfter() throws Exception {
        int smtpPort = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        try (KafkaProcess kafka = KafkaProcess.start(KAFKA_PORT);
                TwilioStub gateway = new TwilioStub(SMS_TOKEN)) {
            gateway.answering(request -> TwilioStub.error(503, 20503, "Service Unavailable"));
            createTopics(kafka, Topics.ALERTS, Topics.NOTIFICATIONS);
            Path config = writeConfig(kafka, smtpPort, gateway);
            String job = flink.run(jarId, ENTRY_CLASS, List.of("--config", config.toString()), 2, null);
            try {
                flink.awaitRunning(job, TIMEOUT);
                produceAlert(kafka, NotifierFixture.alert(ALERT_ID, "STOCK_OUT", Alert.FIRING, "CRITICAL", "DC1|SKU-1", null));

                await("NOTIFICATION_FAILING for both channels").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                        .until(() -> failing(kafka, Alert.FIRING), keys -> keys.containsAll(List.of("EMAIL", "SMS")));
                assertThat(gateway.requests()).as("the gateway was tried before the message was kept").isNotEmpty();
                // The kept messages are in a completed checkpoint before the TaskManager dies.
                long checkpointsBefore = flink.completedCheckpoints(job);
                await("a checkpoint after the failure").atMost(TIMEOUT)
                        .until(() -> flink.completedCheckpoints(job) > checkpointsBefore + 1);

                flink.killTaskManager();
                flink.startTaskManager();
                flink.awaitRestoredAndRunning(job, TIMEOUT);

                smtp.start();
                List<String> acceptedSms = new CopyOnWriteArrayList<>();
                gateway.answering(request -> {
                    acceptedSms.add(request.form().getOrDefault("Body", ""));
                    return gateway.created();
                });
                await("the kept email and SMS sent").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                        .until(() -> sent(log(kafka), "EMAIL", ALERT_ID) >= 1 && sent(log(kafka), "SMS", ALERT_ID) >= 1);
                await("NOTIFICATION_FAILING resolved for both channels").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                        .until(() -> failing(kafka, Alert.RESOLVED), keys -> keys.containsAll(List.of("EMAIL", "SMS")));
                // Long enough for a repeat to show: several retry probes and checkpoints.
                Thread.sleep(5_000);

                List<NotificationAttempt> log = log(kafka);
                // The notifier also notifies of its own NOTIFICATION_FAILING alerts (CRITICAL): only
                // the STOCK_OUT's messages are counted.
                assertThat(sent(log, "EMAIL", ALERT_ID)).as("STOCK_OUT email sent once").isEqualTo(1);
                assertThat(sent(log, "SMS", ALERT_ID)).as("STOCK_OUT SMS sent once").isEqualTo(1);
                assertThat(Stream.of(smtp.getReceivedMessages()).filter(m -> subject(m).contains("STOCK_OUT")))
                        .as("STOCK_OUT emails the SMTP server received").hasSize(1);
                assertThat(acceptedSms.stream().filter(body -> body.contains("STOCK_OUT")))
                        .as("STOCK_OUT SMS the gateway accepted").hasSize(1);
                assertThat(flink.job(job).path("state").asText()).isEqualTo("RUNNING");
            } finally {
                flink.cancel(job);
                smtp.stop();
            }
        }
    }

    /** The notifier tests' configuration ({@link NotifierFixture}), with checkpoints in the test's directory and short timeouts. */
    private Path writeConfig(KafkaProcess kafka, int smtpPort, TwilioStub gateway) throws IOException {
        Path dir = Files.createDirectories(work.resolve("notifier-" + UUID.randomUUID()));
        return NotifierFixture.writeConfig(dir, kafka.bootstrap(), smtpPort, gateway, SMS_TOKEN,
                "job.checkpoint-dir = " + dir.resolve("checkpoints").toUri(),
                "smtp.timeout = 2s", "sms.timeout = 2s");
    }

    private static void createTopics(KafkaProcess kafka, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
            admin.createTopics(Stream.of(topics).map(t -> new NewTopic(t, 1, (short) 1)).toList()).all().get();
        }
    }

    private static void produceAlert(KafkaProcess kafka, Alert alert) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.ALERTS, alert.alertId, AlertJson.write(alert))).get();
        }
    }

    /** The channels (keys) of the NOTIFICATION_FAILING alerts with {@code status} on the alerts topic. */
    private static List<String> failing(KafkaProcess kafka, String status) throws TopicScan.Unreadable {
        return readAll(kafka, Topics.ALERTS).stream().map(AlertJson::read)
                .filter(a -> a.rule.equals("NOTIFICATION_FAILING") && a.status.equals(status))
                .map(a -> a.key).toList();
    }

    private static List<NotificationAttempt> log(KafkaProcess kafka) throws TopicScan.Unreadable {
        return readAll(kafka, Topics.NOTIFICATIONS).stream().map(json -> {
            try {
                return JSON.readValue(json, NotificationAttempt.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static long sent(List<NotificationAttempt> log, String channel, String alertId) {
        return log.stream().filter(e -> e.channel.equals(channel) && e.status.equals("SENT")
                && List.of(e.alertIds).contains(alertId)).count();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every committed record of {@code topic} so far. */
    private static List<String> readAll(KafkaProcess kafka, String topic) throws TopicScan.Unreadable {
        List<String> values = new ArrayList<>();
        TopicScan.readToEnd(KafkaConnection.plaintext(kafka.bootstrap()), "notifier-cluster-test", topic, TopicScan::all,
                TIMEOUT, record -> values.add(record.value()));
        return values;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
