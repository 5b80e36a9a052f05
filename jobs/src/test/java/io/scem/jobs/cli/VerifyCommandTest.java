package io.scem.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.AlertJson;
import io.scem.core.scenario.AlertDiff;
import io.scem.core.sim.ExpectedAlert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scem verify} on a simulated month replayed by {@code scem replay}: the benchmark's rules
 * and the shipped rules with their tunables changed in the files give exactly the oracle's alerts,
 * and a changed alerts file is caught, line by line.
 */
class VerifyCommandTest {
    @TempDir
    static Path dir;

    private static Path events;

    private final ScemCli cli = new ScemCli();

    @BeforeAll
    static void simulateAMonth() {
        events = dir.resolve("month.jsonl");
        ScemCli simulate = new ScemCli();
        assertThat(simulate.run("simulate", "--out", events.toString(), "--days", "30", "--seed", "11"))
                .as(simulate.err()).isZero();
    }

    @Test
    void shouldFindTheBenchmarksRulesExactlyTheOraclesWithoutAHold() throws Exception {
        Path alerts = replay(Path.of("..", "bench", "four-rules"), "bench");

        int exit = cli.run("verify", "--events", events.toString(), "--alerts", alerts.toString(),
                "--rules", Path.of("..", "bench", "four-rules").toString());

        assertThat(exit).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("STOCK_OUT_HOLD_MINUTES 0,")
                .containsPattern("DELIVERY_LATE FIRING +[1-9][0-9,]* +[1-9]")
                .containsPattern("PRODUCTION_LATE FIRING +[1-9][0-9,]* +[1-9]")
                .containsPattern("STOCK_OUT RESOLVED +[1-9][0-9,]* +[1-9]")
                .containsPattern("SUPPLIER_LATE FIRING +[1-9][0-9,]* +[1-9]")
                .containsPattern("the same [0-9,]+ alerts as the oracle");
    }

    /** What rule authors change in the files alone: the stock-out level, the hold and every grace. */
    @Test
    void shouldFindTheShippedRulesTunedInTheirFilesExactlyTheOraclesTunedAlike() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("tuned-rules"));
        // The shipped files of the four rules, with the other rules in them (orders.epl left out: faster).
        for (String name : List.of("00-common.epl", "stock.epl", "supplier.epl", "production.epl", "distribution.epl", "items.csv")) {
            Files.writeString(rules.resolve(name), Files.readString(Path.of("..", "rules", name))
                    .replace("STOCK_OUT_LEVEL = 0;", "STOCK_OUT_LEVEL = 40;")
                    .replace("STOCK_OUT_HOLD_MINUTES = 15;", "STOCK_OUT_HOLD_MINUTES = 90;")
                    .replace("SUPPLIER_LATE_GRACE_MINUTES = 0;", "SUPPLIER_LATE_GRACE_MINUTES = 240;")
                    .replace("PRODUCTION_LATE_GRACE_MINUTES = 0;", "PRODUCTION_LATE_GRACE_MINUTES = 45;")
                    .replace("DELIVERY_LATE_GRACE_MINUTES = 0;", "DELIVERY_LATE_GRACE_MINUTES = 120;"));
        }
        Path alerts = replay(rules, "tuned");

        int exit = cli.run("verify", "--events", events.toString(), "--alerts", alerts.toString(), "--rules", rules.toString());

        assertThat(exit).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("STOCK_OUT_LEVEL 40, STOCK_OUT_HOLD_MINUTES 90, SUPPLIER_LATE_GRACE_MINUTES 240,"
                + " PRODUCTION_LATE_GRACE_MINUTES 45, DELIVERY_LATE_GRACE_MINUTES 120");
        assertThat(cli.out()).containsPattern("the same [0-9,]+ alerts as the oracle");
        // The tuning shows: the untuned oracle would not have given these alerts, and the rules' versions say why.
        ScemCli untuned = new ScemCli();
        assertThat(untuned.run("verify", "--events", events.toString(), "--alerts", alerts.toString(),
                "--rules", Path.of("..", "rules").toString())).as(untuned.out()).isEqualTo(1);
        assertThat(untuned.out()).contains("note: alerts raised by rule files that are not in " + Path.of("..", "rules"));
        assertThat(cli.out()).doesNotContain("note:");
    }

    @Test
    void shouldListTheAlertsMissingAndNotTheOraclesAndExitOne() throws Exception {
        Path alerts = replay(Path.of("..", "bench", "four-rules"), "changed");
        List<String> lines = new ArrayList<>(Files.readAllLines(alerts));
        String dropped = lines.stream().filter(l -> l.contains("\"SUPPLIER_LATE\"") && l.contains("\"FIRING\"")).findFirst().orElseThrow();
        String repeated = lines.stream().filter(l -> l.contains("\"DELIVERY_LATE\"") && l.contains("\"RESOLVED\"")).findFirst().orElseThrow();
        lines.remove(dropped);
        lines.add(repeated);
        Files.write(alerts, lines);

        int exit = cli.run("verify", "--events", events.toString(), "--alerts", alerts.toString(),
                "--rules", Path.of("..", "bench", "four-rules").toString());

        assertThat(exit).as(cli.out() + cli.err()).isEqualTo(1);
        assertThat(cli.out()).contains("DIFFERENT: 1 of the oracle's alerts missing (-), 1 not the oracle's (+)")
                .contains("- " + AlertDiff.format(asExpected(dropped)))
                .contains("+ " + AlertDiff.format(asExpected(repeated)));
    }

    @Test
    void shouldCheckOnlyTheFoundationRulesTheRulesHaveAndNameABadAlertLine() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("stock-only"));
        for (String file : List.of("00-common.epl", "stock.epl")) {
            Files.copy(Path.of("..", "bench", "four-rules", file), rules.resolve(file));
        }
        Path alerts = replay(rules, "stock-only");

        assertThat(cli.run("verify", "--events", events.toString(), "--alerts", alerts.toString(), "--rules", rules.toString()))
                .as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("DELIVERY_LATE, PRODUCTION_LATE, SUPPLIER_LATE not in these rules: left out")
                .contains("STOCK_OUT FIRING").doesNotContain("DELIVERY_LATE FIRING");

        Files.writeString(alerts, Files.readString(alerts) + "{\"rule\": \"STOCK_OUT\", \"status\": \n");
        ScemCli broken = new ScemCli();
        int lineCount = Files.readAllLines(alerts).size();
        assertThat(broken.run("verify", "--events", events.toString(), "--alerts", alerts.toString(), "--rules", rules.toString()))
                .isEqualTo(2);
        assertThat(broken.err()).contains(alerts + ":" + lineCount + ": not an alert");

        // The events file given as the alerts: before, a NullPointerException's stack trace.
        ScemCli swapped = new ScemCli();
        assertThat(swapped.run("verify", "--events", events.toString(), "--alerts", events.toString(), "--rules", rules.toString()))
                .isEqualTo(2);
        assertThat(swapped.err()).contains(events + ":1: not an alert: rule is required").doesNotContain("Exception");
    }

    /** {@code scem replay} of the month with {@code rules} (rules alone, no orders followed); returns the alerts file. */
    private static Path replay(Path rules, String name) throws IOException {
        Path alerts = Files.createDirectories(dir.resolve(name)).resolve("alerts.jsonl");
        ScemCli replay = new ScemCli();
        assertThat(replay.run("replay", "--events", events.toString(), "--alerts", alerts.toString(),
                "--rules", rules.toString(), "--no-follow-orders")).as(replay.err()).isZero();
        return alerts;
    }

    private static ExpectedAlert asExpected(String line) {
        var a = AlertJson.read(line);
        return new ExpectedAlert(a.rule, a.status, a.key, a.at);
    }
}
