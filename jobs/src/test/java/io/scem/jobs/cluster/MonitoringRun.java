package io.scem.jobs.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scem.core.event.SupplyEvent;
import io.scem.core.sim.SupplyChainSimulator;
import io.scem.jobs.kafka.KafkaIo;
import io.scem.jobs.kafka.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One deployment of the production monitoring job on the session cluster, reading and writing one
 * broker: its topics, its {@code scem.properties}, the submission of the shaded jar over REST (again
 * from a savepoint if asked), the events fed at the test's pace, and the alerts read back the way a
 * consumer of {@code scem.alerts} reads them ({@code read_committed}).
 */
final class MonitoringRun implements AutoCloseable {
    static final String ENTRY_CLASS = "io.scem.jobs.monitoring.MonitoringJobMain";
    static final int PARALLELISM = 2;
    static final int PARTITIONS = 2;
    /** Short, so that a run ends soon; long enough that a kill right after alerts were written finds them uncommitted. */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);
    static final Duration TIMEOUT = Duration.ofMinutes(2);
    static final String INFLUX_DATABASE = "scem";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FlinkSessionCluster flink;
    private final String jarId;
    private final KafkaProcess kafka;
    private final Path dir;
    private final String groupId;
    private final Path config;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private String jobId;

    /**
     * Creates the topics on {@code kafka} and writes the job's configuration into {@code dir}:
     * {@code rulesDir}, metrics to {@code influxUrl} (none if null), checkpoints to {@code dir}.
     */
    MonitoringRun(FlinkSessionCluster flink, String jarId, KafkaProcess kafka, Path dir, Path rulesDir, String influxUrl)
            throws IOException, InterruptedException, ExecutionException {
        this.flink = flink;
        this.jarId = jarId;
        this.kafka = kafka;
        this.dir = dir;
        this.groupId = "scem-cluster-test-" + dir.getFileName();
        this.admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()));
        createTopics();
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        this.config = dir.resolve("scem.properties");
        Files.writeString(config, String.join("\n",
                "kafka.bootstrap = " + kafka.bootstrap(),
                "kafka.group-id = " + groupId,
                "rules.dir = " + rulesDir.toAbsolutePath(),
                "influx.url = " + (influxUrl == null ? "" : influxUrl),
                "influx.database = " + INFLUX_DATABASE,
                "job.parallelism = " + PARALLELISM,
                "job.checkpoint-interval = " + CHECKPOINT_INTERVAL.toSeconds() + "s",
                "job.checkpoint-dir = " + dir.resolve("checkpoints").toUri(),
                // Idleness is decided on the wall clock: a partition marked idle while the test pauses
                // (a fault) would let the others move event time on and turn its next events late. Off,
                // event time moves only with the events, and each run sees the same thing; the end of
                // the input is an event in every partition instead (produceEndOfInput).
                "job.idle-timeout = 0",
                ""), UTF_8);
    }

    private void createTopics() throws InterruptedException, ExecutionException {
        List<NewTopic> topics = new ArrayList<>();
        for (String input : Topics.INPUTS) topics.add(new NewTopic(input, PARTITIONS, (short) 1));
        for (String output : List.of(Topics.ALERTS, Topics.DEAD_LETTER, Topics.ATP_DECISIONS)) {
            topics.add(new NewTopic(output, PARTITIONS, (short) 1));
        }
        for (String compacted : List.of(Topics.ATP, Topics.ORDER_STATUS)) {
            topics.add(new NewTopic(compacted, PARTITIONS, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        }
        admin.createTopics(topics).all().get();
    }

    /** Submits the job over REST and waits until all its tasks run. */
    void start() throws IOException, InterruptedException {
        startFrom(null);
    }

    /** As {@link #start()}, restoring the state of {@code savepoint}. */
    void startFrom(String savepoint) throws IOException, InterruptedException {
        jobId = flink.run(jarId, ENTRY_CLASS, List.of("--config", config.toString()), PARALLELISM, savepoint);
        flink.awaitRunning(jobId, TIMEOUT);
    }

    String jobId() {
        return jobId;
    }

    /** Publishes the events as a producer should (stage topic, keyed by entity) and waits for the broker's acks. */
    void produce(List<SupplyEvent> events) {
        for (SupplyEvent e : events) {
            producer.send(KafkaIo.eventRecord(e, SupplyChainSimulator.toJson(e).getBytes(UTF_8)));
        }
        producer.flush();
    }

    /**
     * Ends the input: an event at {@code at} in every partition of every input topic, so that the
     * watermark (the minimum over partitions, minus the out-of-order bound) passes every event
     * produced before and fires every deadline up to {@code at} minus the bound. These events are
     * about a site and entities of their own and are themselves never applied (nothing passes them).
     */
    void produceEndOfInput(Instant at) {
        String t = at.toString();
        String far = at.plus(Duration.ofDays(60)).toString();
        for (int p = 0; p < PARTITIONS; p++) {
            String id = "end-" + p;
            send(Topics.SUPPLIER, p, "{\"eventId\":\"" + id + "-s\",\"type\":\"PO_PLACED\",\"occurredAt\":\"" + t
                    + "\",\"poId\":\"PO-END-" + p + "\",\"supplierId\":\"END\",\"site\":\"END\",\"sku\":\"END\",\"quantity\":1,\"expectedAt\":\"" + far + "\"}");
            send(Topics.PRODUCTION, p, "{\"eventId\":\"" + id + "-p\",\"type\":\"LINE_RESUMED\",\"occurredAt\":\"" + t
                    + "\",\"site\":\"END\",\"lineId\":\"END-" + p + "\"}");
            send(Topics.WAREHOUSE, p, "{\"eventId\":\"" + id + "-w\",\"type\":\"STOCK_COUNTED\",\"occurredAt\":\"" + t
                    + "\",\"site\":\"END\",\"sku\":\"END-" + p + "\",\"quantity\":1}");
            send(Topics.DISTRIBUTION, p, "{\"eventId\":\"" + id + "-d\",\"type\":\"SHIPMENT_CHECKPOINT\",\"occurredAt\":\"" + t
                    + "\",\"shipmentId\":\"SH-END-" + p + "\",\"location\":\"END\"}");
            send(Topics.ORDERS, p, "{\"eventId\":\"" + id + "-o\",\"type\":\"ORDER_PLACED\",\"occurredAt\":\"" + t
                    + "\",\"orderId\":\"SO-END-" + p + "\",\"customerId\":\"END\",\"site\":\"END\",\"sku\":\"END\",\"quantity\":1,\"promisedAt\":\"" + far + "\"}");
        }
        producer.flush();
    }

    private void send(String topic, int partition, String json) {
        producer.send(new ProducerRecord<>(topic, partition, null, json.getBytes(UTF_8)));
    }

    /**
     * Waits until a completed checkpoint covers every input record produced so far: the job's
     * source commits its offsets to the group when a checkpoint completes.
     */
    void awaitInputCheckpointed() throws InterruptedException, ExecutionException {
        Map<TopicPartition, Long> produced = inputEndOffsets();
        await("a checkpoint covering " + produced.values().stream().mapToLong(Long::longValue).sum() + " input records")
                .atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Map<TopicPartition, OffsetAndMetadata> committed =
                            admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
                    return produced.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset() >= e.getValue());
                });
    }

    private Map<TopicPartition, Long> inputEndOffsets() throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : Topics.INPUTS) {
            for (int p = 0; p < PARTITIONS; p++) latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /**
     * Feeds {@code events} an hour of event time at a time until {@code scem.alerts} holds alerts
     * in a transaction not committed yet (its high watermark beyond its last stable offset) — what
     * a crash right now must neither lose nor repeat — and returns the events not fed yet. Fed all
     * at once, the job could commit the last of their alerts before the test looks.
     */
    List<SupplyEvent> produceUntilAlertsUncommitted(List<SupplyEvent> events) throws Exception {
        int next = 0;
        while (next < events.size()) {
            long hourEnd = events.get(next).occurredAt - events.get(next).occurredAt % 3_600_000 + 3_600_000;
            int from = next;
            while (next < events.size() && events.get(next).occurredAt < hourEnd) next++;
            produce(events.subList(from, next));
            try {
                // The job takes up to a checkpoint interval to commit what this hour raised: look that long.
                await().atMost(CHECKPOINT_INTERVAL).pollInterval(Duration.ofMillis(20)).until(this::alertsUncommitted);
                return events.subList(next, events.size());
            } catch (ConditionTimeoutException nothingPending) {
                // This hour raised nothing, or the job committed it already: the next hour.
            }
        }
        throw new AssertionError("no alert was ever seen uncommitted while " + events.size() + " events went in");
    }

    private boolean alertsUncommitted() throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) latest.put(new TopicPartition(Topics.ALERTS, p), OffsetSpec.latest());
        var written = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
        var committed = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        return written.keySet().stream().anyMatch(tp -> written.get(tp).offset() > committed.get(tp).offset());
    }

    /**
     * After {@link #produceEndOfInput}: waits until a checkpoint covers the whole input and two more
     * complete (the alerts that the last watermark fires are committed with one of those), then
     * returns every committed alert, as JSON without {@code detectedAt} (the wall-clock time it was
     * raised, the only field that differs between runs of the same input).
     */
    List<ObjectNode> awaitAllAlerts() throws Exception {
        awaitInputCheckpointed();
        long completed = flink.completedCheckpoints(jobId);
        await("two more checkpoints of " + jobId).atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> flink.completedCheckpoints(jobId) >= completed + 2);
        return committedAlerts();
    }

    /** Every alert committed to {@code scem.alerts} so far, in partition order, without {@code detectedAt}. */
    List<ObjectNode> committedAlerts() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ObjectNode> alerts = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) partitions.add(new TopicPartition(Topics.ALERTS, i));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // A read_committed consumer's end offsets are the last stable offsets.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) throw new AssertionError("scem.alerts not read to " + ends + " in " + TIMEOUT);
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    ObjectNode alert = (ObjectNode) JSON.readTree(r.value());
                    alert.remove("detectedAt");
                    alerts.add(alert);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return alerts;
    }

    /** Stops the job with a savepoint in this run's directory; returns its path. */
    String stopWithSavepoint() throws IOException, InterruptedException {
        String savepoint = flink.stopWithSavepoint(jobId, dir.resolve("savepoints"));
        jobId = null;
        return savepoint;
    }

    /** Cancels the job (over REST) and waits until it is. */
    void cancel() throws IOException, InterruptedException {
        flink.cancel(jobId);
        jobId = null;
    }

    /** Cancels the job if it runs, and closes the clients; the broker is the caller's. */
    @Override
    public void close() throws Exception {
        try {
            if (jobId != null) flink.cancel(jobId);
        } finally {
            producer.close(Duration.ofSeconds(5));
            admin.close(Duration.ofSeconds(5));
        }
    }
}
