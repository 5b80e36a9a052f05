package io.scem.jobs.monitoring;

import static io.scem.jobs.monitoring.MonitoringJobEndToEndTest.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.core.event.EventType;
import io.scem.core.event.SupplyEvent;
import io.scem.core.sim.AlertOracle;
import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the restore tests share: a simulated history produced to the input topics partition by
 * partition (so that producing it again gives every record the same offset), the alerts the
 * oracle expects of it, a clean run to compare with, and alerts as comparable text: {@code STATUS
 * RULE KEY AT} ({@link MonitoringJobEndToEndTest#describe}, what the oracle and the fixtures know)
 * or {@link #full} (with the message and the evidence).
 */
final class RestoreMachinery {
    private RestoreMachinery() {}

    /** The simulator's events of the first {@code length} of {@code world}. */
    static List<SupplyEvent> simulate(SimulationConfig world, Duration length) {
        SupplyChainSimulator sim = new SupplyChainSimulator(world);
        long end = world.start().toEpochMilli() + length.toMillis();
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
    static List<String> expectedAlerts(List<SupplyEvent> history, long clockEventsAt) {
        SupplyEvent clock = new SupplyEvent("clock", EventType.LINE_RESUMED,
                MonitoringJobEndToEndTest.ruleClockAfter(clockEventsAt) + 1);
        clock.site = "CLOCK";
        clock.lineId = "L0";
        List<SupplyEvent> events = new ArrayList<>(history);
        events.add(clock);
        return AlertOracle.expectedAlerts(events).stream().map(MonitoringJobEndToEndTest::describe).toList();
    }

    /** The same history in one go, on a broker of its own: the alerts to compare a restored run's with. */
    static List<Alert> cleanRun(KafkaBroker cleanKafka, String group, List<SupplyEvent> history, long clockEventsAt)
            throws Exception {
        MonitoringJobEndToEndTest.createTopics(cleanKafka);
        produce(cleanKafka, history);
        MonitoringJobEndToEndTest.produceClockEvents(cleanKafka, clockEventsAt);
        JobClient job = MonitoringJobEndToEndTest.start(cleanKafka, group, null);
        try {
            int expected = expectedAlerts(history, clockEventsAt).size();
            return MonitoringJobEndToEndTest.awaitAlerts(cleanKafka, expected, MonitoringJobEndToEndTest::knownToTheOracle);
        } finally {
            job.cancel().get();
        }
    }

    /** Each event to its stage's topic, alternating partitions: each partition stays in time order. */
    static void produce(KafkaBroker kafka, List<SupplyEvent> events) throws Exception {
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
    static void awaitAllInputCommitted(KafkaBroker kafka, String group, JobClient job) {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
                assertThat(job.getJobStatus().get().isGloballyTerminalState()).isFalse();
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
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

    static List<Alert> committedAlerts(KafkaBroker kafka) {
        return kafka.consumeUntilQuiet(Topics.ALERTS, true, Duration.ofSeconds(2), TIMEOUT).stream()
                .map(AlertJson::read).collect(Collectors.toList());
    }

    /**
     * Everything an alert says but when it was detected (wall clock): {@code STATUS RULE KEY AT},
     * then its alertId, fields, message and evidence.
     */
    static String full(Alert a) {
        return withoutEvidence(a) + " | " + String.join(",", a.evidence);
    }

    /** As {@link #full}, without the evidence. */
    static String withoutEvidence(Alert a) {
        return MonitoringJobEndToEndTest.describe(a) + " | " + a.alertId + " | " + String.join(" ", a.severity, a.stage,
                String.valueOf(a.site), String.valueOf(a.sku), String.valueOf(a.supplierId), String.valueOf(a.carrierId))
                + " | " + a.message;
    }

    /** Whether a described alert ({@code STATUS RULE KEY AT}) is of a rule the oracle computes. */
    static boolean knownToTheOracle(String alert) {
        return AlertOracle.RULES.contains(alert.split(" ")[1]);
    }

    /** Whether every event of the alert's entity up to the alert's time came before the split. */
    static boolean everyEventUpToTheAlertIsIn(String alert, List<SupplyEvent> history, long split) {
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
