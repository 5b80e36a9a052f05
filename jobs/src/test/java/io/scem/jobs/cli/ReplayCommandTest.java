package io.scem.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.core.event.Instants;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.scem.jobs.testing.InfluxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.fromEnvOrLocal();

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheAlertsAndTheFilesBesideThemIntoADirectoryItMakes() throws Exception {
        Path events = stockOutEvents();
        Path alerts = dir.resolve("not/yet/there/alerts.jsonl");

        int exit = new ScemCli().run("replay", "--events", events.toString(), "--alerts", alerts.toString(),
                "--rules", Path.of("..", "rules").toString(), "--parallelism", "1");

        assertThat(exit).isZero();
        assertThat(Files.readAllLines(alerts)).map(line -> AlertJson.read(line).rule).contains("STOCK_OUT");
        assertThat(alerts.resolveSibling("alerts.dead-letter.jsonl")).isEmptyFile();
        assertThat(alerts.resolveSibling("alerts.order-status.jsonl")).exists();
    }

    /**
     * The embedded cluster gets 16 MB of network buffers up to parallelism 2 ({@link Environments}):
     * the whole job (all rules, following orders, metrics to InfluxDB: its most exchanges) must
     * start and finish there. At parallelism 3 it did not ("Insufficient number of network
     * buffers"), nor at 4 with metrics while the bound was 4.
     */
    @Test
    void shouldRunTheWholeJobWithMetricsWithinTheSmallNetworkMemory() throws Exception {
        Path events = stockOutEvents();
        Path alerts = dir.resolve("alerts.jsonl");
        String database = "scem_replay_small_network";

        int exit = new ScemCli().run("replay", "--events", events.toString(), "--alerts", alerts.toString(),
                "--rules", Path.of("..", "rules").toString(), "--parallelism", String.valueOf(Environments.SMALL_NETWORK_MAX_PARALLELISM),
                "--influx-url", INFLUX.url(), "--influx-database", database);

        assertThat(exit).isZero();
        assertThat(Files.readAllLines(alerts)).map(line -> AlertJson.read(line).rule).contains("STOCK_OUT");
        INFLUX.dropDatabase(database);
    }

    /**
     * Rules that throw at run time beside the shipped stock rules: one whose single-stream where
     * throws (Esper's filter: its exception left sendEvent and failed the job), one whose select
     * clause throws. The replay finishes, STOCK_OUT, on other facts, still fires, and each failure
     * is raised as RULE_FAILING: at the first fact it failed on, whichever subtask met it, so
     * the same at parallelism 1 and 4. The failures are counted in InfluxDB too.
     */
    @Test
    void shouldFinishAReplayWhoseRulesThrowAtRunTimeAndRaiseEachFailureOnceAtAnyParallelism() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.copy(Path.of("..", "rules", "00-common.epl"), rules.resolve("00-common.epl"));
        Files.copy(Path.of("..", "rules", "stock.epl"), rules.resolve("stock.epl"));
        Files.writeString(rules.resolve("numbered.epl"), """
                @Name('NUMBERED_SHIPMENT')
                @Tag(name='severity', value='INFO')
                @Tag(name='stage', value='distribution')
                @Tag(name='message', value='Shipment {key} has a number')
                select 'FIRING' as status, shipmentId as key, occurredAt as at
                from Shipment where cast(shipmentId, long) > 0;

                @Name('SITE_NUMBER')
                @Tag(name='severity', value='INFO')
                @Tag(name='stage', value='warehouse')
                @Tag(name='message', value='Site {key} is number {number}')
                select 'FIRING' as status, site as key, occurredAt as at, cast(site, long) as number
                from StockLevel;
                """);
        Path events = stockOutEvents();
        for (int i = 1; i <= 8; i++) {
            // SH-1 first, at 11:30; the others spread over the subtasks, later.
            Files.writeString(events, "{\"eventId\":\"d" + i + "\",\"type\":\"SHIPMENT_DISPATCHED\",\"occurredAt\":\"2026-01-05T1"
                    + (i == 1 ? "1:30" : "2:0" + i) + ":00Z\",\"shipmentId\":\"SH-" + i + "\",\"carrierId\":\"DHL\",\"site\":\"S1\","
                    + "\"destination\":\"Lyon\",\"promisedAt\":\"2026-01-06T10:00:00Z\"}\n", java.nio.file.StandardOpenOption.APPEND);
        }

        List<String> failingAtOne = null;
        for (int parallelism : new int[] {1, 4}) {
            Path alerts = dir.resolve("alerts-" + parallelism + ".jsonl");
            String database = "scem_replay_rule_failures_" + parallelism;
            INFLUX.dropDatabase(database);
            PrintStream stderr = System.err;
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
            int exit;
            try {
                exit = new ScemCli().run("replay", "--events", events.toString(), "--alerts", alerts.toString(),
                        "--rules", rules.toString(), "--parallelism", String.valueOf(parallelism), "--no-follow-orders",
                        "--influx-url", INFLUX.url(), "--influx-database", database);
            } finally {
                System.setErr(stderr);
            }

            assertThat(exit).as(said.toString(StandardCharsets.UTF_8)).isZero();
            List<Alert> written = Files.readAllLines(alerts).stream().map(AlertJson::read).toList();
            assertThat(written).extracting(a -> a.rule).contains("STOCK_OUT").doesNotContain("NUMBERED_SHIPMENT", "SITE_NUMBER");
            // 8 dispatches (no rule sees them: the filter threw) and the two stock facts.
            assertThat(said.toString(StandardCharsets.UTF_8)).contains("rules failed at run time 10 times, each time skipped");
            List<String> failing = written.stream().filter(a -> a.rule.equals("RULE_FAILING"))
                    .map(a -> a.status + " " + a.key.replaceAll("@[0-9a-f]+$", "@v") + " " + Instants.format(a.at) + " "
                            + String.join(",", a.evidence) + " " + a.alertId + " " + a.message)
                    .sorted().toList();
            assertThat(failing).hasSize(2);
            assertThat(failing.get(0)).startsWith("FIRING filter on Shipment@v 2026-01-05T11:30:00Z d1 ")
                    .contains("A rule's filter on Shipment facts fails at run time since 2026-01-05T11:30:00Z:"
                            + " java.lang.NumberFormatException:"
                            + " For input string: \"SH-1\"");
            assertThat(failing.get(1)).startsWith("FIRING numbered.epl#SITE_NUMBER@v 2026-01-05T10:00:00Z e1 ")
                    .contains("Rule statement SITE_NUMBER (numbered.epl:8, version ");
            // 8 dispatches failed the filter, and the two stock facts the statement.
            assertThat(INFLUX.scalar(database, "SELECT sum(\"count\") FROM \"scem_rule_failures\""
                    + " WHERE \"statement\" = 'filter on Shipment'")).isEqualTo(8);
            assertThat(INFLUX.scalar(database, "SELECT sum(\"count\") FROM \"scem_rule_failures\""
                    + " WHERE \"statement\" = 'numbered.epl#SITE_NUMBER'")).isEqualTo(2);
            INFLUX.dropDatabase(database);
            if (failingAtOne == null) failingAtOne = failing;
            else assertThat(failing).as("the same at parallelism 1 and 4").isEqualTo(failingAtOne);
        }
    }

    /** A count of 5 and an issue of 5: a STOCK_OUT. */
    private Path stockOutEvents() throws IOException {
        Path events = dir.resolve("events.jsonl");
        Files.write(events, List.of(
                "{\"eventId\":\"e1\",\"type\":\"STOCK_COUNTED\",\"occurredAt\":\"2026-01-05T10:00:00Z\",\"site\":\"S1\",\"sku\":\"A\",\"quantity\":5}",
                "{\"eventId\":\"e2\",\"type\":\"GOODS_ISSUED\",\"occurredAt\":\"2026-01-05T11:00:00Z\",\"site\":\"S1\",\"sku\":\"A\",\"quantity\":5}"));
        return events;
    }
}
