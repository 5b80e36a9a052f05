package io.scem.core.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import io.scem.core.rules.LocalMonitor;
import io.scem.core.rules.RuleSet;
import io.scem.core.sim.AlertOracle;
import io.scem.core.sim.ExpectedAlert;
import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backtests read history as the job does, and report what a rule change adds and removes. */
class BacktestTest {
    private static final long BOUND = Duration.ofMinutes(5).toMillis();
    private static RuleSet rules;

    @TempDir
    Path dir;

    @BeforeAll
    static void compileShippedRules() throws Exception {
        rules = RuleSet.compile(Path.of("../rules"));
    }

    @Test
    void shouldRaiseTheOraclesAlertsOnANoisySimulatedFortnight() throws Exception {
        // Duplicates, events shuffled within the bound, malformed lines: the reorder window and
        // the intake must undo all of it, as the job does.
        SimulationConfig config = SimulationConfig.defaults(11)
                .withNoise(new SimulationConfig.Noise(0.01, Duration.ofMinutes(4).toMillis(), 0.002));
        SupplyChainSimulator simulator = new SupplyChainSimulator(config);
        Path events = dir.resolve("fortnight.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(events, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 35_000; i++) {
                out.write(simulator.nextJson());
                out.newLine();
            }
        }
        long[] progressCalls = {0};

        Backtest.Result result = Backtest.run(events, List.of(rules), BOUND, LocalMonitor.Settings.DEFAULTS,
                (lines, bytes) -> progressCalls[0]++);

        // The oracle knows the four foundation rules; the others are covered by their scenarios.
        List<ExpectedAlert> actual = result.runs().get(0).alerts().stream()
                .filter(a -> AlertOracle.RULES.contains(a.rule))
                .map(a -> new ExpectedAlert(a.rule, a.status, a.key, a.at)).sorted(ExpectedAlert.ORDER).toList();
        List<ExpectedAlert> expected = AlertOracle.expectedAlerts(AlertOracle.loadJsonLines(events, BOUND));
        assertThat(expected).hasSizeGreaterThan(50);
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(result.lines()).isEqualTo(35_000);
        assertThat(result.deadLetters()).isGreaterThanOrEqualTo(simulator.malformedInjected()).isPositive();
        assertThat(result.events() + result.deadLetters()).isEqualTo(result.lines());
        assertThat(progressCalls[0]).isPositive();

        // The same history kept compressed: read through gzip, by the backtest and by the oracle.
        Path gzipped = dir.resolve("fortnight.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            Files.copy(events, out);
        }
        Backtest.Result fromGzip = Backtest.run(gzipped, List.of(rules), BOUND, LocalMonitor.Settings.DEFAULTS, Backtest.Progress.NONE);
        assertThat(fromGzip.runs().get(0).alerts()).extracting(a -> a.alertId + " " + a.status)
                .containsExactlyElementsOf(result.runs().get(0).alerts().stream().map(a -> a.alertId + " " + a.status).toList());
        assertThat(fromGzip.deadLetters()).isEqualTo(result.deadLetters());
        assertThat(AlertOracle.loadJsonLines(gzipped, BOUND)).isEqualTo(AlertOracle.loadJsonLines(events, BOUND));
    }

    @Test
    void shouldReportAddedAndRemovedAlertsPerRule() {
        long t = Instants.parse("2026-01-06T08:00:00Z");
        Backtest.Run baseline = new Backtest.Run(Set.of("SUPPLIER_LATE", "STOCK_OUT"), List.of(
                alert("SUPPLIER_LATE", Alert.FIRING, "PO-1", t),
                alert("SUPPLIER_LATE", Alert.RESOLVED, "PO-1", t + 60_000),
                alert("STOCK_OUT", Alert.FIRING, "DC1|A", t)));
        Backtest.Run candidate = new Backtest.Run(Set.of("SUPPLIER_LATE", "STOCK_OUT"), List.of(
                alert("SUPPLIER_LATE", Alert.FIRING, "PO-1", t + 30_000),
                alert("SUPPLIER_LATE", Alert.RESOLVED, "PO-1", t + 60_000),
                alert("STOCK_OUT", Alert.FIRING, "DC1|A", t)));

        BacktestReport report = BacktestReport.of(candidate, baseline);

        BacktestReport.RuleDelta supplier = report.rules().stream().filter(r -> r.rule().equals("SUPPLIER_LATE")).findFirst().orElseThrow();
        assertThat(supplier.firing()).isEqualTo(1);
        assertThat(supplier.baselineResolved()).isEqualTo(1);
        assertThat(supplier.added()).containsExactly(ExpectedAlert.firing("SUPPLIER_LATE", "PO-1", t + 30_000));
        assertThat(supplier.removed()).containsExactly(ExpectedAlert.firing("SUPPLIER_LATE", "PO-1", t));
        BacktestReport.RuleDelta stock = report.rules().stream().filter(r -> r.rule().equals("STOCK_OUT")).findFirst().orElseThrow();
        assertThat(stock.added()).isEmpty();
        assertThat(stock.removed()).isEmpty();
    }

    @Test
    void shouldSayUnderTheTableWhichRulesFailedAtRunTimeAndWhere() throws Exception {
        Path events = dir.resolve("counts.jsonl");
        Files.write(events, List.of(
                "{\"eventId\":\"e1\",\"type\":\"STOCK_COUNTED\",\"occurredAt\":\"2026-01-05T10:00:00Z\",\"site\":\"S1\",\"sku\":\"A\",\"quantity\":5}",
                "{\"eventId\":\"e2\",\"type\":\"STOCK_COUNTED\",\"occurredAt\":\"2026-01-05T11:00:00Z\",\"site\":\"S1\",\"sku\":\"A\",\"quantity\":4}"));
        java.util.SortedMap<String, String> files = new java.util.TreeMap<>();
        files.put("numbered.epl", """
                // sites are not numbers
                @Name('SITE_NUMBER')
                @Tag(name='severity', value='INFO')
                @Tag(name='stage', value='warehouse')
                @Tag(name='message', value='{key}')
                select 'FIRING' as status, site as key, occurredAt as at, cast(site, long) as number from StockLevel;
                """);

        Backtest.Result result = Backtest.run(events, List.of(RuleSet.compile("test", files)), BOUND,
                LocalMonitor.Settings.DEFAULTS, Backtest.Progress.NONE);
        StringWriter out = new StringWriter();
        BacktestReport.of(result.runs().get(0), null).print(new PrintWriter(out, true), 3);

        assertThat(out.toString()).contains("rule statements that failed at run time")
                .contains("  SITE_NUMBER (numbered.epl:2) failed at run time 2 times, skipped each time; the first, at"
                        + " 2026-01-05T10:00:00Z on the fact of event e1: java.lang.NumberFormatException: For input string: \"S1\"");
    }

    @Test
    void shouldCapTheListedChangesPerRule() {
        long t = Instants.parse("2026-01-06T08:00:00Z");
        List<Alert> many = new ArrayList<>();
        for (int i = 0; i < 10; i++) many.add(alert("STOCK_OUT", Alert.FIRING, "DC1|" + i, t + i));
        BacktestReport report = BacktestReport.of(new Backtest.Run(Set.of("STOCK_OUT"), many),
                new Backtest.Run(Set.of("STOCK_OUT"), List.of()));
        StringWriter out = new StringWriter();

        report.print(new PrintWriter(out, true), 3);

        assertThat(out.toString()).contains("STOCK_OUT: 10 added, 0 removed").contains("… 7 more");
        assertThat(out.toString().lines().filter(l -> l.startsWith("  + "))).hasSize(3);
    }

    private static Alert alert(String rule, String status, String key, long at) {
        Alert a = new Alert();
        a.rule = rule;
        a.status = status;
        a.key = key;
        a.at = at;
        return a;
    }
}
