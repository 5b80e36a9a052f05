package io.scem.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PropertiesFile}: values as {@code Properties} reads them, problems at the line of their key, and the key meant. */
class PropertiesFileTest {
    private static final Set<String> KNOWN = Set.of("job.parallelism", "job.idle-timeout", "rules.dir");

    @TempDir
    Path dir;

    @Test
    void shouldPutEachProblemAtTheLineOfItsKeyPastCommentsAndContinuedValues() throws Exception {
        PropertiesFile file = write("""
                # the job
                ! also a comment
                rules.dir = a, \\
                    b, \\
                    c
                job.idle-timeout: 5m
                  job.parallelism 2
                """);

        assertThat(file.values().getProperty("rules.dir")).isEqualTo("a, b, c");
        assertThat(file.locate("rules.dir: not a directory")).isEqualTo(dir.resolve("s.properties") + ":3: rules.dir: not a directory");
        assertThat(file.locate("job.idle-timeout is required")).endsWith("s.properties:6: job.idle-timeout is required");
        assertThat(file.locate("job.parallelism: 'x' is not a whole number")).endsWith(":7: job.parallelism: 'x' is not a whole number");
        assertThat(file.locate("kafka.bootstrap is required")).endsWith("s.properties: kafka.bootstrap is required");
    }

    @Test
    void shouldPlaceARepeatedKeyAtItsLastLineWhoseValueCounts() throws Exception {
        PropertiesFile file = write("job.parallelism = 1\njob.parallelism = 2\n");

        assertThat(file.values().getProperty("job.parallelism")).isEqualTo("2");
        assertThat(file.locate("job.parallelism: bad")).endsWith(":2: job.parallelism: bad");
    }

    @Test
    void shouldNameTheKeyMeantForASlipAndListTheKnownKeysOtherwise() throws Exception {
        PropertiesFile file = write("job.paralellism = 2\nkafka.client.acks = all\nsurprise = 1\n");

        List<String> problems = file.unknownKeys(KNOWN, List.of("kafka.client."));

        assertThat(problems).containsExactly(
                "unknown key 'job.paralellism' (did you mean job.parallelism?)",
                "unknown key 'surprise' (known: job.idle-timeout, job.parallelism, rules.dir, kafka.client.*)");
        assertThat(file.locate(problems.get(1))).endsWith(":3: " + problems.get(1));
    }

    @Test
    void shouldReportProblemsInTheOrderOfTheFileThoseWithoutALineLast() throws Exception {
        PropertiesFile file = write("rules.dir = x\njob.idle-timeout = soon\n");

        String message = file.problems(List.of("kafka.bootstrap is required", "job.idle-timeout: 'soon' is not a duration",
                "rules.dir: no such directory")).getMessage();

        assertThat(message.lines()).containsExactly(
                dir.resolve("s.properties") + ":1: rules.dir: no such directory",
                dir.resolve("s.properties") + ":2: job.idle-timeout: 'soon' is not a duration",
                dir.resolve("s.properties") + ": kafka.bootstrap is required");
    }

    @Test
    void shouldSuggestOnlyWhatIsAFewLettersAway() {
        assertThat(PropertiesFile.closest("job.idle-timout", KNOWN)).isEqualTo("job.idle-timeout");
        assertThat(PropertiesFile.closest("rule.dirs", KNOWN)).isEqualTo("rules.dir");
        assertThat(PropertiesFile.closest("job.checkpoint-dir", KNOWN)).isNull();
        assertThat(PropertiesFile.closest("ab", Set.of("ac"))).isNull();
        assertThat(PropertiesFile.editDistance("kitten", "sitting")).isEqualTo(3);
    }

    private PropertiesFile write(String text) throws Exception {
        Path file = dir.resolve("s.properties");
        Files.writeString(file, text);
        return PropertiesFile.read(file);
    }
}
