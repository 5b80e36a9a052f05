package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ScemConfig}: the shipped example parses to the defaults; the idle timeout, Kafka client settings and InfluxDB credentials are read. */
class ScemConfigTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadTheShippedExampleAsTheDefaults() throws Exception {
        ScemConfig config = ScemConfig.load(Path.of("../config/scem.properties"));
        assertThat(config.job()).isEqualTo(JobSettings.defaults());
        assertThat(config.job().idleTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldTurnIdlenessOffWithZero() throws Exception {
        assertThat(load("job.idle-timeout = 0").job().idleTimeout()).isZero();
        assertThat(load("job.idle-timeout = 30s").job().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldDefaultToOneMinuteWhenTheKeyIsAbsent() throws Exception {
        assertThat(load("").job().idleTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldNameTheKeyOfABadIdleTimeout() {
        assertThatThrownBy(() -> load("job.idle-timeout = soon")).hasMessageContaining("job.idle-timeout");
    }

    @Test
    void shouldPutEveryProblemAtItsLineAndNameTheKeyMeantForAMisspeltOne() {
        assertThatThrownBy(() -> load("job.paralellism = 2\njob.parallelism = two"))
                .hasMessage(dir.resolve("scem.properties") + ":2: unknown key 'job.paralellism' (did you mean job.parallelism?)\n"
                        + dir.resolve("scem.properties") + ":3: job.parallelism: 'two' is not a whole number");
    }

    /** Before, an I/O error that named no file: "Input length = 1". */
    @Test
    void shouldSayWhereAFileSavedInAnotherEncodingThanUtf8IsNotUtf8() throws Exception {
        Path file = dir.resolve("scem.properties");
        Files.write(file, "kafka.bootstrap = localhost:9092\n# r\u00e9seau du site\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> ScemConfig.load(file))
                .hasMessage(file + ":2:4: not UTF-8 text here (or the character U+FFFD): save the file as UTF-8");
    }

    @Test
    void shouldReadTheFirstKeyOfAFileSavedWithAByteOrderMark() throws Exception {
        Path file = dir.resolve("scem.properties");
        Files.writeString(file, "\uFEFFkafka.bootstrap = broker:9092\n");

        assertThat(ScemConfig.load(file).kafka().bootstrap()).isEqualTo("broker:9092");
    }

    @Test
    void shouldFollowOrdersUnlessTurnedOffAndNameTheKeyOfAnythingButTrueOrFalse() throws Exception {
        assertThat(load("").job().followOrders()).isTrue();
        assertThat(load("job.follow-orders = false").job().followOrders()).isFalse();
        assertThatThrownBy(() -> load("job.follow-orders = no")).hasMessageContaining("job.follow-orders: 'no' is not true or false");
    }

    @Test
    void shouldFollowTheRulesDirectoryEverySecondUnlessTurnedOff() throws Exception {
        assertThat(load("rules.dir = /srv/rules").ruleReload()).isEqualTo(new RuleReload("/srv/rules", Duration.ofSeconds(1)));
        assertThat(load("rules.reload-interval = 0").ruleReload()).isNull();
        assertThatThrownBy(() -> load("rules.reload-interval = often")).hasMessageContaining("rules.reload-interval");
    }

    @Test
    void shouldReadKafkaClientSettingsAndInfluxCredentialsWithTheirSecretsMasked() throws Exception {
        Path file = dir.resolve("scem.properties");
        Files.writeString(file, String.join("\n", "kafka.bootstrap = broker:9093",
                "kafka.client.security.protocol = SASL_PLAINTEXT",
                "kafka.client.sasl.mechanism = PLAIN",
                "kafka.client.sasl.jaas.config = env:SCEM_KAFKA_JAAS",
                "influx.url = http://influx:8086",
                "influx.username = scem",
                "influx.password = env:SCEM_INFLUX_PASSWORD"));
        Map<String, String> env = Map.of("SCEM_KAFKA_JAAS", "jaas-with-Kafka-Pa55", "SCEM_INFLUX_PASSWORD", "Influx-Pa55");

        ScemConfig config = ScemConfig.load(file, env::get);

        assertThat(config.kafka().clientProperties()).containsEntry("sasl.jaas.config", "jaas-with-Kafka-Pa55")
                .containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("bootstrap.servers", "broker:9093");
        assertThat(config.influx().username()).isEqualTo("scem");
        assertThat(config.influx().password().reveal()).isEqualTo("Influx-Pa55");
        assertThat(config.toString()).doesNotContain("Kafka-Pa55", "Influx-Pa55").contains("sasl.jaas.config=***", "password=***");
    }

    @Test
    void shouldRefuseAnInfluxPasswordWrittenIntoTheFileAndAUserWithoutOne() {
        assertThatThrownBy(() -> load("influx.url = http://influx:8086\ninflux.username = scem\ninflux.password = Influx-Pa55"))
                .hasMessageContaining("influx.password: must be env:VARIABLE or file:PATH").hasMessageNotContaining("Influx-Pa55");
        assertThatThrownBy(() -> load("influx.url = http://influx:8086\ninflux.username = scem"))
                .hasMessageContaining("influx.password is required with influx.username");
    }

    @Test
    void shouldLimitHowFarAheadOfTheClockAnEventMayBeUnlessTurnedOff() throws Exception {
        assertThat(load("").maxEventLead()).isEqualTo(Duration.ofMinutes(15));
        assertThat(load("job.max-event-lead = 2h").maxEventLead()).isEqualTo(Duration.ofHours(2));
        assertThat(load("job.max-event-lead = 0").maxEventLead()).isZero();
    }

    /** Flink takes a URI with a scheme only, and would refuse a plain path when the job starts. */
    @Test
    void shouldTakeAPlainCheckpointPathAsALocalDirectory() throws Exception {
        assertThat(load("job.checkpoint-dir = /var/lib/scem/checkpoints").job().checkpointDir())
                .isEqualTo("file:///var/lib/scem/checkpoints");
        assertThat(load("job.checkpoint-dir = state/checkpoints").job().checkpointDir())
                .isEqualTo(Path.of("state/checkpoints").toAbsolutePath().toUri().toString());
        assertThat(load("job.checkpoint-dir = s3://bucket/scem").job().checkpointDir()).isEqualTo("s3://bucket/scem");
        assertThat(load("job.checkpoint-dir = file:///var/lib/scem").job().checkpointDir()).isEqualTo("file:///var/lib/scem");
        assertThat(load("job.checkpoint-dir = ").job().checkpointDir()).isNull();
    }

    /** influxdb-java would reject it only in each metrics writer, failing the job at every restart. */
    @Test
    void shouldRefuseAnInfluxUrlThatIsNotHttp() {
        assertThatThrownBy(() -> load("influx.url = influx:8086"))
                .hasMessageContaining("influx.url: 'influx:8086' is not an http:// or https:// URL with a host");
        assertThatThrownBy(() -> load("influx.url = http://"))
                .hasMessageContaining("influx.url: 'http://' is not a URL");
    }

    @Test
    void shouldLeaveTheWatermarkIntervalAndBufferTimeoutToTheClusterUnlessSet() throws Exception {
        assertThat(load("").watermarkInterval()).isNull();
        assertThat(load("").bufferTimeout()).isNull();
        ScemConfig tuned = load("job.watermark-interval = 20ms\njob.buffer-timeout = 0");
        assertThat(tuned.watermarkInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(tuned.bufferTimeout()).isZero();
    }

    @Test
    void shouldRefuseAWatermarkIntervalOfZeroAndNameTheKeyOfABadBufferTimeout() {
        assertThatThrownBy(() -> load("job.watermark-interval = 0"))
                .hasMessageContaining("job.watermark-interval: must be above 0");
        assertThatThrownBy(() -> load("job.buffer-timeout = fast")).hasMessageContaining("job.buffer-timeout");
    }

    private ScemConfig load(String extra) throws Exception {
        Path file = dir.resolve("scem.properties");
        Files.writeString(file, "kafka.bootstrap = localhost:9092\n" + extra + "\n");
        return ScemConfig.load(file);
    }
}
