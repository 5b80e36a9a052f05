package io.scem.jobs.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.KafkaBroker;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/** The notifier as the tests run it: settings for a test broker, SMTP server and gateway; alerts; the log. */
public final class NotifierFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NotifierFixture() {}

    /** Receivers planning (default), buyers (supplier alerts) and oncall (CRITICAL, with SMS); 1 s group timing. */
    static NotifierJobSettings settings(Path dir, KafkaBroker kafka, GreenMailExtension smtp, TwilioStub twilio, String token,
            String... moreProperties) throws Exception {
        return NotifierJobSettings.load(writeConfig(dir, kafka.bootstrapServers(), smtp.getSmtp().getPort(), twilio, token,
                moreProperties));
    }

    /**
     * Writes the notifier's {@code notify.properties} (and its routing file and SMS token) into
     * {@code dir}, for a broker at {@code bootstrap} and an SMTP server on {@code smtpPort}; returns
     * its path. The cluster tests hand it to the notifier they deploy.
     */
    public static Path writeConfig(Path dir, String bootstrap, int smtpPort, TwilioStub twilio, String token,
            String... moreProperties) throws IOException {
        Path routing = dir.resolve("routing.yaml");
        Files.writeString(routing, """
                receivers:
                  - name: planning
                    email: [planning@scem.example]
                  - name: buyers
                    email: [buyers@scem.example]
                  - name: oncall
                    email: [oncall@scem.example]
                    sms: ["+33600000001"]
                route:
                  receiver: planning
                  group_by: [rule, site]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                  routes:
                    - match: { stage: supplier }
                      receiver: buyers
                      group_by: [rule, supplierId]
                    - match: { severity: CRITICAL }
                      receiver: oncall
                """, StandardCharsets.UTF_8);
        Path tokenFile = dir.resolve("sms-token");
        Files.writeString(tokenFile, token);
        Path config = dir.resolve("notify.properties");
        Files.writeString(config, String.join("\n",
                "kafka.bootstrap = " + bootstrap,
                "kafka.group-id = notifier-test",
                "routing.file = " + routing,
                "silences.file = " + dir.resolve("silences.jsonl"),
                "job.checkpoint-interval = 500ms",
                "smtp.host = 127.0.0.1",
                "smtp.port = " + smtpPort,
                "smtp.starttls = false",
                "smtp.from = alerts@scem.example",
                "sms.base-url = " + twilio.baseUrl(),
                "sms.account-sid = " + TwilioStub.ACCOUNT,
                "sms.auth-token = file:" + tokenFile,
                "sms.from = +15005550006",
                "notify.max-attempts = 3",
                "notify.backoff-base = 100ms",
                "notify.backoff-max = 500ms",
                "notify.probe-interval = 1s",
                String.join("\n", moreProperties)), StandardCharsets.UTF_8);
        return config;
    }

    static JobClient start(NotifierJobSettings settings, String savepoint) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        NotifierJobMain.build(env, settings);
        StreamGraph graph = env.getStreamGraph();
        if (savepoint != null) graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        return env.executeAsync(graph);
    }

    /** The notification log as written to {@link Topics#NOTIFICATIONS} so far. */
    static List<NotificationAttempt> log(KafkaBroker kafka) {
        return kafka.consumeUntilQuiet(Topics.NOTIFICATIONS, false, Duration.ofSeconds(2), Duration.ofSeconds(20)).stream()
                .map(json -> {
                    try {
                        return JSON.readValue(json, NotificationAttempt.class);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
    }

    public static Alert alert(String id, String rule, String status, String severity, String key, String supplierId) {
        Alert a = new Alert();
        a.alertId = id;
        a.rule = rule;
        a.status = status;
        a.severity = severity;
        a.stage = supplierId != null ? "supplier" : "warehouse";
        a.key = key;
        a.supplierId = supplierId;
        a.site = "DC1";
        if (supplierId != null) a.poId = key;
        a.at = 1_767_600_000_000L;
        a.detectedAt = a.at;
        a.message = rule + " " + key;
        a.evidence = new String[] {"e-" + id};
        return a;
    }

    /** The subjects of the mails an SMTP server received, in order. */
    static List<String> subjects(MimeMessage[] received) {
        return Arrays.stream(received).map(NotifierFixture::subject).toList();
    }

    static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String recipient(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first NOTIFICATION_FAILING with {@code status} on the alerts topic, or null. */
    static Alert notificationFailing(KafkaBroker kafka, String status) {
        return kafka.consumeUntilQuiet(Topics.ALERTS, false, Duration.ofMillis(500), Duration.ofSeconds(5)).stream()
                .map(AlertJson::read)
                .filter(a -> a.rule.equals("NOTIFICATION_FAILING") && a.status.equals(status))
                .findFirst().orElse(null);
    }
}
