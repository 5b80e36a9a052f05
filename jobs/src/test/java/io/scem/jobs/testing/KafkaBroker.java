package io.scem.jobs.testing;

import io.scem.jobs.kafka.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node KRaft Kafka broker in this JVM, for tests. Use it as a JUnit 5 extension
 * ({@code @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();}) or call
 * {@link #start()} and {@link #close()} from {@code @BeforeAll}/{@code @AfterAll}.
 *
 * <p>Replication factors and ISR of the internal topics are 1, so transactions (exactly-once
 * sinks) and consumer groups work on the single node.
 *
 * <p>{@link #saslPlain()} is a broker whose client listener takes SASL_PLAINTEXT with the PLAIN
 * mechanism only: a client without credentials gets no answer. Its users are those of Kafka's
 * test kit ({@link JaasUtils}): {@link #SASL_ADMIN} (what this class's own helpers use) and
 * {@link #SASL_USER}, with the passwords the kit gives them.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    /** The test kit's PLAIN users on a {@link #saslPlain()} broker. */
    public static final String SASL_ADMIN = JaasUtils.KAFKA_PLAIN_ADMIN;
    public static final String SASL_USER = JaasUtils.KAFKA_PLAIN_USER1;
    public static final String SASL_USER_PASSWORD = JaasUtils.KAFKA_PLAIN_USER1_PASSWORD;

    private final boolean saslPlain;
    private KafkaClusterTestKit cluster;
    private long startMillis;

    /** A broker without security: its clients need only {@link #bootstrapServers()}. */
    public KafkaBroker() {
        this(false);
    }

    private KafkaBroker(boolean saslPlain) {
        this.saslPlain = saslPlain;
    }

    /** A broker whose clients must authenticate: SASL_PLAINTEXT, mechanism PLAIN. */
    public static KafkaBroker saslPlain() {
        return new KafkaBroker(true);
    }

    /** The JAAS line a client logs in with as {@code user}: the value of {@code sasl.jaas.config}. */
    public static String plainLogin(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    public synchronized KafkaBroker start() throws Exception {
        if (cluster != null) {
            return this;
        }
        long t0 = System.nanoTime();
        TestKitNodes.Builder nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1);
        if (saslPlain) {
            // The kit then writes a JAAS file with its PLAIN users and points the JVM at it.
            nodes.setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT);
        }
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build());
        if (saslPlain) {
            // The kit also installs an authorizer that denies whatever no ACL allows, the controller's
            // plaintext listener included; authentication is what is tested here, not ACLs.
            builder.setConfigProp("sasl.enabled.mechanisms", "PLAIN")
                    .setConfigProp("sasl.mechanism.inter.broker.protocol", "PLAIN")
                    .setConfigProp("allow.everyone.if.no.acl.found", "true");
        }
        KafkaClusterTestKit kit = builder
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        try {
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
        } catch (Exception e) {
            kit.close();
            throw e;
        }
        cluster = kit;
        startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        return this;
    }

    /** How long {@link #start()} took, for reports. */
    public long startMillis() {
        return startMillis;
    }

    public String bootstrapServers() {
        if (cluster == null) {
            throw new IllegalStateException("broker not started");
        }
        return cluster.bootstrapServers();
    }

    /** How the jobs' clients reach this broker: its bootstrap servers, no security settings. */
    public KafkaConnection connection() {
        if (saslPlain) throw new IllegalStateException("a SASL broker's clients need credentials: configure them as the job does");
        return KafkaConnection.plaintext(bootstrapServers());
    }

    /** What this class's own clients connect with: the bootstrap servers, and on a SASL broker the admin's login. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (saslPlain) {
            p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name);
            p.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
            p.put(SaslConfigs.SASL_JAAS_CONFIG, plainLogin(SASL_ADMIN, JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD));
        }
        return p;
    }

    public void createTopics(int partitions, String... names) throws Exception {
        List<NewTopic> topics = Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList();
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(topics).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A compacted topic ({@code cleanup.policy=compact}): Kafka keeps the latest value of each key. */
    public void createCompactedTopic(String name, int partitions) throws Exception {
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(Map.of("cleanup.policy", "compact"));
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Sets one configuration of a topic (e.g. {@code max.message.bytes}). */
    public void setTopicConfig(String topic, String key, String value) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(key, value),
                    AlterConfigOp.OpType.SET)))).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Writes values without keys, all to partition 0 (order kept); a null value is a tombstone. */
    public void produce(String topic, List<String> values) throws Exception {
        produce(topic, 0, values);
    }

    /** Writes values without keys to one partition, in order; a null value is a tombstone. */
    public void produce(String topic, int partition, List<String> values) throws Exception {
        send(values.stream().map(v -> new ProducerRecord<String, String>(topic, partition, null, v)).toList());
    }

    /** Writes key/value pairs, partitioned by key as Kafka's default partitioner does. */
    public void produceKeyed(String topic, List<Map.Entry<String, String>> records) throws Exception {
        send(records.stream().map(r -> new ProducerRecord<>(topic, r.getKey(), r.getValue())).toList());
    }

    private void send(List<ProducerRecord<String, String>> records) throws Exception {
        Properties p = clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // The broker decides what is too large (a topic's max.message.bytes), not this test producer.
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 << 20);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (ProducerRecord<String, String> r : records) {
                producer.send(r).get();
            }
        }
    }

    /** The values of {@link #consumeRecords}. */
    public List<String> consumeAll(String topic, boolean readCommitted, int expected, Duration timeout) {
        return consumeRecords(topic, readCommitted, expected, timeout).stream().map(ConsumerRecord::value).toList();
    }

    /**
     * Reads the topic from the beginning until it holds at least {@code expected} records and
     * every partition has been read to its end (for {@code readCommitted}, its last stable
     * offset), or until the timeout. Returns everything read — more than expected if the topic
     * holds more, fewer on timeout — so an exact assertion on the result is meaningful.
     */
    public List<ConsumerRecord<String, String>> consumeRecords(
            String topic, boolean readCommitted, int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(readCommitted)) {
            Set<TopicPartition> partitions = assignAll(consumer, topic);
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
                if (out.size() >= expected && atEnd(consumer, partitions)) {
                    break;
                }
            }
        }
        return out;
    }

    /** Reads the topic from the beginning until no record has arrived for {@code quiet}. */
    public List<String> consumeUntilQuiet(String topic, boolean readCommitted, Duration quiet, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(readCommitted)) {
            assignAll(consumer, topic);
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline && System.nanoTime() - quietSince < quiet.toNanos()) {
                int before = out.size();
                consumer.poll(Duration.ofMillis(100)).forEach(r -> out.add(r.value()));
                if (out.size() > before) {
                    quietSince = System.nanoTime();
                }
            }
        }
        return out;
    }

    private KafkaConsumer<String, String> consumer(boolean readCommitted) {
        Properties p = clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    // Manual assignment: no consumer group, no rebalance wait, always from the beginning.
    private static Set<TopicPartition> assignAll(KafkaConsumer<String, String> consumer, String topic) {
        Set<TopicPartition> partitions = consumer.partitionsFor(topic, ADMIN_TIMEOUT).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .collect(Collectors.toSet());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    private static boolean atEnd(KafkaConsumer<String, String> consumer, Set<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, ADMIN_TIMEOUT);
        return partitions.stream().allMatch(tp -> consumer.position(tp, ADMIN_TIMEOUT) >= ends.get(tp));
    }

    @Override
    public synchronized void close() throws Exception {
        if (cluster != null) {
            try {
                cluster.close();
            } finally {
                cluster = null;
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }
}
