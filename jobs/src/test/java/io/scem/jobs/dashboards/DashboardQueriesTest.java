package io.scem.jobs.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scem.core.rules.RuleSet;
import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import io.scem.jobs.dashboards.GrafanaMacros.Selection;
import io.scem.jobs.dashboards.GrafanaMacros.TimeRange;
import io.scem.jobs.dashboards.GrafanaPanels.Dashboard;
import io.scem.jobs.dashboards.GrafanaPanels.Kind;
import io.scem.jobs.dashboards.GrafanaPanels.Query;
import io.scem.jobs.dashboards.GrafanaPanels.Variable;
import io.scem.jobs.metrics.InfluxSettings;
import io.scem.jobs.metrics.MetricSchema;
import io.scem.jobs.monitoring.JobSettings;
import io.scem.jobs.monitoring.Replay;
import io.scem.jobs.testing.InfluxServer;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every dashboard shows data after a simulated month went through the monitoring job into a real
 * InfluxDB: every panel, annotation and variable query, substituted as Grafana does ({@link
 * GrafanaMacros}) over the dashboard range "the last 30 days", returns at least one non-null
 * value. The month is the simulator's default world with transport noise (duplicates, malformed
 * lines), ending now, so that the event-time metrics and the wall-clock ones (dead letters, the
 * pipeline's own) fall in the same range, as in production.
 */
class DashboardQueriesTest {

    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.fromEnvOrLocal();

    private static final String DATABASE = "scem_dashboards_test";
    private static final Duration MONTH = Duration.ofDays(30);

    /**
     * What a replay does not write, by measurement or {@code measurement.field}. Their queries
     * run (they must be valid InfluxQL) but may return nothing here; the tests of what writes
     * them have to show the data.
     */
    private static final Map<String, String> NOT_WRITTEN_BY_A_REPLAY = Map.of(
            "scem_notifications", "the notifier job writes it (NotifierJobTest sees its points in InfluxDB)",
            "scem_rule_failures", "written only while a rule throws, and the shipped rules do not (ReplayCommandTest"
                    + " sees its points in InfluxDB)",
            "scem_pipeline.consumer_lag_records", "needs the Kafka source (MonitoringJobEndToEndTest runs it)",
            "scem_pipeline.checkpoint_duration_ms", "a replay takes no checkpoints (MonitoringJobEndToEndTest)");

    private static final List<Dashboard> DASHBOARDS = GrafanaPanels.load();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TimeRange lastMonth;
    private static Set<String> written;
    private static Path alerts;

    @BeforeAll
    static void replayAMonthIntoInflux(@TempDir Path dir) throws Exception {
        INFLUX.dropDatabase(DATABASE);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(MONTH);
        Path events = simulate(start, dir.resolve("month.jsonl"));

        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        alerts = dir.resolve("alerts.jsonl");
        new Replay(JobSettings.defaults(), RuleSet.compile(Path.of("../rules")))
                .withMetrics(InfluxSettings.of(INFLUX.url(), DATABASE))
                .run(env, events, alerts);

        lastMonth = new TimeRange(start.toEpochMilli(), System.currentTimeMillis() + 1_000);
        written = writtenMetrics();
    }

    @AfterAll
    static void dropDatabase() {
        INFLUX.dropDatabase(DATABASE);
    }

    /** The simulator's default world, with duplicates and malformed lines, from {@code start} to now. */
    private static Path simulate(Instant start, Path file) throws Exception {
        SupplyChainSimulator simulator = new SupplyChainSimulator(SimulationConfig.defaults(6)
                .withStart(start).withNoise(SimulationConfig.Noise.TYPICAL));
        long end = start.plus(MONTH).toEpochMilli();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (simulator.currentTime() < end) {
                out.write(simulator.nextJson());
                out.newLine();
            }
        }
        return file;
    }

    /** Every measurement and {@code measurement.field} in the database. */
    private static Set<String> writtenMetrics() {
        Set<String> out = new HashSet<>();
        for (List<Object> row : rows(INFLUX.query(DATABASE, "SHOW FIELD KEYS"))) {
            // rows of SHOW FIELD KEYS are [measurement, fieldKey, fieldType] once flattened
            out.add((String) row.get(0));
            out.add(row.get(0) + "." + row.get(1));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyQueryReturnsDataForAllValuesOfEveryVariable() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Dashboard d : DASHBOARDS) {
            Map<String, Variable> variables = GrafanaMacros.byName(d.variables());
            Map<String, Selection> all = allOf(variables);
            for (Query q : d.queries()) {
                tests.add(DynamicTest.dynamicTest(q.toString(), () -> {
                    String influxQl = GrafanaMacros.interpolate(q, lastMonth, variables, all);
                    QueryResult result = INFLUX.query(DATABASE, influxQl);
                    String reason = notExpectedHere(influxQl);
                    Assumptions.assumeTrue(reason == null, () -> q + ": " + reason);
                    assertThat(PanelsWithoutData.hasValue(result)).as(q + " returned no data:%n" + influxQl).isTrue();
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void everyQueryIsValidForValuesPickedFromItsVariables() {
        int checked = 0;
        dashboards:
        for (Dashboard d : DASHBOARDS) {
            Map<String, Variable> variables = GrafanaMacros.byName(d.variables());
            Map<String, Selection> picked = new LinkedHashMap<>();
            // Grafana resolves variables in order: a variable's query sees the values picked before it
            for (Variable v : d.variables()) {
                if (v.isTextbox()) {
                    // what the dashboard opens with (a key typed in: theAlertLogOnAnAlertsKeyShows...)
                    picked.put(v.name(), Selection.of(v.defaultText()));
                    continue;
                }
                Query query = d.queries().stream()
                        .filter(q -> q.kind() == Kind.VARIABLE && q.refId().equals(v.name())).findFirst().orElseThrow();
                List<String> values = rows(INFLUX.query(DATABASE, GrafanaMacros.interpolate(query, lastMonth, variables, picked)))
                        .stream().map(row -> (String) row.get(1)).toList();
                if (values.isEmpty() && notExpectedHere(GrafanaMacros.interpolate(query, lastMonth, variables, allOf(variables))) != null) {
                    continue dashboards;
                }
                assertThat(values).as(d.file() + " $" + v.name()).isNotEmpty();
                picked.put(v.name(), Selection.of(values.subList(0, Math.min(2, values.size()))));
            }
            for (Query q : d.queries()) {
                // throws on any error InfluxDB reports
                INFLUX.query(DATABASE, GrafanaMacros.interpolate(q, lastMonth, variables, picked));
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    /**
     * An alert email's link fills the alert log's Key: the log then shows that key's alerts, all
     * of them, and not those of a key it is the start of (PO-1 against PO-12), also for a key with
     * a character the regex must escape (site|sku). The month starts a month before now, so which
     * keys raise alerts changes with the clock: the keys are picked from the replay's alerts.
     */
    @Test
    void theAlertLogOnAnAlertsKeyShowsEveryAlertOfThatKeyAndNoOther() throws Exception {
        Map<String, List<String>> alertsByKey = new TreeMap<>(); // status and message of each alert
        for (String line : Files.readAllLines(alerts)) {
            JsonNode alert = JSON.readTree(line);
            if (alert.hasNonNull("key")) {
                alertsByKey.computeIfAbsent(alert.get("key").asText(), k -> new ArrayList<>())
                        .add(alert.path("status").asText() + " " + alert.path("message").asText());
            }
        }
        // the busiest of each kind whose alerts fit the log's 200 rows
        Comparator<String> byAlerts = Comparator.comparingInt(k -> alertsByKey.get(k).size());
        List<String> fitting = alertsByKey.keySet().stream().filter(k -> alertsByKey.get(k).size() < 200).toList();
        String beginsAnother = fitting.stream()
                .filter(k -> alertsByKey.keySet().stream().anyMatch(other -> !other.equals(k) && other.startsWith(k)))
                .max(byAlerts).orElseThrow(() -> new AssertionError("no key that begins another: " + alertsByKey.keySet()));
        String stock = fitting.stream().filter(k -> k.contains("|")).max(byAlerts)
                .orElseThrow(() -> new AssertionError("no stock key: " + alertsByKey.keySet()));
        Dashboard dashboard = GrafanaPanels.named(DASHBOARDS, "alerts.json");
        Query log = dashboard.queries().stream().filter(q -> q.title().equals("Recent alerts")).findFirst().orElseThrow();
        Map<String, Variable> variables = GrafanaMacros.byName(dashboard.variables());

        for (String key : List.of(beginsAnother, stock)) {
            Map<String, Selection> selections = allOf(variables);
            selections.put("key", Selection.of(key));
            QueryResult.Series series = INFLUX.query(DATABASE, GrafanaMacros.interpolate(log, lastMonth, variables, selections))
                    .getResults().get(0).getSeries().get(0);
            int status = series.getColumns().indexOf("status");
            int message = series.getColumns().indexOf("message");
            List<String> shown = series.getValues().stream().map(row -> row.get(status) + " " + row.get(message)).toList();

            assertThat(shown).as(key).containsExactlyInAnyOrderElementsOf(alertsByKey.get(key));
        }
    }

    private static Map<String, Selection> allOf(Map<String, Variable> variables) {
        Map<String, Selection> all = new LinkedHashMap<>();
        variables.keySet().forEach(name -> all.put(name, Selection.all()));
        return all;
    }

    @Test
    void shouldWriteOnlyWhatTheSchemaLists() {
        List<String> unknown = new ArrayList<>();
        for (String metric : written) {
            String[] parts = metric.split("\\.", 2);
            var measurement = MetricSchema.find(parts[0]);
            if (measurement.isEmpty() || (parts.length == 2 && !measurement.get().hasField(parts[1]))) {
                unknown.add(metric);
            }
        }
        for (List<Object> row : rows(INFLUX.query(DATABASE, "SHOW TAG KEYS"))) {
            MetricSchema.find((String) row.get(0)).filter(m -> !m.hasTag((String) row.get(1)))
                    .ifPresent(m -> unknown.add(m.name() + " tag " + row.get(1)));
        }
        assertThat(unknown).isEmpty();
    }

    /** Why a query may come back empty here, or null when it must return data. */
    private static String notExpectedHere(String influxQl) {
        InfluxQlReferences.References refs = InfluxQlReferences.of(influxQl);
        Set<String> read = new HashSet<>(refs.measurements());
        refs.names().forEach(n -> read.add(n.measurement() + "." + n.name()));
        for (String metric : read) {
            if (NOT_WRITTEN_BY_A_REPLAY.containsKey(metric)) {
                return metric + ": " + NOT_WRITTEN_BY_A_REPLAY.get(metric);
            }
        }
        return null;
    }

    /** Every row of every series of every statement; for SHOW queries the series name is not in the row. */
    private static List<List<Object>> rows(QueryResult result) {
        List<List<Object>> out = new ArrayList<>();
        for (QueryResult.Result r : result.getResults()) {
            if (r.hasError()) {
                throw new IllegalStateException(r.getError());
            }
            if (r.getSeries() == null) {
                continue;
            }
            for (QueryResult.Series s : r.getSeries()) {
                boolean show = s.getColumns().get(0).equals("fieldKey") || s.getColumns().get(0).equals("tagKey");
                for (List<Object> row : s.getValues()) {
                    if (show) {
                        List<Object> withName = new ArrayList<>();
                        withName.add(s.getName());
                        withName.addAll(row);
                        out.add(withName);
                    } else {
                        out.add(row);
                    }
                }
            }
        }
        return out;
    }
}
