package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scem.core.alert.Alert;
import io.scem.core.atp.AtpJson;
import io.scem.jobs.kafka.AtpProfileReader;
import io.scem.core.alert.AlertJson;
import io.scem.core.event.DeadLetter;
import io.scem.core.event.Decoded;
import io.scem.core.event.EventDecoder;
import io.scem.core.event.Instants;
import io.scem.core.event.LatenessGate;
import io.scem.core.event.Stage;
import io.scem.core.event.SupplyEvent;
import io.scem.core.rules.RuleSet;
import io.scem.core.sim.AlertOracle;
import io.scem.core.sim.ExpectedAlert;
import io.scem.jobs.dashboards.GrafanaMacros;
import io.scem.jobs.dashboards.PanelsWithoutData;
import io.scem.jobs.io.DeadLetterJson;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.metrics.InfluxSettings;
import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.InfluxServer;
import io.scem.jobs.testing.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The production wiring ({@link MonitoringJobMain#build}) end to end: events produced to a real
 * Kafka broker, the job on a MiniCluster at parallelism 2 checkpointing every 500 ms, alerts read
 * back {@code read_committed}, dead letters with their reasons, and metrics queried back from a
 * real InfluxDB.
 *
 * <p>The Kafka source is unbounded, so the rule clock is the watermark: the newest event of the
 * slowest partition minus the out-of-order bound. The history therefore ends with one event, a
 * day after everything else, on every partition of every input topic.
 */
class MonitoringJobEndToEndTest {
    static final String DATABASE = "scem_e2e";
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** Checkpoint interval of the tests: alerts become visible to read_committed then. */
    static final JobSettings SETTINGS = JobSettings.defaults().withCheckpoints(Duration.ofMillis(500), null);

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final InfluxServer INFLUX = InfluxServer.fromEnvOrLocal();

    @RegisterExtension
    @Order(3)
    static final MiniClusterExtension FLINK = Flink.miniCluster();

    private static RuleSet rules;

    @BeforeAll
    static void setUp() throws Exception {
        rules = RuleSet.compile(Path.of("../rules"));
        createTopics(KAFKA);
    }

    @AfterAll
    static void dropDatabase() {
        INFLUX.dropDatabase(DATABASE);
    }

    // Per topic-partition, in the order produced. Lateness is judged per partition.
    private static final Map<String, List<String>> HISTORY = new TreeMap<>(Map.of(
            Topics.SUPPLIER + "-0", List.of(
                    "{\"eventId\":\"p1\",\"type\":\"PO_PLACED\",\"occurredAt\":\"2026-01-05T08:00:00Z\",\"poId\":\"PO-1\",\"supplierId\":\"S1\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":3,\"expectedAt\":\"2026-01-05T11:00:00Z\"}",
                    "{\"eventId\":\"p2\",\"type\":\"PO_PLACED\",\"occurredAt\":\"2026-01-05T08:00:00Z\",\"poId\":\"PO-2\",\"supplierId\":\"S1\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":3,\"expectedAt\":\"2026-01-05T09:00:00Z\"}",
                    // PO-2's promise moves later before it passed: late at 13:00, not 09:00
                    "{\"eventId\":\"p3\",\"type\":\"PO_CONFIRMED\",\"occurredAt\":\"2026-01-05T08:30:00Z\",\"poId\":\"PO-2\",\"expectedAt\":\"2026-01-05T13:00:00Z\"}"),
            Topics.SUPPLIER + "-1", List.of(
                    "{\"eventId\":\"p9\",\"type\":\"PO_PLACED\",\"occurredAt\":\"2026-01-05T08:00:00Z\",\"poId\":\"PO-9\"}"),
            Topics.WAREHOUSE + "-0", List.of(
                    "{\"eventId\":\"s1\",\"type\":\"STOCK_COUNTED\",\"occurredAt\":\"2026-01-05T08:00:00Z\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":5}",
                    "not json at all",
                    "{\"eventId\":\"s2\",\"type\":\"GOODS_ISSUED\",\"occurredAt\":\"2026-01-05T10:00:00Z\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":5}",
                    "{\"eventId\":\"s2\",\"type\":\"GOODS_ISSUED\",\"occurredAt\":\"2026-01-05T10:00:00Z\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":5}",
                    "{\"eventId\":\"r1\",\"type\":\"GOODS_RECEIVED\",\"occurredAt\":\"2026-01-05T12:00:00Z\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":3,\"poId\":\"PO-1\"}",
                    // three hours behind its partition's newest event: late
                    "{\"eventId\":\"x1\",\"type\":\"GOODS_ISSUED\",\"occurredAt\":\"2026-01-05T09:00:00Z\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":1}"),
            Topics.PRODUCTION + "-1", List.of(
                    "{\"eventId\":\"w1\",\"type\":\"WORK_ORDER_RELEASED\",\"occurredAt\":\"2026-01-05T11:57:00Z\",\"workOrderId\":\"WO-1\",\"site\":\"P1\",\"sku\":\"B\",\"quantity\":10,\"dueAt\":\"2026-01-05T12:30:00Z\"}",
                    "{\"eventId\":\"w3\",\"type\":\"WORK_ORDER_RELEASED\",\"occurredAt\":\"2026-01-05T12:00:00Z\",\"workOrderId\":\"WO-2\",\"site\":\"P1\",\"sku\":\"B\",\"quantity\":10,\"dueAt\":\"2026-01-05T13:30:00Z\"}",
                    // completed exactly at its due time: on time
                    "{\"eventId\":\"w2\",\"type\":\"WORK_ORDER_COMPLETED\",\"occurredAt\":\"2026-01-05T12:30:00Z\",\"workOrderId\":\"WO-1\",\"quantity\":10}"),
            Topics.DISTRIBUTION + "-0", List.of(
                    // dispatched after its promise: late at once, stamped with the promise
                    "{\"eventId\":\"d1\",\"type\":\"SHIPMENT_DISPATCHED\",\"occurredAt\":\"2026-01-05T12:40:00Z\",\"shipmentId\":\"SH-1\",\"carrierId\":\"C1\",\"site\":\"DC1\",\"destination\":\"Lyon\",\"promisedAt\":\"2026-01-05T12:00:00Z\"}",
                    "{\"eventId\":\"d2\",\"type\":\"SHIPMENT_DISPATCHED\",\"occurredAt\":\"2026-01-05T12:45:00Z\",\"shipmentId\":\"SH-2\",\"carrierId\":\"C1\",\"site\":\"DC1\",\"destination\":\"Lyon\",\"promisedAt\":\"2026-01-05T14:00:00Z\"}",
                    "{\"eventId\":\"d3\",\"type\":\"SHIPMENT_DELIVERED\",\"occurredAt\":\"2026-01-05T15:00:00Z\",\"shipmentId\":\"SH-2\"}"),
            Topics.ORDERS + "-0", List.of(
                    "{\"eventId\":\"o1\",\"type\":\"ORDER_PLACED\",\"occurredAt\":\"2026-01-05T09:00:00Z\",\"orderId\":\"ORD-1\",\"customerId\":\"C-1\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":1,\"promisedAt\":\"2026-01-07T09:00:00Z\"}")));

    /** Moves the clock of every partition a day past the history, so that all deadlines pass. */
    private static final long CLOCK_EVENTS_AT = Instants.parse("2026-01-06T12:00:00Z");

    @Test
    void shouldRaiseExactlyTheExpectedAlertsDeadLettersAndMetricsThroughKafkaAndInflux() throws Exception {
        List<SupplyEvent> valid = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : HISTORY.entrySet()) {
            String topic = e.getKey().substring(0, e.getKey().lastIndexOf('-'));
            int partition = Integer.parseInt(e.getKey().substring(e.getKey().lastIndexOf('-') + 1));
            KAFKA.produce(topic, partition, e.getValue());
            valid.addAll(validEvents(e.getKey(), e.getValue()));
        }
        produceClockEvents(KAFKA, CLOCK_EVENTS_AT);
        List<String> expected = AlertOracle.expectedAlerts(valid).stream().map(MonitoringJobEndToEndTest::describe).toList();
        // The oracle and this test agree on what the history means.
        assertThat(expected).containsExactly(
                "FIRING STOCK_OUT DC1|A 2026-01-05T10:00:00Z",
                "FIRING SUPPLIER_LATE PO-1 2026-01-05T11:00:00Z",
                "FIRING DELIVERY_LATE SH-1 2026-01-05T12:00:00Z",
                "RESOLVED STOCK_OUT DC1|A 2026-01-05T12:00:00Z",
                "RESOLVED SUPPLIER_LATE PO-1 2026-01-05T12:00:00Z",
                "FIRING SUPPLIER_LATE PO-2 2026-01-05T13:00:00Z",
                "FIRING PRODUCTION_LATE WO-2 2026-01-05T13:30:00Z",
                "FIRING DELIVERY_LATE SH-2 2026-01-05T14:00:00Z",
                "RESOLVED DELIVERY_LATE SH-2 2026-01-05T15:00:00Z");

        long t0 = System.nanoTime();
        JobClient job = start(KAFKA, "scem-e2e", INFLUX.url());
        try {
            List<Alert> alerts = awaitAlerts(KAFKA, expected.size(), MonitoringJobEndToEndTest::knownToTheOracle);
            // The oracle knows the four foundation rules; the others are covered by their scenarios.
            assertThat(alerts).filteredOn(MonitoringJobEndToEndTest::knownToTheOracle)
                    .extracting(MonitoringJobEndToEndTest::describe).containsExactlyElementsOf(expected);
            assertThat(alerts.stream().filter(a -> a.rule.equals(AlertOracle.SUPPLIER_LATE) && a.key.equals("PO-1"))
                    .map(a -> a.alertId).distinct()).hasSize(1);

            List<DeadLetter> deadLetters = KAFKA.consumeAll(Topics.DEAD_LETTER, true, 3, TIMEOUT).stream()
                    .map(DeadLetterJson::read).toList();
            assertThat(deadLetters).extracting(d -> d.reasonCode() + " " + d.origin + "@" + d.offset)
                    .containsExactlyInAnyOrder(
                            "invalid-json scem.warehouse-0@1",
                            "late scem.warehouse-0@5",
                            "missing-field scem.supplier-1@0");
            assertThat(deadLetters).filteredOn(d -> d.offset == 1).singleElement()
                    .satisfies(d -> assertThat(d.raw).isEqualTo("not json at all"));

            // ORD-1 (1 x A at DC1 by the 7th): 5 on hand + PO-1 and PO-2 due by then = 11.
            assertThat(KAFKA.consumeAll(Topics.ATP_DECISIONS, true, 1, TIMEOUT)).extracting(AtpJson::readDecision)
                    .extracting(d -> d.orderId + " " + d.outcome + " " + d.available).containsExactly("ORD-1 FEASIBLE 11");
            // The latest profile of DC1|A on the compacted topic: 5 - 5 issued + 3 received; ORD-1 still allocated; PO-2 due.
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(AtpProfileReader.read(KAFKA.connection(), TIMEOUT)
                    .get("DC1", "A")).satisfies(p -> {
                        assertThat(p.onHand).isEqualTo(3);
                        assertThat(p.allocatedOrders).containsExactly("ORD-1");
                        assertThat(p.receiptQuantity).containsExactly(3);
                    }));

            await().atMost(TIMEOUT).untilAsserted(() -> {
                assertThat(scalar("SELECT sum(\"count\") FROM \"scem_events\"")).isGreaterThanOrEqualTo(valid.size());
                assertThat(scalar("SELECT sum(\"count\") FROM \"scem_alerts\" WHERE \"status\" = 'FIRING'"))
                        .isEqualTo(alerts.stream().filter(a -> a.status.equals("FIRING")).count());
                assertThat(scalar("SELECT sum(\"count\") FROM \"scem_alerts\" WHERE \"rule\" = 'SUPPLIER_LATE'")).as("SUPPLIER_LATE")
                        .isEqualTo(3);
                assertThat(scalar("SELECT last(\"on_hand\") FROM \"scem_stock\" WHERE \"site\" = 'DC1' AND \"sku\" = 'A'")).as("on_hand")
                        .isEqualTo(3);
                // Pipeline health, measured on the wall clock every 10 s: what only a live job has.
                assertThat(scalar("SELECT count(\"checkpoint_duration_ms\") FROM \"scem_pipeline\"")).isPositive();
                assertThat(scalar("SELECT last(\"consumer_lag_records\") FROM \"scem_pipeline\"")).as("lag").isNotNaN();
                assertThat(scalar("SELECT count(\"watermark_lag_ms\") FROM \"scem_pipeline\"")).isPositive();
                assertThat(scalar("SELECT sum(\"written\") FROM \"scem_metrics_writer\"")).isPositive();
                assertThat(PanelsWithoutData.of(INFLUX, DATABASE,
                        new GrafanaMacros.TimeRange(System.currentTimeMillis() - 3_600_000, System.currentTimeMillis() + 60_000),
                        Set.of("scem_pipeline.consumer_lag_records", "scem_pipeline.checkpoint_duration_ms")))
                        .as("dashboard panels of a live job's pipeline health").isEmpty();
            });
        } finally {
            job.cancel().get();
        }
        System.out.printf("end-to-end: alerts, dead letters and metrics in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    // ---- shared with RestoreTest -------------------------------------------------------------

    static void createTopics(KafkaBroker kafka) throws Exception {
        List<String> topics = new ArrayList<>(Topics.INPUTS);
        topics.add(Topics.ALERTS);
        topics.add(Topics.DEAD_LETTER);
        topics.add(Topics.ATP_DECISIONS);
        kafka.createTopics(2, topics.toArray(String[]::new));
        kafka.createCompactedTopic(Topics.ATP, 2);
        kafka.createCompactedTopic(Topics.ORDER_STATUS, 2);
    }

    /** Starts the production job; {@code influxUrl} null leaves the metrics out. */
    static JobClient start(KafkaBroker kafka, String groupId, String influxUrl) throws Exception {
        return env(kafka, groupId, influxUrl).executeAsync("scem monitoring " + groupId);
    }

    static StreamExecutionEnvironment env(KafkaBroker kafka, String groupId, String influxUrl) throws Exception {
        return env(kafka, groupId, influxUrl, 2);
    }

    static StreamExecutionEnvironment env(KafkaBroker kafka, String groupId, String influxUrl, int parallelism)
            throws Exception {
        Configuration conf = new Configuration();
        // Kryo fallbacks would be slow and fragile across versions: fail if any type needs one.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        ScemConfig config = new ScemConfig(kafka.connection(), groupId, Path.of("../rules"), Duration.ZERO,
                influxUrl == null ? null : InfluxSettings.of(influxUrl, DATABASE), SETTINGS, parallelism, null, null);
        MonitoringJobMain.build(env, config, rules == null ? RuleSet.compile(config.rulesDir()) : rules);
        return env;
    }

    /**
     * One harmless event of each partition's stage at {@code at} on every input partition: the
     * watermark is the minimum over partitions, so each must move for the rule clock to move.
     */
    static void produceClockEvents(KafkaBroker kafka, long at) throws Exception {
        for (Stage stage : Stage.values()) {
            for (int partition = 0; partition < 2; partition++) {
                kafka.produce(stage.topic(), partition, List.of(clockEvent(stage, partition, at)));
            }
        }
    }

    /** The rule clock a job reaches once every partition has seen an event at {@code at}. */
    static long ruleClockAfter(long at) {
        return at - SETTINGS.outOfOrderBound().toMillis() - 1;
    }

    private static String clockEvent(Stage stage, int partition, long at) {
        String id = "\"eventId\":\"clock-" + stage.label() + "-" + partition + "-" + at + "\",\"occurredAt\":\""
                + Instants.format(at) + "\",";
        String far = Instants.format(at + Duration.ofDays(30).toMillis());
        return switch (stage) {
            case SUPPLIER -> "{" + id + "\"type\":\"PO_PLACED\",\"poId\":\"PO-CLOCK-" + partition
                    + "\",\"supplierId\":\"S0\",\"site\":\"CLOCK\",\"sku\":\"CLOCK\",\"quantity\":1,\"expectedAt\":\"" + far + "\"}";
            case PRODUCTION -> "{" + id + "\"type\":\"LINE_RESUMED\",\"site\":\"CLOCK\",\"lineId\":\"L" + partition + "\"}";
            case WAREHOUSE -> "{" + id + "\"type\":\"STOCK_COUNTED\",\"site\":\"CLOCK\",\"sku\":\"CLOCK-" + partition
                    + "\",\"quantity\":1}";
            case DISTRIBUTION -> "{" + id + "\"type\":\"SHIPMENT_CHECKPOINT\",\"shipmentId\":\"SH-CLOCK-" + partition
                    + "\",\"location\":\"nowhere\"}";
            case ORDERS -> "{" + id + "\"type\":\"ORDER_PLACED\",\"orderId\":\"ORD-CLOCK-" + partition
                    + "\",\"customerId\":\"C0\",\"site\":\"CLOCK\",\"sku\":\"CLOCK\",\"quantity\":1,\"promisedAt\":\"" + far + "\"}";
        };
    }

    /**
     * Reads {@code scem.alerts} (read_committed) until it holds {@code expected} alerts that match
     * {@code counted}, then keeps reading for two more checkpoints so that an extra or repeated
     * alert would show. Returns every alert read, counted or not.
     */
    static List<Alert> awaitAlerts(KafkaBroker kafka, int expected, Predicate<Alert> counted)
            throws InterruptedException {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> kafka.consumeAll(Topics.ALERTS, true, expected, Duration.ofSeconds(2)).stream()
                        .map(AlertJson::read).filter(counted).count() >= expected);
        Thread.sleep(3 * SETTINGS.checkpointInterval().toMillis());
        return kafka.consumeAll(Topics.ALERTS, true, expected, Duration.ofSeconds(10)).stream()
                .map(AlertJson::read).sorted(Replay.ORDER).toList();
    }

    /** Whether the {@link AlertOracle} computes this alert's rule. */
    static boolean knownToTheOracle(Alert a) {
        return AlertOracle.RULES.contains(a.rule);
    }

    static String describe(Alert a) {
        return a.status + " " + a.rule + " " + a.key + " " + Instants.format(a.at);
    }

    static String describe(ExpectedAlert a) {
        return a.status() + " " + a.rule() + " " + a.key() + " " + Instants.format(a.at());
    }

    /** The events of one partition the job accepts: decodable and not late. */
    private static List<SupplyEvent> validEvents(String origin, List<String> lines) {
        EventDecoder decoder = new EventDecoder();
        LatenessGate gate = new LatenessGate(SETTINGS.outOfOrderBound().toMillis());
        List<SupplyEvent> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Decoded d = decoder.decode(lines.get(i), origin, i);
            if (d.isEvent() && gate.check(0, d.event) == null) {
                events.add(d.event);
            }
        }
        return events;
    }

    private static double scalar(String influxQl) {
        return INFLUX.scalar(DATABASE, influxQl);
    }
}
