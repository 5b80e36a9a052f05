package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.scem.core.alert.Alert;
import io.scem.core.rules.RuleSet;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.InfluxServer;
import io.scem.jobs.testing.KafkaBroker;
import io.scem.jobs.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production job ({@link MonitoringJobMain#build} from a configuration file, as {@code
 * ./scem run} reads it) against a Kafka broker that takes only SASL_PLAINTEXT/PLAIN logins and an
 * InfluxDB that takes only its admin's: the Kafka login comes from a file ({@code
 * kafka.client.sasl.jaas.config = file:…}), the InfluxDB password from the environment ({@code
 * influx.password = env:…}). The job reads its input, writes exactly-once alerts, probes its
 * consumer lag (an admin client) and writes metrics, all logged in; and neither secret appears in
 * anything logged meanwhile (SCEM at every level, Flink and Kafka at DEBUG) or in the toString of
 * the configuration.
 */
class SecuredConnectionsTest {
    private static final String DATABASE = "scem_secured";
    private static final String INFLUX_USER = "scem-admin";
    private static final String INFLUX_PASSWORD = "Influx-Pa55-0f-the-test";
    private static final String GROUP = "scem-secured";

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = KafkaBroker.saslPlain();

    @RegisterExtension
    @Order(2)
    static final InfluxServer INFLUX = InfluxServer.localWithAuthentication(INFLUX_USER, INFLUX_PASSWORD);

    @RegisterExtension
    @Order(3)
    static final MiniClusterExtension FLINK = Flink.miniCluster();

    @TempDir
    Path dir;

    @AfterAll
    static void dropDatabase() {
        INFLUX.dropDatabase(DATABASE);
    }

    @Test
    void shouldReadWriteAndWriteMetricsLoggedInWithoutShowingASecret() throws Exception {
        assertThatThrownBy(SecuredConnectionsTest::listTopicsWithoutLogin).as("the broker refuses clients that do not log in")
                .isInstanceOfAny(java.util.concurrent.TimeoutException.class, java.util.concurrent.ExecutionException.class);
        MonitoringJobEndToEndTest.createTopics(KAFKA);
        Path kafkaLogin = Files.writeString(dir.resolve("kafka-login"),
                KafkaBroker.plainLogin(KafkaBroker.SASL_USER, KafkaBroker.SASL_USER_PASSWORD) + "\n");
        Path configFile = Files.writeString(dir.resolve("scem.properties"), String.join("\n",
                "kafka.bootstrap = " + KAFKA.bootstrapServers(),
                "kafka.group-id = " + GROUP,
                "kafka.client.security.protocol = SASL_PLAINTEXT",
                "kafka.client.sasl.mechanism = PLAIN",
                "kafka.client.sasl.jaas.config = file:" + kafkaLogin,
                "rules.dir = ../rules",
                "rules.reload-interval = 0",
                "influx.url = " + INFLUX.url(),
                "influx.database = " + DATABASE,
                "influx.username = " + INFLUX_USER,
                "influx.password = env:SCEM_INFLUX_PASSWORD",
                "job.checkpoint-interval = 500ms",
                "job.parallelism = 2"), StandardCharsets.UTF_8);
        ScemConfig config = ScemConfig.load(configFile, Map.of("SCEM_INFLUX_PASSWORD", INFLUX_PASSWORD)::get);

        RuleSet rules = RuleSet.compile(config.rulesDir()); // before the capture: Esper's DEBUG output is long, and holds no secret

        List<String> seen = new ArrayList<>();
        List<Alert> alerts;
        try (LogCapture logs = new LogCapture(Level.DEBUG)) {
            KAFKA.produce(Topics.WAREHOUSE, 0, List.of(
                    "{\"eventId\":\"s1\",\"type\":\"STOCK_COUNTED\",\"occurredAt\":\"2026-01-05T08:00:00Z\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":5}",
                    "{\"eventId\":\"s2\",\"type\":\"GOODS_ISSUED\",\"occurredAt\":\"2026-01-05T10:00:00Z\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":5}"));
            MonitoringJobEndToEndTest.produceClockEvents(KAFKA, java.time.Instant.parse("2026-01-06T12:00:00Z").toEpochMilli());
            Configuration conf = new Configuration();
            conf.set(PipelineOptions.GENERIC_TYPES, false);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            MonitoringJobMain.build(env, config, rules);
            JobClient job = env.executeAsync("scem monitoring, secured");
            try {
                alerts = MonitoringJobEndToEndTest.awaitAlerts(KAFKA, 1, a -> a.rule.equals("STOCK_OUT"));
                // The lag probe (an admin client) and the metrics writer both logged in, or these stay empty.
                await().atMost(MonitoringJobEndToEndTest.TIMEOUT).untilAsserted(() -> {
                    assertThat(scalar("SELECT last(\"consumer_lag_records\") FROM \"scem_pipeline\"")).as("consumer lag").isNotNaN();
                    assertThat(scalar("SELECT sum(\"count\") FROM \"scem_alerts\" WHERE \"rule\" = 'STOCK_OUT'")).isEqualTo(1);
                });
            } finally {
                job.cancel().get();
            }
            seen.add(logs.log4j());
            seen.add(logs.libraries());
            seen.add(config.toString());
            seen.add(env.getConfiguration().toString());
            seen.add(env.getConfig().toString());
        }

        assertThat(alerts).extracting(MonitoringJobEndToEndTest::describe).contains("FIRING STOCK_OUT DC1|A 2026-01-05T10:00:00Z");
        // The capture saw the clients' configurations (Kafka prints them, passwords as [hidden]) and their logins.
        assertThat(seen.get(0)).contains("security.protocol = SASL_PLAINTEXT", "sasl.jaas.config = [hidden]",
                "Successfully logged in");
        assertThat(seen.get(2)).contains("sasl.jaas.config=***", "password=***");
        String influxBasicAuth = Base64.getEncoder()
                .encodeToString((INFLUX_USER + ":" + INFLUX_PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (String text : seen) {
            assertThat(text).doesNotContain(KafkaBroker.SASL_USER_PASSWORD, INFLUX_PASSWORD, influxBasicAuth);
        }
    }

    /** A client with the bootstrap servers alone: the SASL listener never answers it. */
    private static void listTopicsWithoutLogin() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000))) {
            admin.listTopics().names().get(5, TimeUnit.SECONDS);
        }
    }

    private static double scalar(String influxQl) {
        return INFLUX.scalar(DATABASE, influxQl);
    }
}
