package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writes a {@link SavepointFixture} for the current code, not a test (it runs only when asked):
 *
 * <pre>
 * mvn -B -pl core,jobs -am test -Dtest=SavepointFixtureWriter -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dscem.savepoint-fixture=0.2.0
 * </pre>
 *
 * writes {@code jobs/src/test/resources/savepoints/0.2.0/} (refusing to overwrite it): the job runs
 * the first part of the fixture's history from a Kafka broker, and once it has committed all of
 * it and a few checkpoints passed without output (so that the savepoint holds no open Kafka
 * transaction, which a restore on another broker could not commit), it stops with a savepoint.
 */
@EnabledIfSystemProperty(named = "scem.savepoint-fixture", matches = "[0-9A-Za-z.-]+")
class SavepointFixtureWriter {
    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = Flink.miniCluster();

    @Test
    void writeTheFixtureOfThisVersion() throws Exception {
        Path target = SavepointFixture.DIRECTORY.resolve(System.getProperty("scem.savepoint-fixture"));
        assertThat(target).as("a fixture is never rewritten: restoring it is the point").doesNotExist();
        MonitoringJobEndToEndTest.createTopics(KAFKA);
        RestoreMachinery.produce(KAFKA, SavepointFixture.beforeSavepoint(SavepointFixture.history()));

        JobClient job = MonitoringJobEndToEndTest.start(KAFKA, SavepointFixture.GROUP, null);
        RestoreMachinery.awaitAllInputCommitted(KAFKA, SavepointFixture.GROUP, job);
        Thread.sleep(4 * MonitoringJobEndToEndTest.SETTINGS.checkpointInterval().toMillis());
        Files.createDirectories(target);
        String savepoint = job.stopWithSavepoint(false, target.toAbsolutePath().toUri().toString(),
                SavepointFormatType.CANONICAL).get();
        List<String> alerts = RestoreMachinery.committedAlerts(KAFKA).stream().map(MonitoringJobEndToEndTest::describe).toList();
        Files.write(target.resolve(SavepointFixture.ALERTS_FILE), alerts, StandardCharsets.UTF_8);
        System.out.printf("savepoint fixture: %s, %d alerts before it%n", savepoint, alerts.size());
    }
}
