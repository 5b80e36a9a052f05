package io.scem.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.AlertJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scem rules test} and {@code scem rules backtest} as a user runs them: output and exit code. */
class RulesCommandTest {
    private static final Path SHIPPED = Path.of("../rules");

    @TempDir
    Path dir;

    private final ScemCli cli = new ScemCli();

    private int scem(String... args) {
        return cli.run(args);
    }

    @Test
    void shippedRulesPassTheirScenarios() {
        int exit = scem("rules", "test", SHIPPED.toString());

        assertThat(exit).as(cli.out() + "\n" + cli.err()).isZero();
        Matcher summary = Pattern.compile("(\\d+) scenarios, (\\d+) passed, 0 failed \\(\\d+ ms\\)").matcher(cli.out());
        assertThat(summary.find()).as(cli.out()).isTrue();
        assertThat(summary.group(1)).isEqualTo(summary.group(2));
        assertThat(Integer.parseInt(summary.group(1))).isGreaterThanOrEqualTo(4);
        assertThat(cli.out()).doesNotContain("FAIL").doesNotContain("no scenario covers");
    }

    /** The directory as the argument, or as --rules like every other command takes it. */
    @Test
    void matchRunsOnlyTheScenariosWhoseTitleContainsIt() {
        int exit = scem("rules", "test", "--rules", SHIPPED.toString(), "--match", "Exactly At The Promise");

        assertThat(exit).as(cli.out() + "\n" + cli.err()).isZero();
        assertThat(cli.out()).contains("distribution.yaml: delivery exactly at the promise is on time")
                .doesNotContain("a shipment not delivered by its promise fires then")
                .containsPattern("(\\d+) scenarios, \\1 passed, 0 failed, \\d+ not run \\(their titles match none of Exactly At The Promise\\)");

        assertThat(scem("rules", "test", SHIPPED.toString(), "--match", "no such scenario")).isEqualTo(1);
        assertThat(cli.err()).contains("no scenario title contains 'no such scenario'");
    }

    @Test
    void aWrongExpectationFailsWithADiffAndExitOne() throws IOException {
        Path rules = copyOfShippedRules();
        Files.writeString(rules.resolve("tests/broken.yaml"), """
                scenario: PO late, expected at the wrong time
                events:
                  - { at: 2026-01-05T08:00:00Z, type: PO_PLACED, poId: PO-1, supplierId: S, site: DC1, sku: A, quantity: 1, expectedAt: 2026-01-06T08:00:00Z }
                  - { at: 2026-01-06T12:00:00Z, type: GOODS_RECEIVED, poId: PO-1, site: DC1, sku: A, quantity: 1 }
                expect:
                  - { at: 2026-01-06T09:00:00Z, rule: SUPPLIER_LATE, status: FIRING, key: PO-1 }
                  - { at: 2026-01-06T12:00:00Z, rule: SUPPLIER_LATE, status: RESOLVED, key: PO-1 }
                """);

        int exit = scem("rules", "test", rules.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(cli.out())
                .contains("FAIL " + rules.resolve("tests/broken.yaml") + ": PO late, expected at the wrong time")
                .contains("+ 2026-01-06T08:00:00Z SUPPLIER_LATE    FIRING   PO-1")
                .contains("- 2026-01-06T09:00:00Z SUPPLIER_LATE    FIRING   PO-1")
                .contains("  2026-01-06T12:00:00Z SUPPLIER_LATE    RESOLVED PO-1")
                .containsPattern("\\d+ scenarios, \\d+ passed, 1 failed");
    }

    @Test
    void aMalformedScenarioFileIsReportedAtItsLine() throws IOException {
        Path rules = copyOfShippedRules();
        Files.writeString(rules.resolve("tests/typo.yaml"), """
                scenario: typo
                events:
                  - { at: 2026-01-05T08:00:00Z, type: GOODS_ISSUED, site: DC1, sku: A, qty: 1 }
                expect: []
                """);

        int exit = scem("rules", "test", rules.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(cli.err()).contains(rules.resolve("tests/typo.yaml") + ":3: unknown event field 'qty'");
        assertThat(cli.out()).contains("1 file unreadable");
    }

    @Test
    void rulesThatDoNotCompileAreReportedAsCheckDoes() throws IOException {
        Path rules = copyOfShippedRules();
        Files.writeString(rules.resolve("zz-broken.epl"), "select nonsense from NoSuchType;\n");

        int exit = scem("rules", "test", rules.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(cli.err()).contains("zz-broken.epl:1:");
        assertThat(cli.out()).doesNotContain("PASS");
    }

    @Test
    void backtestAgainstABaselineListsTheAlertsAGraceChangeAddsAndRemoves() throws IOException {
        Path candidate = copyOfShippedRules();
        Path supplier = candidate.resolve("supplier.epl");
        Files.writeString(supplier, Files.readString(supplier)
                .replace("SUPPLIER_LATE_GRACE_MINUTES = 0", "SUPPLIER_LATE_GRACE_MINUTES = 30"));
        Path events = dir.resolve("history.jsonl");
        Files.write(events, List.of(
                event("2026-01-05T08:00:00Z", "PO_PLACED", "\"poId\":\"PO-1\",\"supplierId\":\"S\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":1,\"expectedAt\":\"2026-01-06T08:00:00Z\""),
                event("2026-01-05T08:00:00Z", "PO_PLACED", "\"poId\":\"PO-2\",\"supplierId\":\"S\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":1,\"expectedAt\":\"2026-01-06T08:00:00Z\""),
                event("2026-01-05T09:00:00Z", "STOCK_COUNTED", "\"site\":\"DC2\",\"sku\":\"B\",\"quantity\":1"),
                event("2026-01-05T10:00:00Z", "GOODS_ISSUED", "\"site\":\"DC2\",\"sku\":\"B\",\"quantity\":1"),
                "this line is not JSON",
                // PO-1 is 20 minutes late (within the new grace), PO-2 45 minutes (beyond it).
                event("2026-01-06T08:20:00Z", "GOODS_RECEIVED", "\"poId\":\"PO-1\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":1"),
                event("2026-01-06T08:45:00Z", "GOODS_RECEIVED", "\"poId\":\"PO-2\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":1"),
                event("2026-01-07T00:00:00Z", "STOCK_COUNTED", "\"site\":\"DC2\",\"sku\":\"C\",\"quantity\":1")),
                StandardCharsets.UTF_8);
        Path alerts = dir.resolve("alerts.jsonl");

        int exit = scem("rules", "backtest", "--events", events.toString(), "--baseline", SHIPPED.toString(),
                "--output", alerts.toString(), candidate.toString());

        assertThat(exit).as(cli.err()).isZero();
        String report = cli.out();
        assertThat(report).contains("7 events, 1 dead letters");
        assertThat(report).containsPattern("SUPPLIER_LATE +1 +1 +2 +2 +\\+1 +-3");
        assertThat(report).containsPattern("STOCK_OUT +1 +0 +1 +0 +\\+0 +-0");
        assertThat(report).contains("SUPPLIER_LATE: 1 added, 3 removed");
        assertThat(lines(report, "  [-+] .*")).containsExactly(
                "  - 2026-01-06T08:00:00Z FIRING   PO-1",
                "  - 2026-01-06T08:00:00Z FIRING   PO-2",
                "  - 2026-01-06T08:20:00Z RESOLVED PO-1",
                "  + 2026-01-06T08:30:00Z FIRING   PO-2");
        assertThat(Files.readAllLines(alerts)).map(AlertJson::read)
                .filteredOn(a -> a.rule.equals("STOCK_OUT") || a.rule.equals("SUPPLIER_LATE"))
                .extracting(a -> a.rule + " " + a.status + " " + a.key)
                .containsExactly("STOCK_OUT FIRING DC2|B", "SUPPLIER_LATE FIRING PO-2", "SUPPLIER_LATE RESOLVED PO-2");
    }

    @Test
    void backtestWithoutBaselineCountsAlertsPerRule() throws IOException {
        Path events = dir.resolve("history.jsonl");
        Files.write(events, List.of(
                event("2026-01-05T09:00:00Z", "STOCK_COUNTED", "\"site\":\"DC2\",\"sku\":\"B\",\"quantity\":1"),
                event("2026-01-05T10:00:00Z", "GOODS_ISSUED", "\"site\":\"DC2\",\"sku\":\"B\",\"quantity\":1"),
                event("2026-01-05T11:00:00Z", "GOODS_RECEIVED", "\"site\":\"DC2\",\"sku\":\"B\",\"quantity\":1")),
                StandardCharsets.UTF_8);

        int exit = scem("rules", "backtest", "--events", events.toString(), SHIPPED.toString());

        assertThat(exit).isZero();
        assertThat(cli.out()).containsPattern("STOCK_OUT +1 +1\\n").containsPattern("SUPPLIER_LATE +0 +0\\n")
                .doesNotContain("added");
    }

    @Test
    void backtestSaysItsFirstDeadLetterAndWhenNoLineWasAnEvent() throws IOException {
        Path mixed = dir.resolve("mixed.jsonl");
        Files.write(mixed, List.of(
                event("2026-01-05T09:00:00Z", "STOCK_COUNTED", "\"site\":\"DC2\",\"sku\":\"B\",\"quantity\":1"),
                event("2026-01-05T10:00:00Z", "GOODS_ISSUED", "\"site\":\"DC2\",\"quantity\":1")), StandardCharsets.UTF_8);
        Path alerts = dir.resolve("alerts.jsonl");
        Files.writeString(alerts, "{\"rule\":\"STOCK_OUT\",\"status\":\"FIRING\",\"at\":\"2026-01-05T10:00:00Z\"}\n");

        assertThat(scem("rules", "backtest", "--events", mixed.toString(), SHIPPED.toString())).isZero();
        assertThat(scem("rules", "backtest", "--events", alerts.toString(), SHIPPED.toString())).isZero();

        assertThat(cli.out()).contains("first dead letter: line 2: missing-field: sku is required for GOODS_ISSUED\n")
                .contains("first dead letter: line 1: missing-field: eventId (no line was an event: is " + alerts
                        + " a file of events?)");
    }

    @Test
    void backtestOfAMissingFileExitsTwo() {
        assertThat(scem("rules", "backtest", "--events", dir.resolve("nope.jsonl").toString(), SHIPPED.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("cannot read");
    }

    private static String event(String at, String type, String fields) {
        return "{\"eventId\":\"" + type + "@" + at + "/" + fields.hashCode() + "\",\"type\":\"" + type
                + "\",\"occurredAt\":\"" + at + "\"," + fields + "}";
    }

    private static List<String> lines(String text, String regex) {
        return text.lines().filter(l -> l.matches(regex)).toList();
    }

    private Path copyOfShippedRules() throws IOException {
        Path rules = dir.resolve("rules");
        Files.createDirectories(rules.resolve("tests"));
        try (Stream<Path> files = Files.list(SHIPPED)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, rules.resolve(f.getFileName()));
            }
        }
        try (Stream<Path> files = Files.list(SHIPPED.resolve("tests"))) {
            for (Path f : files.toList()) {
                Files.copy(f, rules.resolve("tests").resolve(f.getFileName()));
            }
        }
        return rules;
    }
}
