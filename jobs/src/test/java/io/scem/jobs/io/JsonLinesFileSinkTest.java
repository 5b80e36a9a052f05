package io.scem.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.event.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JsonLinesFileSink}: one generator for the whole file still writes one object per line, and nothing between. */
class JsonLinesFileSinkTest {
    @Test
    void shouldWriteEachRecordAsItsJsonTextOnItsOwnLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out.dead-letter.jsonl");
        DeadLetter first = new DeadLetter("late: 10 min behind", "{\"eventId\":\"e-1\"}", "file", 1);
        DeadLetter second = new DeadLetter("invalid-json: not a JSON object", "ünïcode \"quoted\"\nand a newline", "file", 2);

        try (SinkWriter<DeadLetter> writer = new JsonLinesFileSink<DeadLetter>(file, DeadLetterJson::write).createWriter(null)) {
            writer.write(first, null);
            writer.write(second, null);
            writer.flush(true);
        }

        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .isEqualTo(DeadLetterJson.write(first) + "\n" + DeadLetterJson.write(second) + "\n");
        assertThat(Files.readAllLines(file).stream().map(DeadLetterJson::read))
                .usingRecursiveFieldByFieldElementComparator().containsExactly(first, second);
    }
}
