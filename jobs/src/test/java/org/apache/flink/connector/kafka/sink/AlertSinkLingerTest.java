package org.apache.flink.connector.kafka.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.jobs.kafka.KafkaConnection;
import io.scem.jobs.kafka.KafkaIo;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The alerts producer sends each alert at once, unless the operator says otherwise. In Flink's
 * package: the sink's producer configuration is visible to it only.
 */
class AlertSinkLingerTest {
    @Test
    void alertsAreSentWithoutLingering() {
        KafkaSink<?> alerts = KafkaIo.alertSink(KafkaConnection.plaintext("broker:9092"), "alerts", true);
        assertThat(alerts.getKafkaProducerConfig().getProperty("linger.ms")).isEqualTo("0");
    }

    @Test
    void theOperatorsLingerWins() {
        Properties file = new Properties();
        file.setProperty("kafka.bootstrap", "broker:9092");
        file.setProperty("kafka.client.linger.ms", "20");
        List<String> errors = new ArrayList<>();
        KafkaConnection kafka = KafkaConnection.parse(file, name -> null, errors);
        assertThat(errors).isEmpty();

        assertThat(KafkaIo.alertSink(kafka, "alerts", true).getKafkaProducerConfig().getProperty("linger.ms")).isEqualTo("20");
    }

    @Test
    void otherSinksKeepTheProducersDefault() {
        KafkaSink<?> deadLetters = KafkaIo.deadLetterSink(KafkaConnection.plaintext("broker:9092"), "dead", true);
        assertThat(deadLetters.getKafkaProducerConfig().getProperty("linger.ms")).isNull();
    }
}
