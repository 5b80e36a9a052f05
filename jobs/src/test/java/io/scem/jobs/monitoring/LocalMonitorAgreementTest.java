package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.core.backtest.Backtest;
import io.scem.core.rules.LocalMonitor;
import io.scem.core.rules.RuleSet;
import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalMonitor} (what {@code scem rules test} and {@code backtest} run) and the Flink job
 * raise the same alerts, alertIds included, on a few simulated weeks with duplicates, events
 * out of order within the bound, and malformed and late lines: what a scenario or a backtest
 * shows is what the job would do. That includes ORDER_AT_RISK, which the ATP book raises in both.
 */
class LocalMonitorAgreementTest {
    private static final long THREE_WEEKS_OF_EVENTS = 50_000;

    @TempDir
    Path dir;

    @Test
    void localMonitorRaisesTheSameAlertsAsTheJob() throws Exception {
        SimulationConfig config = SimulationConfig.defaults(7)
                .withNoise(new SimulationConfig.Noise(0.01, Duration.ofMinutes(3).toMillis(), 0.001));
        SupplyChainSimulator simulator = new SupplyChainSimulator(config);
        Path events = dir.resolve("weeks.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(events, StandardCharsets.UTF_8)) {
            for (long i = 0; i < THREE_WEEKS_OF_EVENTS; i++) {
                out.write(simulator.nextJson());
                out.newLine();
            }
        }
        RuleSet rules = RuleSet.compile(Path.of("../rules"));
        JobSettings settings = JobSettings.defaults();

        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        Path alertsOut = dir.resolve("alerts.jsonl");
        Replay.Result replay = new Replay(settings, rules).run(env, events, alertsOut);
        List<String> job = Files.readAllLines(alertsOut).stream().map(AlertJson::read).map(LocalMonitorAgreementTest::identity)
                .sorted().toList();

        Backtest.Result local = Backtest.run(events, List.of(rules), settings.outOfOrderBound().toMillis(),
                settings.localMonitorSettings(), Backtest.Progress.NONE);
        List<String> monitor = local.runs().get(0).alerts().stream().map(LocalMonitorAgreementTest::identity).sorted().toList();

        assertThat(job).hasSizeGreaterThan(100);
        assertThat(job).anyMatch(a -> a.contains(" RESOLVED "));
        assertThat(job.stream().map(a -> a.substring(0, a.indexOf(' '))).distinct())
                .contains("STOCK_OUT", "SUPPLIER_LATE", "PRODUCTION_LATE", "DELIVERY_LATE", "LOW_STOCK", "SUPPLIER_SLIP",
                        "LINE_DOWN", "ETA_SLIP", "TRACKING_SILENT", "SHIPMENT_EXCEPTION", "SUPPLIER_UNCONFIRMED",
                        "FULFILLMENT_LATE", "CARRIER_ISSUE", "ORDER_AT_RISK");
        assertThat(job).as("the ATP book resolves what it raises").anyMatch(a -> a.startsWith("ORDER_AT_RISK RESOLVED"));
        assertThat(monitor).containsExactlyElementsOf(job);
        assertThat(local.deadLetters()).isEqualTo(replay.deadLetters());
    }

    private static String identity(Alert a) {
        return a.rule + " " + a.status + " " + a.key + " " + a.at + " " + a.alertId + " root " + a.rootCause;
    }
}
