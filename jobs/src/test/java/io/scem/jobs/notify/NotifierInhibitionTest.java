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
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inhibition in the running notifier (parallelism 2: the source alerts reach every group through
 * broadcast state): an open LINE_DOWN at DC1 keeps DC1's other production alerts out of the
 * notifications, not DC2's.
 */
class NotifierInhibitionTest {
    private static final String TOKEN = "sms-token-for-inhibition-tests";

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
    void shouldKeepTheAlertsALineDownExplainsOutOfNotifications() throws Exception {
        try (TwilioStub twilio = new TwilioStub(TOKEN)) {
            KAFKA.createTopics(1, Topics.ALERTS, Topics.NOTIFICATIONS);
            NotifierJobSettings settings = NotifierFixture.settings(dir, KAFKA, SMTP, twilio, TOKEN);
            Files.writeString(Path.of(settings.routingFile()), """
                    receivers:
                      - name: plant
                        email: [plant@scem.example]
                    route:
                      receiver: plant
                      group_by: [rule, site]
                      group_wait: 2s
                      group_interval: 1s
                      repeat_interval: 1h
                    inhibit_rules:
                      - source_match: { rule: LINE_DOWN }
                        target_match: { stage: production }
                        target_match_not: { rule: LINE_DOWN }
                        equal: [site]
                    """);
            JobClient job = NotifierFixture.start(settings, null);
            try {
                KAFKA.produce(Topics.ALERTS, List.of(
                        AlertJson.write(production("d1", "LINE_DOWN", "DC1|L1", "DC1")),
                        AlertJson.write(production("w1", "PRODUCTION_LATE", "WO-1", "DC1")),
                        AlertJson.write(production("w2", "PRODUCTION_LATE", "WO-2", "DC2"))));
                await().atMost(Duration.ofSeconds(60)).until(() -> NotifierFixture.subjects(SMTP.getReceivedMessages()).size() >= 2);
                Thread.sleep(3000);
                assertThat(NotifierFixture.subjects(SMTP.getReceivedMessages())).containsExactlyInAnyOrder(
                        "[FIRING:1] LINE_DOWN site=DC1", "[FIRING:1] PRODUCTION_LATE site=DC2");
            } finally {
                job.cancel().get();
            }
        }
    }

    private static Alert production(String id, String rule, String key, String site) {
        Alert a = NotifierFixture.alert(id, rule, Alert.FIRING, "MAJOR", key, null);
        a.stage = "production";
        a.site = site;
        return a;
    }
}
