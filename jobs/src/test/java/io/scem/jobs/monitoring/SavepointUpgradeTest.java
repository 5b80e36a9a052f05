package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.alert.Correlation;
import io.scem.core.event.SupplyEvent;
import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.KafkaBroker;
import io.scem.jobs.testing.Savepoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade path: every savepoint fixture an earlier version left ({@link SavepointFixture},
 * {@code jobs/src/test/resources/savepoints/VERSION/}) restores in this code, with nothing
 * dropped ({@code allowNonRestoredState} off: every operator's state finds its operator by uid).
 * On a new broker the first part of the history is produced again (so every record has the offset
 * the savepoint's Kafka source knows it by), then the rest; the restored job reads the rest only.
 * The alerts from before the savepoint and after the restore are exactly those of a clean run over
 * the whole history (those after the restore with all they say, message and evidence, but see
 * {@link #WITHOUT_SET_BY}), and among them are deadlines armed before the savepoint that fire only
 * after the restore.
 */
class SavepointUpgradeTest {
    @RegisterExtension
    @Order(1)
    static final KafkaBroker CLEAN_KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = Flink.miniCluster();

    /**
     * Fixtures of versions whose facts did not record which event set a deadline ({@code
     * ...SetBy}, null once restored): a deadline they had armed and that this version re-arms from
     * a later fact names that fact's event, as those versions did. The savepoint holds no more.
     */
    private static final Set<String> WITHOUT_SET_BY = Set.of("0.1.0");

    /**
     * Fixtures of versions whose correlation groups kept no history of raises: their supplier and
     * carrier floods were judged by the threshold alone, before the savepoint, and the restored
     * groups' history starts at the restore, so until a week after it their root causes
     * (SUPPLIER_ISSUE, CARRIER_ISSUE) may differ from a clean run's. They are left out of the
     * comparisons; every other alert is compared as for any fixture.
     */
    private static final Set<String> WITHOUT_FLOOD_HISTORY = Set.of("0.1.0");

    @TempDir
    Path copies;

    @Test
    void shouldRestoreEverySavepointFixtureToTheAlertsOfACleanRun() throws Exception {
        List<SavepointFixture> fixtures = SavepointFixture.all();
        assertThat(fixtures).as("fixtures in " + SavepointFixture.DIRECTORY.toAbsolutePath()).isNotEmpty();
        List<SupplyEvent> history = SavepointFixture.history();
        long clockEventsAt = history.get(history.size() - 1).occurredAt + Duration.ofDays(1).toMillis();
        List<Alert> cleanAlerts = RestoreMachinery.cleanRun(CLEAN_KAFKA, SavepointFixture.GROUP, history, clockEventsAt);
        List<String> clean = cleanAlerts.stream().map(MonitoringJobEndToEndTest::describe).toList();
        assertThat(clean).filteredOn(RestoreMachinery::knownToTheOracle)
                .containsExactlyElementsOf(RestoreMachinery.expectedAlerts(history, clockEventsAt));

        for (SavepointFixture fixture : fixtures) {
            // Restored from a copy: a savepoint must not depend on where it was written (a clone, a new cluster).
            Path copy = Savepoints.copy(fixture.savepoint(), copies.resolve(fixture.version()));
            // The oracle's alerts that the fixture's job had not raised yet: the restored job's to raise.
            int expectedAfterRestore = RestoreMachinery.expectedAlerts(history, clockEventsAt).size()
                    - (int) fixture.alertsBeforeSavepoint().stream().filter(RestoreMachinery::knownToTheOracle).count();
            List<Alert> restoredAlerts = restoreAndFinish(copy, history, clockEventsAt, expectedAfterRestore);
            List<String> restored = restoredAlerts.stream().map(MonitoringJobEndToEndTest::describe).toList();

            Predicate<String> compared = WITHOUT_FLOOD_HISTORY.contains(fixture.version())
                    ? a -> !isFloodRootCause(a) : a -> true;
            List<String> union = new ArrayList<>(fixture.alertsBeforeSavepoint());
            union.addAll(restored);
            assertThat(fixture.alertsBeforeSavepoint()).as(fixture.version() + ": alerts before the savepoint").isNotEmpty();
            assertThat(union.stream().filter(compared).sorted()).as(fixture.version() + ": alerts before and after, against a clean run")
                    .containsExactlyElementsOf(clean.stream().filter(compared).sorted().toList());
            assertThat(restored).as(fixture.version() + ": deadlines armed before the savepoint, fired after the restore")
                    .filteredOn(a -> a.startsWith("FIRING") && !a.contains("STOCK_OUT"))
                    .anyMatch(a -> RestoreMachinery.everyEventUpToTheAlertIsIn(a, history, SavepointFixture.splitMillis()));
            // The fixtures keep STATUS RULE KEY AT of the alerts before the savepoint; the restored
            // job's own alerts say all that the clean run's same alerts say.
            Function<Alert, String> said = WITHOUT_SET_BY.contains(fixture.version())
                    ? RestoreMachinery::withoutEvidence : RestoreMachinery::full;
            List<String> cleanAfter = new ArrayList<>(cleanAlerts.stream().map(said).toList());
            for (String before : fixture.alertsBeforeSavepoint()) {
                cleanAfter.stream().filter(a -> a.startsWith(before + " | ")).findFirst().ifPresent(cleanAfter::remove);
            }
            assertThat(restoredAlerts.stream().map(said).filter(compared).toList())
                    .as(fixture.version() + ": alerts after the restore, all they say, against the clean run's")
                    .containsExactlyInAnyOrderElementsOf(cleanAfter.stream().filter(compared).toList());
        }
    }

    /** Whether an alert, as described ({@code STATUS RULE KEY AT ...}), is a supplier's or a carrier's flood. */
    private static boolean isFloodRootCause(String alert) {
        String rule = alert.split(" ")[1];
        return rule.equals(Correlation.SUPPLIER_ISSUE) || rule.equals(Correlation.CARRIER_ISSUE);
    }

    /**
     * The alerts the fixture's job writes once restored on a new broker and fed the rest of the
     * history: read once {@code expectedOfTheOracle} of the oracle's rules are there, and two
     * checkpoints more (in which a surplus would show).
     */
    private static List<Alert> restoreAndFinish(Path savepoint, List<SupplyEvent> history, long clockEventsAt,
            int expectedOfTheOracle) throws Exception {
        try (KafkaBroker kafka = new KafkaBroker().start()) {
            MonitoringJobEndToEndTest.createTopics(kafka);
            RestoreMachinery.produce(kafka, SavepointFixture.beforeSavepoint(history));
            RestoreMachinery.produce(kafka, SavepointFixture.afterSavepoint(history));
            MonitoringJobEndToEndTest.produceClockEvents(kafka, clockEventsAt);

            StreamExecutionEnvironment env = MonitoringJobEndToEndTest.env(kafka, SavepointFixture.GROUP, null);
            StreamGraph graph = env.getStreamGraph();
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint.toUri().toString(), false));
            JobClient job = env.executeAsync(graph);
            try {
                return MonitoringJobEndToEndTest.awaitAlerts(kafka, expectedOfTheOracle, MonitoringJobEndToEndTest::knownToTheOracle);
            } finally {
                job.cancel().get();
            }
        }
    }
}
