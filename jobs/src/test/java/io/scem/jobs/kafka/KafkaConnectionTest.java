package io.scem.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link KafkaConnection}: {@code kafka.client.*} passes through verbatim, secrets from env: or file:, never shown. */
class KafkaConnectionTest {
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"scem\" password=\"Kafka-Pa55\";";
    private static final String TRUSTSTORE_PASSWORD = "Trust-Pa55";

    @TempDir
    Path dir;

    @Test
    void shouldPassEverySettingThroughVerbatimWithItsSecretsResolved() throws Exception {
        Path truststorePassword = Files.writeString(dir.resolve("truststore-password"), TRUSTSTORE_PASSWORD + "\n");
        List<String> errors = new ArrayList<>();

        KafkaConnection kafka = KafkaConnection.parse(properties(
                "kafka.bootstrap", "broker-1:9093,broker-2:9093",
                "kafka.client.security.protocol", "SASL_SSL",
                "kafka.client.sasl.mechanism", "PLAIN",
                "kafka.client.sasl.jaas.config", "env:SCEM_KAFKA_JAAS",
                "kafka.client.ssl.truststore.location", "/etc/scem/truststore.p12",
                "kafka.client.ssl.truststore.password", "file:" + truststorePassword,
                "kafka.client.transaction.timeout.ms", "300000",
                "kafka.group-id", "not a client setting: left to its owner"), Map.of("SCEM_KAFKA_JAAS", JAAS)::get, errors);

        assertThat(errors).isEmpty();
        assertThat(kafka.clientProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bootstrap.servers", "broker-1:9093,broker-2:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", JAAS,
                "ssl.truststore.location", "/etc/scem/truststore.p12",
                "ssl.truststore.password", TRUSTSTORE_PASSWORD,
                "transaction.timeout.ms", "300000"));
        assertThat(kafka.toString()).doesNotContain("Kafka-Pa55", TRUSTSTORE_PASSWORD)
                .contains("sasl.jaas.config=***", "ssl.truststore.password=***", "security.protocol=SASL_SSL");
    }

    @Test
    void shouldRefuseAPasswordWrittenIntoTheFileWithoutRepeatingIt() {
        List<String> errors = new ArrayList<>();

        KafkaConnection kafka = KafkaConnection.parse(properties("kafka.bootstrap", "broker:9093",
                "kafka.client.sasl.jaas.config", JAAS, "kafka.client.ssl.key.password", "Key-Pa55"), name -> null, errors);

        assertThat(kafka).isNull();
        assertThat(errors).hasSize(2).allSatisfy(e -> assertThat(e).contains("env:VARIABLE or file:PATH")
                .doesNotContain("Kafka-Pa55", "Key-Pa55"));
        assertThat(String.join("\n", errors)).contains("kafka.client.sasl.jaas.config", "kafka.client.ssl.key.password");
    }

    @Test
    void shouldRefuseMisspelledSettingsAndThoseTheJobSetsItself() {
        List<String> errors = new ArrayList<>();

        KafkaConnection.parse(properties("kafka.bootstrap", "broker:9093",
                "kafka.client.security.protocl", "SASL_SSL",
                "kafka.client.group.id", "other",
                "kafka.client.isolation.level", "read_uncommitted",
                "kafka.client.bootstrap.servers", "elsewhere:9092"), name -> null, errors);

        assertThat(errors).containsExactlyInAnyOrder(
                "kafka.client.security.protocl: 'security.protocl' is not a setting of Kafka's consumer, producer or admin client",
                "kafka.client.group.id: not allowed, set kafka.group-id instead",
                "kafka.client.isolation.level: not allowed, the job reads read_committed, always",
                "kafka.client.bootstrap.servers: not allowed, set kafka.bootstrap instead");
    }

    @Test
    void shouldNameAMissingEnvironmentVariable() {
        List<String> errors = new ArrayList<>();

        KafkaConnection.parse(properties("kafka.bootstrap", "broker:9093", "kafka.client.sasl.jaas.config", "env:SCEM_KAFKA_JAAS"),
                name -> null, errors);

        assertThat(errors).containsExactly("kafka.client.sasl.jaas.config: environment variable SCEM_KAFKA_JAAS is not set or empty");
    }

    @Test
    void shouldGiveTheCommandLineTheClientSettingsOfAJobsConfigurationFile() throws Exception {
        Path login = Files.writeString(dir.resolve("kafka-login"), JAAS);
        Path config = Files.writeString(dir.resolve("scem.properties"), String.join("\n",
                "kafka.bootstrap = the-jobs-broker:9093",
                "kafka.client.security.protocol = SASL_PLAINTEXT",
                "kafka.client.sasl.jaas.config = file:" + login,
                "rules.dir = rules"));

        KafkaConnection kafka = KafkaConnection.forCommandLine("the-commands-broker:9093", config);

        assertThat(kafka.clientProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bootstrap.servers", "the-commands-broker:9093",
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.jaas.config", JAAS));
        assertThat(KafkaConnection.forCommandLine("broker:9092", null).clientProperties())
                .containsExactlyEntriesOf(Map.of("bootstrap.servers", "broker:9092"));
    }

    private static Properties properties(String... keysAndValues) {
        Properties p = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        return p;
    }
}
