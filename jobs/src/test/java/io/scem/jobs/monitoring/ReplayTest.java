package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.core.rules.RuleSet;
import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import io.scem.jobs.io.DeadLetterJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The replay on a MiniCluster over a small hand-written history with each rule's edge cases. */
class ReplayTest {
    private static RuleSet rules;

    @TempDir
    Path dir;

    @BeforeAll
    static void compileRules() throws Exception {
        rules = RuleSet.compile(Path.of("../rules"));
    }

    private static final List<String> HISTORY = List.of(
            // stock: counted 5, issued 5 -> out at 10:00; received 3 at 12:00 -> resolved
            "{\"eventId\":\"s1\",\"type\":\"STOCK_COUNTED\",\"occurredAt\":\"2026-01-05T08:00:00Z\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":5}",
            "{\"eventId\":\"p1\",\"type\":\"PO_PLACED\",\"occurredAt\":\"2026-01-05T08:00:00Z\",\"poId\":\"PO-1\",\"supplierId\":\"S1\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":3,\"expectedAt\":\"2026-01-05T11:00:00Z\"}",
            "{\"eventId\":\"p2\",\"type\":\"PO_PLACED\",\"occurredAt\":\"2026-01-05T08:00:00Z\",\"poId\":\"PO-2\",\"supplierId\":\"S1\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":3,\"expectedAt\":\"2026-01-05T09:00:00Z\"}",
            // PO-2's promise moves later before it passed: no alert at 09:00
            "{\"eventId\":\"p3\",\"type\":\"PO_CONFIRMED\",\"occurredAt\":\"2026-01-05T08:30:00Z\",\"poId\":\"PO-2\",\"expectedAt\":\"2026-01-05T13:00:00Z\"}",
            "not json at all",
            "{\"eventId\":\"s2\",\"type\":\"GOODS_ISSUED\",\"occurredAt\":\"2026-01-05T10:00:00Z\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":5}",
            // duplicate of s2: ignored
            "{\"eventId\":\"s2\",\"type\":\"GOODS_ISSUED\",\"occurredAt\":\"2026-01-05T10:00:00Z\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":5}",
            // PO-1 is late at 11:00, received at 12:00
            "{\"eventId\":\"r1\",\"type\":\"GOODS_RECEIVED\",\"occurredAt\":\"2026-01-05T12:00:00Z\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":3,\"poId\":\"PO-1\"}",
            // out of order by 3 minutes (within the bound): a work order due at 11:30, completed exactly then
            "{\"eventId\":\"w1\",\"type\":\"WORK_ORDER_RELEASED\",\"occurredAt\":\"2026-01-05T11:57:00Z\",\"workOrderId\":\"WO-1\",\"site\":\"P1\",\"sku\":\"B\",\"quantity\":10,\"dueAt\":\"2026-01-05T12:30:00Z\"}",
            "{\"eventId\":\"w2\",\"type\":\"WORK_ORDER_COMPLETED\",\"occurredAt\":\"2026-01-05T12:30:00Z\",\"workOrderId\":\"WO-1\",\"quantity\":10}",
            // a shipment dispatched after its promise: late at once, stamped with the promise
            "{\"eventId\":\"d1\",\"type\":\"SHIPMENT_DISPATCHED\",\"occurredAt\":\"2026-01-05T12:40:00Z\",\"shipmentId\":\"SH-1\",\"carrierId\":\"C1\",\"site\":\"DC1\",\"destination\":\"Lyon\",\"promisedAt\":\"2026-01-05T12:00:00Z\"}",
            // a shipment promised at the very end of the history: never late
            "{\"eventId\":\"d2\",\"type\":\"SHIPMENT_DISPATCHED\",\"occurredAt\":\"2026-01-05T12:45:00Z\",\"shipmentId\":\"SH-2\",\"carrierId\":\"C1\",\"site\":\"DC1\",\"destination\":\"Lyon\",\"promisedAt\":\"2026-01-05T14:00:00Z\"}",
            // too late: more than 5 minutes behind the newest event
            "{\"eventId\":\"x1\",\"type\":\"GOODS_ISSUED\",\"occurredAt\":\"2026-01-05T09:00:00Z\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":1}",
            "{\"eventId\":\"end\",\"type\":\"STOCK_COUNTED\",\"occurredAt\":\"2026-01-05T14:00:00Z\",\"site\":\"DC9\",\"sku\":\"Z\",\"quantity\":1}");

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void replayRaisesExactlyTheAlertsTheSemanticsDefine(int parallelism) throws Exception {
        Path events = dir.resolve("events.jsonl");
        Files.write(events, HISTORY, StandardCharsets.UTF_8);
        Path alertsOut = dir.resolve("alerts.jsonl");

        Configuration conf = new Configuration();
        // Kryo fallbacks would be slow and fragile across versions: fail if any type needs one.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        Replay.Result result = new Replay(JobSettings.defaults(), rules).run(env, events, alertsOut);

        List<Alert> alerts = Files.readAllLines(alertsOut).stream().map(AlertJson::read).toList();
        assertThat(alerts).extracting(a -> a.status + " " + a.rule + " " + a.key + " " + java.time.Instant.ofEpochMilli(a.at))
                .containsExactly(
                        // WO-1 released at 11:57, due 12:30: its latest start (due - 8 h) was already past
                        "FIRING PRODUCTION_NOT_STARTED WO-1 2026-01-05T04:30:00Z",
                        // 5 on hand is below the default safety stock (10)
                        "FIRING LOW_STOCK DC1|A 2026-01-05T08:00:00Z",
                        // PO-2's confirmation moves its date from 09:00 to 13:00 before 09:00
                        "FIRING SUPPLIER_SLIP PO-2 2026-01-05T08:30:00Z",
                        "FIRING STOCK_OUT DC1|A 2026-01-05T10:00:00Z",
                        "FIRING SUPPLIER_LATE PO-1 2026-01-05T11:00:00Z",
                        "FIRING DELIVERY_LATE SH-1 2026-01-05T12:00:00Z",
                        // back to 3, with PO-2's 3 due at 13:00, against 5 a day over the 7-day lead time
                        "FIRING PROJECTED_STOCK_OUT DC1|A 2026-01-05T12:00:00Z",
                        "RESOLVED STOCK_OUT DC1|A 2026-01-05T12:00:00Z",
                        "RESOLVED SUPPLIER_LATE PO-1 2026-01-05T12:00:00Z",
                        "RESOLVED PRODUCTION_NOT_STARTED WO-1 2026-01-05T12:30:00Z",
                        // PO-2's moved promise (13:00) passed before the end of the history (14:00)
                        "FIRING SUPPLIER_LATE PO-2 2026-01-05T13:00:00Z",
                        "FIRING LOW_STOCK DC9|Z 2026-01-05T14:00:00Z");
        assertThat(alerts.get(3).alertId).isEqualTo(alerts.get(7).alertId);
        assertThat(alerts.get(7).firingSince).isEqualTo(alerts.get(3).at);
        assertThat(result.deadLetters()).isEqualTo(2);
        List<String> deadLetters = Files.readAllLines(Replay.deadLetterPathFor(alertsOut));
        assertThat(deadLetters).anySatisfy(d -> assertThat(d).contains("invalid-json"));
        assertThat(deadLetters).anySatisfy(d -> assertThat(d).contains("late"));
    }

    /**
     * Garbage changes nothing valid: a simulated fortnight with a malformed line in about every
     * thousand (truncated, wrong types, not JSON...) gives the same alerts as the clean file, and
     * every bad line is a dead letter.
     */
    @Test
    void malformedLinesChangeNoAlertAndEachIsADeadLetter() throws Exception {
        SimulationConfig clean = SimulationConfig.defaults(3);
        Path cleanFile = simulate(clean, dir.resolve("clean.jsonl"));
        SupplyChainSimulator noisy = new SupplyChainSimulator(clean.withNoise(new SimulationConfig.Noise(0, 0, 0.001)));
        Path noisyFile = dir.resolve("noisy.jsonl");
        simulate(noisy, noisyFile, Files.readAllLines(cleanFile).size());

        List<String> cleanAlerts = replay(cleanFile, dir.resolve("clean-alerts.jsonl"));
        List<String> noisyAlerts = replay(noisyFile, dir.resolve("noisy-alerts.jsonl"));

        assertThat(noisy.malformedInjected()).as("bad lines in the file").isGreaterThan(10);
        assertThat(noisyAlerts).isNotEmpty().containsExactlyElementsOf(cleanAlerts);
        assertThat(Files.readAllLines(Replay.deadLetterPathFor(dir.resolve("noisy-alerts.jsonl"))))
                .hasSize((int) noisy.malformedInjected());
    }

    /**
     * A replay that does not follow orders raises the same alerts as one that does, but the ATP
     * book's ORDER_AT_RISK, and leaves no ATP or order status file beside them (not even one of an
     * earlier replay to the same name).
     */
    @Test
    void withoutFollowingOrdersTheAlertsAreTheSameButOrderAtRiskAndNoOrderFilesAreLeft() throws Exception {
        Path events = simulate(SimulationConfig.defaults(3), dir.resolve("events.jsonl"));
        Path alertsOut = dir.resolve("alerts.jsonl");
        List<String> following = replay(events, alertsOut);
        List<Path> orderFiles = List.of(Replay.atpDecisionsPathFor(alertsOut), Replay.atpProfilesPathFor(alertsOut),
                io.scem.jobs.orders.OrderStatusFile.besideAlerts(alertsOut));
        assertThat(orderFiles).allSatisfy(file -> assertThat(file).isNotEmptyFile());
        assertThat(following).anySatisfy(alert -> assertThat(alert).contains(" ORDER_AT_RISK "));

        List<String> notFollowing = replay(events, alertsOut, JobSettings.defaults().withFollowOrders(false));

        assertThat(notFollowing).isNotEmpty()
                .containsExactlyElementsOf(following.stream().filter(alert -> !alert.contains(" ORDER_AT_RISK ")).toList());
        assertThat(orderFiles).allSatisfy(file -> assertThat(file).doesNotExist());
    }

    /**
     * Two 10 MB lines, one an event with a huge field, one no JSON at all, change no alert: each is
     * one dead letter that keeps only the line's beginning and says how long it was.
     */
    @Test
    void oversizedLinesChangeNoAlertAndEachIsAShortDeadLetter() throws Exception {
        String hugeEvent = "{\"eventId\":\"big\",\"type\":\"GOODS_ISSUED\",\"occurredAt\":\"2026-01-05T09:00:00Z\","
                + "\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":1,\"note\":\"" + "x".repeat(10 << 20) + "\"}";
        String hugeGarbage = "\u00e9".repeat(5 << 20);
        List<String> withHugeLines = new ArrayList<>(HISTORY);
        withHugeLines.add(2, hugeEvent);
        withHugeLines.add(7, hugeGarbage);
        Path cleanFile = Files.write(dir.resolve("clean.jsonl"), HISTORY, StandardCharsets.UTF_8);
        Path hugeFile = Files.write(dir.resolve("huge.jsonl"), withHugeLines, StandardCharsets.UTF_8);

        List<String> cleanAlerts = replay(cleanFile, dir.resolve("clean-alerts.jsonl"));
        List<String> hugeAlerts = replay(hugeFile, dir.resolve("huge-alerts.jsonl"));

        assertThat(hugeAlerts).isNotEmpty().containsExactlyElementsOf(cleanAlerts);
        List<String> deadLetterLines = Files.readAllLines(Replay.deadLetterPathFor(dir.resolve("huge-alerts.jsonl")));
        assertThat(deadLetterLines).hasSize(4).allSatisfy(line -> assertThat(line).hasSizeLessThan(4096));
        assertThat(deadLetterLines.stream().map(DeadLetterJson::read).filter(d -> d.reasonCode().equals("too-large")))
                .extracting(d -> d.offset + " " + d.reason + " " + d.raw.length())
                .containsExactlyInAnyOrder(
                        String.format("3 too-large: %,d bytes (limit 65,536 characters) 1024", hugeEvent.length()),
                        String.format("8 too-large: %,d bytes (limit 65,536 characters) 1024", 2 * hugeGarbage.length()));
    }

    private static Path simulate(SimulationConfig config, Path file) throws Exception {
        SupplyChainSimulator sim = new SupplyChainSimulator(config);
        long end = config.start().toEpochMilli() + Duration.ofDays(14).toMillis();
        List<String> lines = new ArrayList<>();
        while (sim.currentTime() < end) lines.add(sim.nextJson());
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** The noisy output of {@code sim} up to {@code validLines} valid events: the clean file plus its noise. */
    private static void simulate(SupplyChainSimulator sim, Path file, int validLines) throws Exception {
        List<String> lines = new ArrayList<>();
        while (lines.size() - sim.malformedInjected() < validLines) lines.add(sim.nextJson());
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** The alerts of a replay, without their wall-clock detection time. */
    private List<String> replay(Path events, Path alertsOut) throws Exception {
        return replay(events, alertsOut, JobSettings.defaults());
    }

    private List<String> replay(Path events, Path alertsOut, JobSettings settings) throws Exception {
        new Replay(settings, rules).run(StreamExecutionEnvironment.getExecutionEnvironment(), events, alertsOut);
        return Files.readAllLines(alertsOut).stream().map(AlertJson::read)
                .map(a -> a.status + " " + a.rule + " " + a.key + " " + a.at + " " + a.alertId + " " + a.message).toList();
    }
}
