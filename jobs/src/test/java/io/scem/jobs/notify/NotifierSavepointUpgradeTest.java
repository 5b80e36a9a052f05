package io.scem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.KafkaBroker;
import io.scem.jobs.testing.Savepoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier's upgrade path: every savepoint an earlier version left ({@link
 * NotifierSavepointFixture}, {@code jobs/src/test/resources/savepoints/notifier-VERSION/})
 * restores in this code with nothing dropped ({@code allowNonRestoredState} off), on a new broker
 * holding the alerts topic as it was at the savepoint and then the rest of the alerts, with the
 * SMS gateway back. What recipients receive before the savepoint and after the restore is what
 * they receive in a run without a savepoint (the same alerts, the gateway down for the first ones
 * and up for the others): each message once, none lost, none repeated. The state held at the
 * savepoint is delivered after the restore: the group in its group_wait, the kept SMS, the
 * RESOLVED of an alert notified before, the end of the NOTIFICATION_FAILING episode.
 */
class NotifierSavepointUpgradeTest {
    @RegisterExtension
    @Order(1)
    static final KafkaBroker CLEAN_KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = Flink.miniCluster();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    /** Long enough for a repeated message to show up, were there one. */
    private static final Duration SURPLUS = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void shouldRestoreEveryNotifierFixtureToWhatRecipientsReceiveInACleanRun() throws Exception {
        List<NotifierSavepointFixture> fixtures = NotifierSavepointFixture.all();
        assertThat(fixtures).as("notifier fixtures in " + NotifierSavepointFixture.DIRECTORY.toAbsolutePath()).isNotEmpty();

        List<String> clean = cleanRun();
        assertThat(clean).as("a run without a savepoint").containsExactlyInAnyOrder(
                "email planning@scem.example [FIRING:1] LOW_STOCK site=DC1",
                "email oncall@scem.example [FIRING:1] STOCK_OUT site=DC1",
                "email ops@scem.example [FIRING:1] NOTIFICATION_FAILING",
                "email buyers@scem.example [FIRING:1] SUPPLIER_LATE supplierId=SUP-1",
                "email planning@scem.example [RESOLVED:1] LOW_STOCK site=DC1",
                "email planning@scem.example [FIRING:1] LOW_STOCK site=DC2",
                "email ops@scem.example [RESOLVED:1] NOTIFICATION_FAILING",
                "sms +33600000001 [FIRING:1] STOCK_OUT site=DC1: STOCK_OUT DC1|SKU-2");

        for (NotifierSavepointFixture fixture : fixtures) {
            String v = fixture.version() + ": ";
            List<String> before = fixture.messagesBeforeSavepoint();
            assertThat(before).as(v + "messages before the savepoint").isNotEmpty()
                    .noneMatch(m -> m.startsWith("email buyers@")).noneMatch(m -> m.startsWith("sms "));
            // Restored from a copy: a savepoint must not depend on where it was written (a clone, a new cluster).
            Path copy = Savepoints.copy(fixture.savepoint(), dir.resolve("copies").resolve(fixture.version()));
            List<String> after = restoreAndFinish(fixture, copy, clean.size() - before.size());

            List<String> union = new ArrayList<>(before);
            union.addAll(after);
            assertThat(union).as(v + "messages before the savepoint and after the restore: each once, none lost, none repeated")
                    .containsExactlyInAnyOrderElementsOf(clean);
            assertThat(after).as(v + "what the savepoint held, delivered after the restore")
                    .contains("email buyers@scem.example [FIRING:1] SUPPLIER_LATE supplierId=SUP-1") // the group in its group_wait
                    .contains("sms +33600000001 [FIRING:1] STOCK_OUT site=DC1: STOCK_OUT DC1|SKU-2") // the kept SMS
                    .contains("email planning@scem.example [RESOLVED:1] LOW_STOCK site=DC1") // notified before, resolved after
                    .contains("email ops@scem.example [RESOLVED:1] NOTIFICATION_FAILING"); // the episode open at the savepoint
        }
    }

    /** The fixture's alerts on a broker of their own, the gateway down for the first ones; no savepoint. */
    private List<String> cleanRun() throws Exception {
        SMTP.purgeEmailFromAllMailboxes();
        try (TwilioStub twilio = new TwilioStub(NotifierSavepointFixture.TOKEN)) {
            NotifierSavepointFixture.Gateway gateway = new NotifierSavepointFixture.Gateway(twilio).down();
            CLEAN_KAFKA.createTopics(1, Topics.ALERTS, Topics.NOTIFICATIONS);
            NotifierJobSettings settings = NotifierSavepointFixture.settings(dir.resolve("clean"), CLEAN_KAFKA, SMTP, twilio);
            JobClient job = NotifierFixture.start(settings, null);
            try {
                NotifierSavepointFixture.awaitRunning(job);
                NotifierSavepointFixture.produce(CLEAN_KAFKA, NotifierSavepointFixture.json(NotifierSavepointFixture.beforeSavepoint()));
                NotifierSavepointFixture.awaitTheStateOfTheSavepoint(SMTP);
                gateway.up();
                NotifierSavepointFixture.produce(CLEAN_KAFKA, NotifierSavepointFixture.json(NotifierSavepointFixture.afterSavepoint()));
                // The buyers' group waits 15 s: everything else is there long before it.
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> NotifierSavepointFixture.delivered(SMTP, gateway).stream().anyMatch(m -> m.startsWith("email buyers@")));
                Thread.sleep(SURPLUS.toMillis());
                return NotifierSavepointFixture.delivered(SMTP, gateway);
            } finally {
                job.cancel().get();
            }
        }
    }

    /**
     * What recipients receive from the fixture's job restored on a new broker (the alerts topic
     * as it was at the savepoint, then the rest of the alerts) with the gateway up: read once
     * {@code expected} messages are there, and {@link #SURPLUS} later.
     */
    private List<String> restoreAndFinish(NotifierSavepointFixture fixture, Path savepoint, int expected) throws Exception {
        SMTP.purgeEmailFromAllMailboxes();
        try (KafkaBroker kafka = new KafkaBroker().start(); TwilioStub twilio = new TwilioStub(NotifierSavepointFixture.TOKEN)) {
            NotifierSavepointFixture.Gateway gateway = new NotifierSavepointFixture.Gateway(twilio).up();
            kafka.createTopics(1, Topics.ALERTS, Topics.NOTIFICATIONS);
            NotifierSavepointFixture.produce(kafka, fixture.alertsTopic());
            NotifierSavepointFixture.produce(kafka, NotifierSavepointFixture.json(NotifierSavepointFixture.afterSavepoint()));
            NotifierJobSettings settings = NotifierSavepointFixture.settings(dir.resolve("restored-" + fixture.version()), kafka, SMTP, twilio);
            JobClient job = NotifierFixture.start(settings, savepoint.toUri().toString());
            try {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> NotifierSavepointFixture.delivered(SMTP, gateway).size() >= expected);
                Thread.sleep(SURPLUS.toMillis());
                return NotifierSavepointFixture.delivered(SMTP, gateway);
            } finally {
                job.cancel().get();
            }
        }
    }
}
