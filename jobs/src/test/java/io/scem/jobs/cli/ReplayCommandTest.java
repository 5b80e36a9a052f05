package io.scem.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.AlertJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
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
     * The embedded cluster gets 16 MB of network buffers up to parallelism 4 ({@link Environments}):
     * the whole job (all rules, following orders: its most exchanges) must start and finish
     * there at 4. With 8 MB it failed to start ("Insufficient number of network buffers").
     */
    @Test
    void shouldRunTheWholeJobAtParallelismFourWithinTheSmallNetworkMemory() throws Exception {
        Path events = stockOutEvents();
        Path alerts = dir.resolve("alerts.jsonl");

        int exit = new ScemCli().run("replay", "--events", events.toString(), "--alerts", alerts.toString(),
                "--rules", Path.of("..", "rules").toString(), "--parallelism", String.valueOf(Environments.SMALL_NETWORK_MAX_PARALLELISM));

        assertThat(exit).isZero();
        assertThat(Files.readAllLines(alerts)).map(line -> AlertJson.read(line).rule).contains("STOCK_OUT");
    }

    /**
     * A rule whose single-stream where throws (Esper's filter: its exception left sendEvent and
     * failed the job) beside the shipped stock rules: the replay finishes, and STOCK_OUT, on other
     * facts, still fires.
     */
    @Test
    void shouldFinishAReplayWhoseRuleThrowsAtRunTime() throws Exception {
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
                """);
        Path events = stockOutEvents();
        Files.writeString(events, "{\"eventId\":\"e3\",\"type\":\"SHIPMENT_DISPATCHED\",\"occurredAt\":\"2026-01-05T11:30:00Z\","
                + "\"shipmentId\":\"SH-1\",\"carrierId\":\"DHL\",\"site\":\"S1\",\"destination\":\"Lyon\","
                + "\"promisedAt\":\"2026-01-06T10:00:00Z\"}\n", java.nio.file.StandardOpenOption.APPEND);
        Path alerts = dir.resolve("alerts.jsonl");

        PrintStream stderr = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = new ScemCli().run("replay", "--events", events.toString(), "--alerts", alerts.toString(),
                    "--rules", rules.toString(), "--parallelism", "1", "--no-follow-orders");
        } finally {
            System.setErr(stderr);
        }

        assertThat(exit).isZero();
        assertThat(Files.readAllLines(alerts)).map(line -> AlertJson.read(line).rule).contains("STOCK_OUT").doesNotContain("NUMBERED_SHIPMENT");
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("rules failed at run time 1 time, each time skipped");
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
