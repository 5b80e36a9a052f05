package io.scem.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scem run} and {@code scem notify} refuse a bad settings file or bad rules with the
 * problems, each at its file and line, and an exit code, before any job starts.
 */
class RunCommandTest {
    @TempDir
    Path dir;

    private final ScemCli scem = new ScemCli();

    @Test
    void shouldPrintEachProblemOfTheSettingsFileAtItsLineAndExit2() throws Exception {
        Path config = Files.writeString(dir.resolve("scem.properties"),
                "kafka.bootstrap = localhost:9092\njob.paralellism = 2\njob.idle-timeout = soon\n");

        assertThat(scem.run("run", "--config", config.toString())).isEqualTo(2);

        assertThat(scem.err().lines()).containsExactly(
                config + ":2: unknown key 'job.paralellism' (did you mean job.parallelism?)",
                config + ":3: job.idle-timeout: 'soon' is not a duration like 500ms, 30s, 5m, 2h or 7d");
    }

    @Test
    void shouldSayAMissingSettingsFileCannotBeReadAndExit2() {
        Path missing = dir.resolve("absent.properties");

        assertThat(scem.run("run", "--config", missing.toString())).isEqualTo(2);
        assertThat(scem.run("notify", "--config", missing.toString())).isEqualTo(2);

        assertThat(scem.err().lines()).containsExactly("scem run: cannot read " + missing + ": no such file",
                "scem notify: cannot read " + missing + ": no such file");
    }

    @Test
    void shouldPrintTheRulesProblemsAtTheirFilesAndExit1() throws Exception {
        Path rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("stock.epl"), "@Name('X')\nselect * from Nowhere;\n");
        Path config = Files.writeString(dir.resolve("scem.properties"),
                "kafka.bootstrap = localhost:9092\nrules.dir = " + rules + "\n");

        assertThat(scem.run("run", "--config", config.toString())).isEqualTo(1);

        assertThat(scem.err()).startsWith(rules.resolve("stock.epl") + ":2:").contains("unknown event type 'Nowhere'");
    }

    /** Before, it was said after waiting 10 s for a broker that is not there. */
    @Test
    void shouldSayACheckpointDirectoryThatIsAFileBeforeAskingForTheBroker() throws Exception {
        Path file = Files.writeString(dir.resolve("checkpoints"), "not a directory");
        String unreachableBroker = "kafka.bootstrap = 127.0.0.1:9\njob.checkpoint-dir = " + file.toUri() + "\n";
        Path run = Files.writeString(dir.resolve("scem.properties"),
                unreachableBroker + "rules.dir = " + Path.of("../rules").toAbsolutePath() + "\n");
        Path notify = Files.writeString(dir.resolve("notify.properties"), unreachableBroker);

        assertThat(scem.run("run", "--config", run.toString())).isEqualTo(2);
        assertThat(scem.run("notify", "--config", notify.toString())).isEqualTo(2);

        assertThat(scem.err().lines()).containsExactly(
                "scem run: job.checkpoint-dir " + file.toUri() + " is a file, not a directory",
                "scem notify: job.checkpoint-dir " + file.toUri() + " is a file, not a directory");
    }

    @Test
    void shouldPutTheNotifiersChannelKeysAtTheirLinesToo() throws Exception {
        Path config = Files.writeString(dir.resolve("notify.properties"),
                "kafka.bootstrap = localhost:9092\nsmtp.hots = mail.example.com\n");

        assertThat(scem.run("notify", "--config", config.toString())).isEqualTo(2);

        assertThat(scem.err()).startsWith(config + ":2: unknown key 'smtp.hots' (did you mean smtp.host?)");
    }
}
