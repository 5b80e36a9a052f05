package io.scem.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.entity.EntityKeys;
import io.scem.core.event.EventDecoder;
import io.scem.core.event.SupplyEvent;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scem simulate --kafka} against a real broker: the same events as {@code scem simulate
 * --out}, each on its stage's topic, keyed by its entity, one entity's events in order.
 */
class SimulateCommandTest {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir
    Path dir;

    private final ScemCli cli = new ScemCli();

    private int scem(String... args) {
        return cli.run(args);
    }

    @Test
    void shouldPublishTheSameEventsAsTheFileToTheirStageTopicsKeyedByEntity() throws Exception {
        KAFKA.createTopics(2, Topics.INPUTS.toArray(String[]::new));
        Path file = dir.resolve("events.jsonl");
        assertThat(scem("simulate", "--out", file.toString(), "--days", "3", "--seed", "7")).as(cli.err()).isZero();
        List<String> lines = Files.readAllLines(file);

        int exit = scem("simulate", "--kafka", KAFKA.bootstrapServers(), "--days", "3", "--seed", "7", "--speed", "0");

        assertThat(exit).as(cli.out() + "\n" + cli.err()).isZero();
        assertThat(cli.out()).contains(String.format("%,d events to %s", lines.size(), KAFKA.bootstrapServers()));
        // Per entity key, the lines in file order, and what each topic should hold.
        Map<String, List<String>> expectedByKey = new LinkedHashMap<>();
        Map<String, Integer> expectedPerTopic = new LinkedHashMap<>();
        EventDecoder decoder = new EventDecoder();
        for (String line : lines) {
            SupplyEvent e = decoder.decode(line, "file", 0).event;
            expectedByKey.computeIfAbsent(e.type.stage().topic() + " " + EntityKeys.of(e).get(0), k -> new ArrayList<>()).add(line);
            expectedPerTopic.merge(e.type.stage().topic(), 1, Integer::sum);
        }
        Map<String, List<String>> actualByKey = new LinkedHashMap<>();
        for (String topic : Topics.INPUTS) {
            List<ConsumerRecord<String, String>> records =
                    KAFKA.consumeRecords(topic, false, expectedPerTopic.getOrDefault(topic, 0), Duration.ofSeconds(30));
            assertThat(records).as(topic).hasSize(expectedPerTopic.getOrDefault(topic, 0));
            for (ConsumerRecord<String, String> r : records) {
                actualByKey.computeIfAbsent(topic + " " + r.key(), k -> new ArrayList<>()).add(r.value());
            }
        }
        assertThat(actualByKey).isEqualTo(expectedByKey);
        assertThat(expectedPerTopic).containsOnlyKeys(Topics.INPUTS);
    }

    @Test
    void shouldRejectClockOptionsWithAFile() {
        int exit = scem("simulate", "--out", dir.resolve("x.jsonl").toString(), "--follow-clock");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("--follow-clock and --status-file go with --kafka");
    }

    @Test
    void shouldRejectAStartThatIsNotAnInstant() {
        int exit = scem("simulate", "--out", dir.resolve("x.jsonl").toString(), "--start", "yesterday");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("'yesterday' is not an ISO-8601 instant, now, or now-DURATION");
    }
}
