package io.scem.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.core.event.DeadLetter;
import io.scem.core.event.Decoded;
import io.scem.core.event.EventType;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import io.scem.jobs.io.DeadLetterJson;
import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka source and sinks on a real KRaft broker and a MiniCluster at parallelism 2: records
 * are decoded, malformed and late ones become dead letters, and the exactly-once alert sink's
 * transactions are committed by the end of a bounded job.
 */
class KafkaIoTest {
    private static final long BOUND_MILLIS = 60_000;

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = Flink.miniCluster();

    @BeforeAll
    static void createTopics() throws Exception {
        KAFKA.createTopics(2, Topics.WAREHOUSE, Topics.ALERTS);
        KAFKA.createTopics(1, Topics.DEAD_LETTER);
    }

    @Test
    void shouldWriteAlertsTransactionallyAndMalformedOrLateRecordsAsDeadLetters() throws Exception {
        KAFKA.produce(Topics.WAREHOUSE, 0, List.of(
                received("w-1", "2026-01-05T10:00:00Z", "DC1", "SKU-1"),
                "{not json",
                received("w-2", "2026-01-05T10:05:00Z", "DC1", "SKU-1"),
                received("w-late", "2026-01-05T09:00:00Z", "DC1", "SKU-1")));
        // Older than everything in partition 0, yet on time: lateness is judged per partition.
        KAFKA.produce(Topics.WAREHOUSE, 1, Arrays.asList(
                received("w-3", "2026-01-05T09:00:00Z", "DC2", "SKU-2"),
                "{\"eventId\":\"w-x\",\"type\":\"GOODS_RECEIVED\",\"occurredAt\":\"2026-01-05T10:00:00Z\",\"site\":\"DC2\"}",
                null,
                received("w-4", "2026-01-05T09:01:00Z", "DC2", "SKU-2")));

        runBoundedJob();

        List<ConsumerRecord<String, String>> alerts =
                KAFKA.consumeRecords(Topics.ALERTS, true, 4, Duration.ofSeconds(20));
        assertThat(alerts).extracting(r -> AlertJson.read(r.value()))
                .containsExactlyInAnyOrder(
                        echo("w-1", "2026-01-05T10:00:00Z", "DC1", "SKU-1"),
                        echo("w-2", "2026-01-05T10:05:00Z", "DC1", "SKU-1"),
                        echo("w-3", "2026-01-05T09:00:00Z", "DC2", "SKU-2"),
                        echo("w-4", "2026-01-05T09:01:00Z", "DC2", "SKU-2"));
        assertThat(alerts).allSatisfy(r -> assertThat(r.key()).isEqualTo(AlertJson.read(r.value()).key));
        Map<String, List<String>> idsByKey = alerts.stream().collect(Collectors.groupingBy(
                ConsumerRecord::key, Collectors.mapping(r -> AlertJson.read(r.value()).alertId, Collectors.toList())));
        assertThat(idsByKey).containsEntry("DC1/SKU-1", List.of("echo-w-1", "echo-w-2"))
                .containsEntry("DC2/SKU-2", List.of("echo-w-3", "echo-w-4"));

        List<DeadLetter> deadLetters = KAFKA.consumeAll(Topics.DEAD_LETTER, true, 4, Duration.ofSeconds(20))
                .stream().map(DeadLetterJson::read).toList();
        assertThat(deadLetters).extracting(d -> d.reasonCode() + " " + d.origin + "@" + d.offset)
                .containsExactlyInAnyOrder(
                        "invalid-json scem.warehouse-0@1",
                        "late scem.warehouse-0@3",
                        "missing-field scem.warehouse-1@1",
                        "invalid-json scem.warehouse-1@2");
        assertThat(deadLetters).filteredOn(d -> d.offset == 1 && d.origin.endsWith("-0"))
                .singleElement().satisfies(d -> assertThat(d.raw).isEqualTo("{not json"));
    }

    @Test
    void deserializerJudgesLatenessPerTopicPartitionAndRefusesTimesFarAheadOfTheClock() {
        DecodingDeserializer deserializer = new DecodingDeserializer(BOUND_MILLIS, Duration.ofMinutes(15).toMillis());
        deserializer.open(null);
        List<Decoded> out = new ArrayList<>();
        ListCollector<Decoded> collector = new ListCollector<>(out);

        deserializer.deserialize(record(Topics.WAREHOUSE, 0, 0, received("a", "2026-01-05T10:00:00Z", "S", "K")), collector);
        // Same partition number, other topic: a separate arrival order, so not late.
        deserializer.deserialize(record(Topics.SUPPLIER, 0, 0, received("b", "2026-01-05T08:00:00Z", "S", "K")), collector);
        deserializer.deserialize(record(Topics.WAREHOUSE, 0, 1, received("c", "2026-01-05T08:00:00Z", "S", "K")), collector);
        // A year typed wrong: refused, and it does not make the partition's next events late.
        deserializer.deserialize(record(Topics.WAREHOUSE, 0, 2, received("d", "2206-01-05T10:00:00Z", "S", "K")), collector);
        deserializer.deserialize(record(Topics.WAREHOUSE, 0, 3, received("e", "2026-01-05T10:01:00Z", "S", "K")), collector);

        assertThat(out).extracting(d -> d.isEvent() ? d.event.eventId : d.deadLetter.reasonCode() + "@" + d.deadLetter.origin)
                .containsExactly("a", "b", "late@scem.warehouse-0", "future@scem.warehouse-0", "e");
    }

    private static void runBoundedJob() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(500);

        KafkaConnection bootstrap = KAFKA.connection();
        DataStream<Decoded> decoded = env.fromSource(
                KafkaIo.eventSourceBuilder(bootstrap, "kafka-io-test", List.of(Topics.WAREHOUSE), BOUND_MILLIS, 0,
                                OffsetsInitializer.earliest())
                        .setBounded(OffsetsInitializer.latest())
                        .build(),
                WatermarkStrategy.noWatermarks(),
                "warehouse events");
        SingleOutputStreamOperator<SupplyEvent> events = decoded.process(new SplitDecoded()).name("split");
        events.map(new EchoAlert()).name("echo alert")
                .sinkTo(KafkaIo.alertSink(bootstrap, "kafka-io-test-alerts", true)).name("alerts");
        events.getSideOutput(SplitDecoded.DEAD_LETTERS)
                .sinkTo(KafkaIo.deadLetterSink(bootstrap, "kafka-io-test-dead-letters", true)).name("dead letters");
        env.execute("kafka io test");
    }

    /** Events go on; dead letters leave by a side output. */
    static final class SplitDecoded extends ProcessFunction<Decoded, SupplyEvent> {
        static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

        @Override
        public void processElement(Decoded d, Context ctx, Collector<SupplyEvent> out) {
            if (d.isEvent()) {
                out.collect(d.event);
            } else if (d.deadLetter != null) {
                ctx.output(DEAD_LETTERS, d.deadLetter);
            }
        }
    }

    /** A deterministic stand-in for the rule engine: one alert per event, keyed by site/sku. */
    static final class EchoAlert implements MapFunction<SupplyEvent, Alert> {
        @Override
        public Alert map(SupplyEvent e) {
            Alert a = new Alert();
            a.alertId = "echo-" + e.eventId;
            a.rule = "echo";
            a.status = Alert.FIRING;
            a.severity = "INFO";
            a.stage = "warehouse";
            a.key = e.site + "/" + e.sku;
            a.site = e.site;
            a.sku = e.sku;
            a.at = e.occurredAt;
            a.detectedAt = e.occurredAt;
            a.message = e.type.name();
            a.evidence = new String[] {e.eventId};
            return a;
        }
    }

    private static Alert echo(String eventId, String at, String site, String sku) {
        SupplyEvent e = new SupplyEvent(eventId, EventType.GOODS_RECEIVED, Instants.parse(at));
        e.site = site;
        e.sku = sku;
        return new EchoAlert().map(e);
    }

    private static String received(String eventId, String occurredAt, String site, String sku) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"GOODS_RECEIVED\",\"occurredAt\":\"" + occurredAt
                + "\",\"site\":\"" + site + "\",\"sku\":\"" + sku + "\",\"quantity\":10}";
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, int partition, long offset, String value) {
        return new ConsumerRecord<>(topic, partition, offset, null, value.getBytes(StandardCharsets.UTF_8));
    }
}
