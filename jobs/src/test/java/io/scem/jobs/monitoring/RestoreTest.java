package io.scem.jobs.monitoring;

import static io.scem.jobs.monitoring.MonitoringJobEndToEndTest.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scem.core.alert.AlertJson;
import io.scem.core.event.EventType;
import io.scem.core.event.SupplyEvent;
import io.scem.core.sim.AlertOracle;
import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore neither loses nor repeats alerts. A simulated history is produced to Kafka in two
 * parts: the production job processes the first, stops with a savepoint, and a second job
 * restored from it processes the rest. The alerts of both runs, read_committed, equal those of
 * a clean run over the whole history (on a second broker) and, for the rules it knows, the
 * {@link AlertOracle}'s; at least one deadline armed before the savepoint fires after the
 * restore, which only a rebuilt Esper pattern can do.
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
    void shouldNeitherLoseNorRepeatAlertsAcrossAStopWithSavepointAndRestore() throws Exception {
        List<SupplyEvent> history = simulate();
        long split = WORLD.start().toEpochMilli() + SPLIT.toMillis();
        List<SupplyEvent> before = history.stream().filter(e -> e.occurredAt < split).toList();
        List<SupplyEvent> after = history.stream().filter(e -> e.occurredAt >= split).toList();
        long clockEventsAt = history.get(history.size() - 1).occurredAt + Duration.ofDays(1).toMillis();
        List<String> expected = expectedAlerts(history, clockEventsAt);
        assertThat(before).hasSizeGreaterThan(1500);
        assertThat(after).hasSizeGreaterThan(1500);

        long t0 = System.nanoTime();
        MonitoringJobEndToEndTest.createTopics(KAFKA);
        produce(KAFKA, before);
        JobClient first = MonitoringJobEndToEndTest.start(KAFKA, GROUP, null);
        awaitAllInputCommitted(first);
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
        List<String> firstRun = committedAlerts(KAFKA);
        long t1 = System.nanoTime();

        produce(KAFKA, after);
        MonitoringJobEndToEndTest.produceClockEvents(KAFKA, clockEventsAt);
        StreamExecutionEnvironment env = MonitoringJobEndToEndTest.env(KAFKA, GROUP, null);
        StreamGraph graph = env.getStreamGraph();
        graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        JobClient second = env.executeAsync(graph);
        List<String> union;
        try {
            union = MonitoringJobEndToEndTest.awaitAlerts(KAFKA, expected.size(),
                            MonitoringJobEndToEndTest::knownToTheOracle).stream()
                    .map(MonitoringJobEndToEndTest::describe).toList();
        } finally {
            second.cancel().get();
        }
        long t2 = System.nanoTime();

        List<String> clean = cleanRun(history, clockEventsAt);
        long t3 = System.nanoTime();

        assertThat(firstRun).as("alerts before the savepoint").isNotEmpty();
        assertThat(union).as("alerts of both runs, no duplicates").doesNotHaveDuplicates();
        // Every rule's alerts against a clean run; the four rules the oracle knows against it too.
        assertThat(union).containsExactlyElementsOf(clean);
        assertThat(union).filteredOn(RestoreTest::knownToTheOracle).containsExactlyElementsOf(expected);

        List<String> secondRun = new ArrayList<>(union);
        firstRun.forEach(secondRun::remove);
        assertThat(secondRun).as("alerts after the restore").isNotEmpty();
        List<String> armedBeforeSavepoint = secondRun.stream()
                .filter(a -> a.startsWith("FIRING") && !a.contains("STOCK_OUT"))
                .filter(a -> everyEventUpToTheAlertIsIn(a, history, split))
                .toList();
        assertThat(armedBeforeSavepoint).as("deadlines armed before the savepoint, fired after the restore")
                .isNotEmpty();
        System.out.printf("restore: %d events, %d alerts (%d before the savepoint, %d deadlines re-armed);"
                        + " first run %d ms, restored run %d ms, clean run %d ms%n",
                history.size(), union.size(), firstRun.size(), armedBeforeSavepoint.size(),
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
    }

    private static List<SupplyEvent> simulate() {
        SupplyChainSimulator sim = new SupplyChainSimulator(WORLD);
        long end = WORLD.start().toEpochMilli() + HISTORY.toMillis();
        List<SupplyEvent> events = new ArrayList<>();
        while (true) {
            SupplyEvent e = sim.next();
            if (e.occurredAt >= end) return events;
            events.add(e);
        }
    }

    /**
     * The oracle's alerts for a Kafka run whose clock events are at {@code clockEventsAt}: the job
     * applies what the watermark passed and its clock stops one bound before them. A no-op event
     * just after that clock makes the oracle pass exactly the same deadlines.
     */
    private static List<String> expectedAlerts(List<SupplyEvent> history, long clockEventsAt) {
        SupplyEvent clock = new SupplyEvent("clock", EventType.LINE_RESUMED,
                MonitoringJobEndToEndTest.ruleClockAfter(clockEventsAt) + 1);
        clock.site = "CLOCK";
        clock.lineId = "L0";
        List<SupplyEvent> events = new ArrayList<>(history);
        events.add(clock);
        return AlertOracle.expectedAlerts(events).stream().map(MonitoringJobEndToEndTest::describe).toList();
    }

    /** The same history in one go, on a broker of its own. */
    private static List<String> cleanRun(List<SupplyEvent> history, long clockEventsAt) throws Exception {
        MonitoringJobEndToEndTest.createTopics(CLEAN_KAFKA);
        produce(CLEAN_KAFKA, history);
        MonitoringJobEndToEndTest.produceClockEvents(CLEAN_KAFKA, clockEventsAt);
        JobClient job = MonitoringJobEndToEndTest.start(CLEAN_KAFKA, GROUP, null);
        try {
            int expected = expectedAlerts(history, clockEventsAt).size();
            return MonitoringJobEndToEndTest.awaitAlerts(CLEAN_KAFKA, expected,
                            MonitoringJobEndToEndTest::knownToTheOracle).stream()
                    .map(MonitoringJobEndToEndTest::describe).toList();
        } finally {
            job.cancel().get();
        }
    }

    /** Each event to its stage's topic, alternating partitions: each partition stays in time order. */
    private static void produce(KafkaBroker kafka, List<SupplyEvent> events) throws Exception {
        Map<String, List<List<String>>> byTopic = new HashMap<>();
        for (SupplyEvent e : events) {
            List<List<String>> partitions = byTopic.computeIfAbsent(e.type.stage().topic(),
                    t -> List.of(new ArrayList<>(), new ArrayList<>()));
            int count = partitions.get(0).size() + partitions.get(1).size();
            partitions.get(count % 2).add(SupplyChainSimulator.toJson(e));
        }
        for (Map.Entry<String, List<List<String>>> topic : byTopic.entrySet()) {
            for (int p = 0; p < 2; p++) {
                kafka.produce(topic.getKey(), p, topic.getValue().get(p));
            }
        }
    }

    /** The source commits its offsets when a checkpoint completes: then all input is in state. */
    private static void awaitAllInputCommitted(JobClient job) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
                assertThat(job.getJobStatus().get().isGloballyTerminalState()).isFalse();
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> inputs = new HashMap<>();
                for (String topic : Topics.INPUTS) {
                    for (int p = 0; p < 2; p++) inputs.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
                return admin.listOffsets(inputs).all().get().entrySet().stream().allMatch(end -> {
                    OffsetAndMetadata done = committed.get(end.getKey());
                    return end.getValue().offset() == 0 || done != null && done.offset() >= end.getValue().offset();
                });
            });
        }
    }

    private static List<String> committedAlerts(KafkaBroker kafka) {
        return kafka.consumeUntilQuiet(Topics.ALERTS, true, Duration.ofSeconds(2), TIMEOUT).stream()
                .map(AlertJson::read).map(MonitoringJobEndToEndTest::describe).collect(Collectors.toList());
    }

    /** Whether a described alert ({@code STATUS RULE KEY AT}) is of a rule the oracle computes. */
    private static boolean knownToTheOracle(String alert) {
        return AlertOracle.RULES.contains(alert.split(" ")[1]);
    }

    /** Whether every event of the alert's entity up to the alert's time came before the split. */
    private static boolean everyEventUpToTheAlertIsIn(String alert, List<SupplyEvent> history, long split) {
        String[] parts = alert.split(" ");
        String rule = parts[1];
        String key = parts[2];
        long at = java.time.Instant.parse(parts[3]).toEpochMilli();
        List<SupplyEvent> ofEntity = history.stream().filter(e -> e.occurredAt <= at).filter(e -> switch (rule) {
            case AlertOracle.SUPPLIER_LATE -> key.equals(e.poId);
            case AlertOracle.PRODUCTION_LATE -> key.equals(e.workOrderId);
            case AlertOracle.DELIVERY_LATE -> key.equals(e.shipmentId);
            default -> false;
        }).toList();
        return !ofEntity.isEmpty() && ofEntity.stream().allMatch(e -> e.occurredAt < split);
    }
}
