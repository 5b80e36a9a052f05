package io.scem.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.jobs.testing.KafkaBroker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link KafkaPreflight} against a real broker that does not create topics on first use, and against none. */
class KafkaPreflightTest {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @Test
    void saysWhichTopicsAreMissingUntilTheyExist() throws Exception {
        List<String> topics = List.of("preflight.b", "preflight.a");

        assertThat(KafkaPreflight.problem(KAFKA.connection(), topics, Duration.ofSeconds(10))).isEqualTo(
                "no topic preflight.a, preflight.b at " + KAFKA.bootstrapServers()
                        + ", and the broker does not create topics on first use: create them (README, \"Your own events\")");

        KAFKA.createTopics(1, "preflight.a", "preflight.b");
        assertThat(KafkaPreflight.problem(KAFKA.connection(), topics, Duration.ofSeconds(10))).isNull();
    }

    @Test
    void saysWhenNoBrokerAnswers() {
        assertThat(KafkaPreflight.problem(KafkaConnection.plaintext("127.0.0.1:9"), List.of("x"), Duration.ofSeconds(2)))
                .isEqualTo("no answer from Kafka at 127.0.0.1:9 within 2s (is the broker up?)");
    }
}
