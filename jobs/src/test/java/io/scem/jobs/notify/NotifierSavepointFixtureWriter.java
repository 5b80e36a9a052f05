package io.scem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes a {@link NotifierSavepointFixture} for the current code, not a test (it runs only when asked):
 *
 * <pre>
 * mvn -B -pl core,jobs -am test -Dtest=NotifierSavepointFixtureWriter -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dscem.notifier-savepoint-fixture=0.2.0
 * </pre>
 *
 * writes {@code jobs/src/test/resources/savepoints/notifier-0.2.0/} (refusing to overwrite it): the
 * notifier reads the fixture's first alerts from a Kafka broker while the SMS gateway is down,
 * and once the groups that were due have notified and the SMS channel is failing (its SMS kept),
 * it stops with a savepoint, the late supplier's group still in its group_wait. The alerts topic
 * as it then was (the restored job's source knows its records by offset) and what recipients had
 * received go next to the savepoint.
 */
@EnabledIfSystemProperty(named = "scem.notifier-savepoint-fixture", matches = "[0-9A-Za-z.-]+")
class NotifierSavepointFixtureWriter {
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
    void writeTheFixtureOfThisVersion() throws Exception {
        Path target = NotifierSavepointFixture.DIRECTORY.resolve(
                NotifierSavepointFixture.PREFIX + System.getProperty("scem.notifier-savepoint-fixture"));
        assertThat(target).as("a fixture is never rewritten: restoring it is the point").doesNotExist();
        try (TwilioStub twilio = new TwilioStub(NotifierSavepointFixture.TOKEN)) {
            NotifierSavepointFixture.Gateway gateway = new NotifierSavepointFixture.Gateway(twilio).down();
            KAFKA.createTopics(1, Topics.ALERTS, Topics.NOTIFICATIONS);
            NotifierJobSettings settings = NotifierSavepointFixture.settings(dir, KAFKA, SMTP, twilio);
            JobClient job = NotifierFixture.start(settings, null);
            NotifierSavepointFixture.awaitRunning(job);
            long fed = System.currentTimeMillis();
            NotifierSavepointFixture.produce(KAFKA, NotifierSavepointFixture.json(NotifierSavepointFixture.beforeSavepoint()));
            NotifierSavepointFixture.awaitTheStateOfTheSavepoint(SMTP);

            Files.createDirectories(target);
            String savepoint = job.stopWithSavepoint(false, target.toAbsolutePath().toUri().toString(),
                    SavepointFormatType.CANONICAL).get();
            assertThat(System.currentTimeMillis() - fed).as("taken within the buyers' group_wait").isLessThan(12_000);
            List<String> messages = NotifierSavepointFixture.delivered(SMTP, gateway);
            assertThat(messages).as("the buyers' group still waited").noneMatch(m -> m.startsWith("email buyers@"));
            assertThat(gateway.accepted).as("the STOCK_OUT SMS was kept, not sent").isEmpty();
            List<String> alertsTopic = KAFKA.consumeUntilQuiet(Topics.ALERTS, false, Duration.ofSeconds(2), Duration.ofSeconds(20));
            Files.write(target.resolve(NotifierSavepointFixture.ALERTS_TOPIC_FILE), alertsTopic, StandardCharsets.UTF_8);
            Files.write(target.resolve(NotifierSavepointFixture.MESSAGES_FILE), messages, StandardCharsets.UTF_8);
            System.out.printf("notifier savepoint fixture: %s, %d alerts on the topic, %d messages before it%n",
                    savepoint, alertsTopic.size(), messages.size());
        }
    }
}
