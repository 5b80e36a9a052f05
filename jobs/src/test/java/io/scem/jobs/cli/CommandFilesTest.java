package io.scem.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrong paths given to the commands: each is said in one line that names the file, before any
 * work, with exit 2; an I/O failure the checks cannot foresee ends the command with one line and
 * exit 1. Before, a directory given as {@code replay --alerts} failed the job after every event
 * had been processed, and most of these printed a stack trace.
 */
class CommandFilesTest {
    @TempDir
    Path dir;

    private Path events;
    private Path aFile;
    private final ScemCli cli = new ScemCli();

    @BeforeEach
    void files() throws Exception {
        events = Files.writeString(dir.resolve("events.jsonl"), "");
        aFile = Files.writeString(dir.resolve("notes.txt"), "not a directory");
    }

    @Test
    void aDirectoryGivenAsAFileToReadIsSaidBeforeAnyWork() throws Exception {
        String directory = dir.toString();
        assertRefused(directory + " is a directory, not a file",
                "replay", "--events", directory, "--alerts", dir.resolve("out.jsonl").toString());
        assertRefused(directory + " is a directory, not a file",
                "verify", "--events", directory, "--alerts", events.toString());
        assertRefused(directory + " is a directory, not a file", "rules", "backtest", "--events", directory);
        assertRefused(directory + " is a directory, not a file", "order", "--file", directory, "O-1");
        assertRefused(directory + " is a directory, not a file",
                "atp", "--profiles", directory, "--site", "S1", "--sku", "A", "--quantity", "1");
        assertRefused(directory + " is a directory, not a file", "silence", "list", "--file", directory);
    }

    @Test
    void aFileThatIsNotThereIsSaidSo() throws Exception {
        Path missing = dir.resolve("missing.jsonl");
        assertRefused("cannot read " + missing + ": no such file",
                "replay", "--events", missing.toString(), "--alerts", dir.resolve("out.jsonl").toString());
    }

    @Test
    void anOutputThatCannotBeWrittenIsSaidBeforeTheReplayRuns() throws Exception {
        Path subdirectory = Files.createDirectory(dir.resolve("out"));
        assertRefused(subdirectory + " is a directory, not a file",
                "replay", "--events", events.toString(), "--alerts", subdirectory.toString());
        Path underAFile = aFile.resolve("out.jsonl");
        assertRefused("cannot write " + underAFile + ": " + aFile + " is a file, not a directory",
                "replay", "--events", events.toString(), "--alerts", underAFile.toString());
        assertRefused(subdirectory + " is a directory, not a file",
                "rules", "backtest", "--events", events.toString(), "--output", subdirectory.toString());
        assertRefused(subdirectory + " is a directory, not a file", "simulate", "--days", "1", "--out", subdirectory.toString());
        assertThat(Files.list(subdirectory)).as("nothing written").isEmpty();
    }

    @Test
    void anOutputsDirectoryIsMadeWhenMissing() throws Exception {
        Path out = dir.resolve("new/deeper/events.jsonl");

        int exit = cli.run("simulate", "--days", "1", "--out", out.toString());

        assertThat(exit).as(cli.err()).isZero();
        assertThat(Files.readAllLines(out)).isNotEmpty();
    }

    @Test
    void aSilencesFileWithALineThatIsNotASilenceIsSaidAtItsLine() throws Exception {
        Path silences = Files.writeString(dir.resolve("silences.jsonl"), "not json\n");
        assertRefused("silences.jsonl:1: not JSON", "silence", "list", "--file", silences.toString());
    }

    /** Before, a file of events naming the order ended in a NullPointerException's stack trace. */
    @Test
    void aFileThatIsNotOrderStatusesIsSaidAtItsFirstLineWhateverTheOrder() throws Exception {
        Path eventsOfTheOrder = Files.writeString(dir.resolve("month.jsonl"),
                "{\"eventId\":\"e1\",\"type\":\"ORDER_PLACED\",\"occurredAt\":\"2026-01-05T10:00:00Z\",\"orderId\":\"SO-3\"}\n");
        String expected = eventsOfTheOrder + ":1: not an order status: updatedAt is required"
                + " (--file takes a replay's OUT.order-status.jsonl)";

        assertRefused(expected, "order", "--file", eventsOfTheOrder.toString(), "SO-3");
        assertRefused(expected, "order", "--file", eventsOfTheOrder.toString(), "SO-4");
    }

    @Test
    void aRulesDirectoryThatIsNotThereIsSaidSo() {
        Path missing = dir.resolve("no-rules");

        assertThat(said(1, "rules", "check", missing.toString()).strip())
                .isEqualTo(missing + ": no such directory (the rules directory: --rules, rules.dir or $SCEM_RULES)");
    }

    /** The checks cannot foresee every failure: what they miss still ends in a line, not a stack trace. */
    @Test
    void anUnforeseenIoFailureEndsTheCommandWithOneLine() {
        Path inMissingDirectory = dir.resolve("missing/silences.jsonl");

        int exit = cli.run("silence", "add", "--file", inMissingDirectory.toString(), "--match", "site=S1", "--for", "1h",
                "--by", "ops", "--comment", "maintenance");

        assertThat(exit).isEqualTo(1);
        assertThat(cli.err().strip()).isEqualTo("scem silence add: " + inMissingDirectory + ": no such file or directory");
    }

    /** Runs {@code args}, expecting exit 2 and {@code message} on stderr, and no stack trace. */
    private void assertRefused(String message, String... args) {
        assertThat(said(2, args)).as(String.join(" ", args)).contains(message).doesNotContain("\tat ");
    }

    /** What {@code args} printed on stderr (some commands print there directly), having exited with {@code exit}. */
    private String said(int expectedExit, String... args) {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = cli.run(args);
        } finally {
            System.setErr(before);
        }
        String said = cli.err() + stderr.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(String.join(" ", args) + ": " + said).isEqualTo(expectedExit);
        return said;
    }
}
