package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.AlertJson;
import io.scem.core.rules.RuleSet;
import io.scem.core.sim.AlertOracle;
import io.scem.core.sim.ExpectedAlert;
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
 * A simulated month, with duplicates, events shuffled within the out-of-order bound and
 * malformed lines, replayed through the job: the alerts of the rules the independent brute-force
 * oracle ({@link AlertOracle}) knows must be exactly its alerts, and the dead letters exactly the
 * malformed lines.
 */
class OracleReplayTest {
    private static final long MONTH_OF_EVENTS = 69_000;

    @TempDir
    Path dir;

    @Test
    void aSimulatedMonthGivesExactlyTheOraclesAlerts() throws Exception {
        SimulationConfig config = SimulationConfig.defaults(2026)
                .withNoise(new SimulationConfig.Noise(0.01, Duration.ofMinutes(2).toMillis(), 0.001));
        SupplyChainSimulator simulator = new SupplyChainSimulator(config);
        Path events = dir.resolve("month.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(events, StandardCharsets.UTF_8)) {
            for (long i = 0; i < MONTH_OF_EVENTS; i++) {
                out.write(simulator.nextJson());
                out.newLine();
            }
        }

        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(3);
        Path alertsOut = dir.resolve("alerts.jsonl");
        Replay.Result result = new Replay(JobSettings.defaults(), RuleSet.compile(Path.of("../rules")))
                .run(env, events, alertsOut);

        List<ExpectedAlert> actual = Files.readAllLines(alertsOut).stream()
                .map(AlertJson::read)
                // The oracle knows the four foundation rules; the others are covered by their scenarios.
                .filter(a -> AlertOracle.RULES.contains(a.rule))
                .map(a -> new ExpectedAlert(a.rule, a.status, a.key, a.at))
                .sorted(ExpectedAlert.ORDER)
                .toList();
        List<ExpectedAlert> expected = AlertOracle.expectedAlerts(
                AlertOracle.loadJsonLines(events, JobSettings.defaults().outOfOrderBound().toMillis()));
        assertThat(expected).extracting(ExpectedAlert::rule)
                .contains(AlertOracle.STOCK_OUT, AlertOracle.SUPPLIER_LATE, AlertOracle.PRODUCTION_LATE,
                        AlertOracle.DELIVERY_LATE);
        assertThat(actual).containsExactlyElementsOf(expected);

        long malformed = simulator.malformedInjected();
        List<String> deadLetters = Files.readAllLines(Replay.deadLetterPathFor(alertsOut));
        assertThat(malformed).isPositive();
        assertThat(deadLetters.stream().filter(d -> !d.contains("\"late:")).count()).isEqualTo(malformed);
        assertThat(result.deadLetters()).isEqualTo(deadLetters.size());
    }
}
