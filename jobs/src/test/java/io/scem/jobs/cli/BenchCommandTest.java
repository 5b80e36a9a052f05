package io.scem.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.event.EventType;
import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    private static final Pattern REPLAY_LINE =
            Pattern.compile("run (\\d) of 2: replay: 20,000 events in [0-9.]+ s = [0-9,]+ events/s \\(parallelism 1\\), ([0-9,]+) alerts");

    private static final String FOUR_RULES = Path.of("..", "bench", "four-rules").toString();

    @TempDir
    Path dir;

    @Test
    void shouldReplayTheWorkloadAsOftenAsAskedInOneJvmWithTheSameAlertsEachTime() {
        String printed = printedBy("bench", "--events", "20000", "--file", dir.resolve("events.jsonl").toString(),
                "--rules", Path.of("..", "rules").toString(), "--parallelism", "1", "--no-follow-orders", "--repeat", "2");

        Matcher replays = REPLAY_LINE.matcher(printed);
        List<String> runs = new ArrayList<>();
        List<String> alertCounts = new ArrayList<>();
        while (replays.find()) {
            runs.add(replays.group(1));
            alertCounts.add(replays.group(2));
        }
        assertThat(runs).as(printed).containsExactly("1", "2");
        assertThat(alertCounts.get(0)).isNotEqualTo("0");
        assertThat(alertCounts.get(1)).isEqualTo(alertCounts.get(0));
        assertThat(printed).contains("run 2 of 2: CPU: ").containsPattern("warm runs \\(2 to 2\\): [0-9,]+ events/s on average");
        // The check it suggests runs, and finds the alerts of the four foundation rules the oracle's.
        Matcher check = Pattern.compile("against the oracle: SCEM_JAVA_OPTS=-Xmx1g \\./scem (verify .*)").matcher(printed);
        assertThat(check.find()).as(printed).isTrue();
        ScemCli verify = new ScemCli();
        assertThat(verify.run(check.group(1).split(" "))).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).containsPattern("the same [0-9,]+ alerts as the oracle");
    }

    @Test
    void shouldMakeTheWorkloadAgainUnlessTheFileWasMadeWithTheSameSizeAndSeed() throws IOException {
        Path events = dir.resolve("events.jsonl");
        String[] benchOf3000 = benchArgs(events, "3000", "7");

        assertThat(printedBy(benchOf3000)).contains("generated 3,000 events");
        assertThat(printedBy(benchArgs(events, "2000", "7"))).contains("generated 2,000 events");
        assertThat(linesOf(events)).isEqualTo(2000);
        // A marker per size once kept the first file's and reused the smaller file in its place.
        assertThat(printedBy(benchOf3000)).contains("generated 3,000 events");
        assertThat(linesOf(events)).isEqualTo(3000);
        assertThat(printedBy(benchOf3000)).doesNotContain("generated").contains("replay: 3,000 events");
        assertThat(printedBy(benchArgs(events, "3000", "8"))).contains("generated 3,000 events");
    }

    private static String[] benchArgs(Path events, String count, String seed) {
        return new String[] {"bench", "--events", count, "--seed", seed, "--file", events.toString(),
            "--rules", FOUR_RULES, "--parallelism", "1", "--no-follow-orders"};
    }

    private static long linesOf(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    /**
     * The workload is made again when the simulator changes, which the fingerprint must see: the
     * benchmark world opens with 5,000 stock counts, and a fingerprint of the first thousand lines
     * missed the change that made orders wait for stock.
     */
    @Test
    void shouldFingerprintTheSimulatorOnLinesOfEveryStageNotOnlyItsOpeningCounts() {
        SupplyChainSimulator simulator = new SupplyChainSimulator(SimulationConfig.benchmark(7));
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (int i = 0; i < BenchCommand.FINGERPRINT_LINES; i++) types.add(simulator.next().type);

        assertThat(types).contains(EventType.ORDER_PLACED, EventType.GOODS_ISSUED, EventType.SHIPMENT_DELIVERED,
                EventType.PO_PLACED, EventType.WORK_ORDER_RELEASED, EventType.GOODS_RECEIVED, EventType.STOCK_ADJUSTED);
    }

    @Test
    void shouldSayWhatAClusterRunLacksBeforeStartingAnything() {
        assertThat(errorsOf("bench", "--rules", FOUR_RULES, "--flink", "localhost:8081"))
                .contains("--flink runs the job through Kafka on a cluster: give --kafka BOOTSTRAP too");
        assertThat(errorsOf("bench", "--rules", FOUR_RULES, "--kafka", "127.0.0.1:1", "--flink", "localhost"))
                .contains("--flink takes HOST:PORT (the cluster's REST endpoint), not localhost");
        assertThat(errorsOf("bench", "--rules", FOUR_RULES, "--kafka", "127.0.0.1:1", "--flink", "localhost:8081",
                "--job-jar", dir.resolve("missing.jar").toString()))
                .contains("--flink needs --job-jar, the shaded job jar").contains("no file " + dir.resolve("missing.jar"));
    }

    /** Before, a minute of silence, then the Admin client's TimeoutException and exit 1. */
    @Test
    void shouldSayABrokerThatDoesNotAnswerBeforeStartingTheJob() {
        assertThat(errorsOf("bench", "--rules", FOUR_RULES, "--kafka", "127.0.0.1:1", "--rate", "1000", "--duration", "5s"))
                .contains("scem bench: no answer from Kafka at 127.0.0.1:1 within 10s (is the broker up?)");
    }

    /** What the bench says on standard error (its own checks, not picocli's), having exited with 2. */
    private static String errorsOf(String... args) {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(new ScemCli().run(args)).isEqualTo(2);
        } finally {
            System.setErr(stderr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** The bench prints its figures on standard output, not through picocli's writer. */
    private static String printedBy(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(new ScemCli().run(args)).isZero();
        } finally {
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
