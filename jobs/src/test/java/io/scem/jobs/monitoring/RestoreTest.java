package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.event.SupplyEvent;
import io.scem.core.sim.AlertOracle;
import io.scem.core.sim.SimulationConfig;
import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore neither loses nor repeats alerts. A simulated history is produced to Kafka in two
 * parts: the production job processes the first at parallelism 2, stops with a savepoint, and a
 * second job restored from it at parallelism 1 processes the rest (a rescale: every subtask's
 * entities, held events and raised conditions go to one). The alerts of both runs, read_committed, equal those of
 * a clean run over the whole history (on a second broker), message and evidence included, and,
 * for the rules it knows, the {@link AlertOracle}'s; at least one deadline armed before the
 * savepoint fires after the restore, which only a rebuilt Esper pattern can do.
 */
class RestoreTest {
    private static final String GROUP = "scem-restore";
    private static final Duration HISTORY = Duration.ofDays(4);
    private static final Duration SPLIT = Duration.ofHours(48);
    private static final SimulationConfig WORLD = SimulationConfig.defaults(7)
            .withDisruptions(new SimulationConfig.Disruptions(0.2, 0.1, 0.1, 0.2, 0.02, 0.05, 0.05));

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final KafkaBroker CLEAN_KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(3)
    static final MiniClusterExtension FLINK = Flink.miniCluster();

    @TempDir
    Path savepoints;

    @Test
    void shouldNeitherLoseNorRepeatAlertsAcrossAStopWithSavepointAndARestoreAtAnotherParallelism() throws Exception {
        List<SupplyEvent> history = RestoreMachinery.simulate(WORLD, HISTORY);
        long split = WORLD.start().toEpochMilli() + SPLIT.toMillis();
        List<SupplyEvent> before = history.stream().filter(e -> e.occurredAt < split).toList();
        List<SupplyEvent> after = history.stream().filter(e -> e.occurredAt >= split).toList();
        long clockEventsAt = history.get(history.size() - 1).occurredAt + Duration.ofDays(1).toMillis();
        List<String> expected = RestoreMachinery.expectedAlerts(history, clockEventsAt);
        assertThat(before).hasSizeGreaterThan(1500);
        assertThat(after).hasSizeGreaterThan(1500);

        long t0 = System.nanoTime();
        MonitoringJobEndToEndTest.createTopics(KAFKA);
        RestoreMachinery.produce(KAFKA, before);
        JobClient first = MonitoringJobEndToEndTest.start(KAFKA, GROUP, null);
        RestoreMachinery.awaitAllInputCommitted(KAFKA, GROUP, first);
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
        List<String> firstRun = RestoreMachinery.committedAlerts(KAFKA).stream().map(RestoreMachinery::full).toList();
        long t1 = System.nanoTime();

        RestoreMachinery.produce(KAFKA, after);
        MonitoringJobEndToEndTest.produceClockEvents(KAFKA, clockEventsAt);
        StreamExecutionEnvironment env = MonitoringJobEndToEndTest.env(KAFKA, GROUP, null, 1);
        StreamGraph graph = env.getStreamGraph();
        graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        JobClient second = env.executeAsync(graph);
        List<Alert> union;
        try {
            union = MonitoringJobEndToEndTest.awaitAlerts(KAFKA, expected.size(), MonitoringJobEndToEndTest::knownToTheOracle);
        } finally {
            // A restored job that failed says why (the restore itself may be what failed).
            if (second.getJobStatus().get().isGloballyTerminalState()) second.getJobExecutionResult().get();
            else second.cancel().get();
        }
        long t2 = System.nanoTime();

        List<Alert> clean = RestoreMachinery.cleanRun(CLEAN_KAFKA, GROUP, history, clockEventsAt);
        long t3 = System.nanoTime();

        assertThat(firstRun).as("alerts before the savepoint").isNotEmpty();
        List<String> both = union.stream().map(RestoreMachinery::full).toList();
        assertThat(both).as("alerts of both runs, no duplicates").doesNotHaveDuplicates();
        // Every rule's alerts against a clean run, all they say (a deadline re-armed by the restore
        // from a later fact names the event that armed it, as without the restore); the four rules
        // the oracle knows against it too.
        assertThat(both).containsExactlyInAnyOrderElementsOf(clean.stream().map(RestoreMachinery::full).toList());
        assertThat(union.stream().map(MonitoringJobEndToEndTest::describe).toList())
                .filteredOn(RestoreMachinery::knownToTheOracle).containsExactlyElementsOf(expected);

        List<String> secondRun = new ArrayList<>(both);
        firstRun.forEach(secondRun::remove);
        assertThat(secondRun).as("alerts after the restore").isNotEmpty();
        List<String> armedBeforeSavepoint = secondRun.stream()
                .filter(a -> a.startsWith("FIRING") && !a.contains("STOCK_OUT"))
                .filter(a -> RestoreMachinery.everyEventUpToTheAlertIsIn(a, history, split))
                .toList();
        assertThat(armedBeforeSavepoint).as("deadlines armed before the savepoint, fired after the restore")
                .isNotEmpty();
        System.out.printf("restore: %d events, %d alerts (%d before the savepoint, %d deadlines re-armed);"
                        + " first run %d ms, restored run %d ms, clean run %d ms%n",
                history.size(), union.size(), firstRun.size(), armedBeforeSavepoint.size(),
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
    }
}
