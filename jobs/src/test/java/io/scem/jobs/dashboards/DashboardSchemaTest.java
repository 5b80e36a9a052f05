package io.scem.jobs.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.scem.core.alert.Alert;
import io.scem.core.notify.MessageTemplates;
import io.scem.jobs.dashboards.GrafanaMacros.Selection;
import io.scem.jobs.dashboards.GrafanaMacros.TimeRange;
import io.scem.jobs.dashboards.GrafanaPanels.Dashboard;
import io.scem.jobs.dashboards.GrafanaPanels.Query;
import io.scem.jobs.dashboards.GrafanaPanels.Variable;
import io.scem.jobs.dashboards.InfluxQlReferences.Name;
import io.scem.jobs.dashboards.InfluxQlReferences.References;
import io.scem.jobs.metrics.MetricSchema;
import io.scem.jobs.metrics.MetricSchema.Measurement;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dashboards against the metric contract ({@link MetricSchema}), without a database: every
 * query reads only measurements, tags and fields the job writes; every field the job writes is
 * shown somewhere; the dashboards and provisioning files fit together; README's schema table is
 * {@link MetricSchema}.
 */
class DashboardSchemaTest {
    private static final List<Dashboard> DASHBOARDS = GrafanaPanels.load();
    private static final TimeRange SOME_DAY = new TimeRange(1_764_000_000_000L, 1_764_086_400_000L);

    /** Fields written for something other than a chart: the key of an alert (the log filters on it), and a constant 1 under the annotation. */
    private static final Set<String> FIELDS_NOT_CHARTED = Set.of("scem_alert_log.key", "scem_alert_log.value");

    /** The references of every query, variables set to "All". */
    private static Map<Query, References> references() {
        Map<Query, References> out = new LinkedHashMap<>();
        for (Dashboard d : DASHBOARDS) {
            Map<String, Variable> variables = GrafanaMacros.byName(d.variables());
            Map<String, Selection> all = variables.keySet().stream()
                    .collect(Collectors.toMap(n -> n, n -> Selection.all(List.of("x"))));
            for (Query q : d.queries()) {
                out.put(q, InfluxQlReferences.of(GrafanaMacros.interpolate(q, SOME_DAY, variables, all)));
            }
        }
        return out;
    }

    @Test
    void shouldFindSevenDashboardsWithQueriesInRowsAnnotationsAndVariables() {
        assertThat(DASHBOARDS).extracting(Dashboard::file).containsExactly("alerts.json", "distribution.json",
                "inventory.json", "orders.json", "overview.json", "pipeline.json", "suppliers-production.json");
        List<Query> queries = GrafanaPanels.queries(DASHBOARDS);
        assertThat(queries).extracting(Query::kind).contains(GrafanaPanels.Kind.values());
        // the alert log table sits in a collapsed row
        assertThat(queries).anySatisfy(q -> assertThat(q.title()).isEqualTo("Recent alerts"));
    }

    @Test
    void shouldQueryOnlyMeasurementsTagsAndFieldsTheJobWrites() {
        List<String> problems = new ArrayList<>();
        references().forEach((query, refs) -> {
            for (String m : refs.measurements()) {
                if (MetricSchema.find(m).isEmpty()) {
                    problems.add(query + ": no measurement " + m);
                }
            }
            for (Name n : refs.names()) {
                MetricSchema.find(n.measurement()).ifPresent(m -> {
                    if (n.asTag() ? !m.hasTag(n.name()) : !m.hasTag(n.name()) && !m.hasField(n.name())) {
                        problems.add(query + ": " + m.name() + " has no " + (n.asTag() ? "tag " : "tag or field ") + n.name());
                    }
                });
            }
            refs.unresolved().forEach(u -> problems.add(query + ": the subquery gives no " + u.name() + " (only " + u.available() + ")"));
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldChartEveryFieldTheJobWrites() {
        Set<String> read = new HashSet<>();
        references().values().forEach(refs -> refs.names().forEach(n -> read.add(n.measurement() + "." + n.name())));
        List<String> unread = new ArrayList<>();
        for (Measurement m : MetricSchema.ALL) {
            for (String f : m.fieldNames()) {
                if (!read.contains(m.name() + "." + f) && !FIELDS_NOT_CHARTED.contains(m.name() + "." + f)) {
                    unread.add(m.name() + "." + f);
                }
            }
        }
        assertThat(unread).isEmpty();
    }

    @Test
    void shouldNeverTagByTheIdOfASingleThing() {
        for (Measurement m : MetricSchema.ALL) {
            assertThat(m.tags()).as(m.name()).noneMatch(t -> t.toLowerCase().endsWith("id"));
        }
    }

    @Test
    void shouldFitTheProvisioningFiles() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode datasource = yaml.readTree(GrafanaPanels.DASHBOARDS.resolve("provisioning/datasources/influxdb.yaml").toFile())
                .path("datasources").get(0);
        assertThat(datasource.path("type").asText()).isEqualTo("influxdb");
        assertThat(datasource.path("jsonData").path("timeInterval").asText()).isEqualTo(GrafanaMacros.DATASOURCE_MIN_INTERVAL);
        String uid = datasource.path("uid").asText();

        Set<String> uids = new HashSet<>();
        for (Dashboard d : DASHBOARDS) {
            assertThat(uids.add(d.uid())).as("unique uid " + d.uid()).isTrue();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : d.panels()) {
                String where = d.file() + " › " + p.path("title").asText();
                assertThat(ids.add(p.path("id").asInt())).as(where + ": unique id").isTrue();
                assertThat(p.path("description").asText()).as(where + ": description").isNotBlank();
                for (JsonNode t : p.path("targets")) {
                    assertThat(t.path("datasource").path("uid").asText()).as(where).isEqualTo(uid);
                }
            }
        }
        // alert emails link to http://localhost:3000/d/scem-alerts/alerts: the uid, and a title whose slug is "alerts"
        assertThat(DASHBOARDS).filteredOn(d -> d.file().equals("alerts.json"))
                .singleElement().satisfies(d -> {
                    assertThat(d.uid()).isEqualTo("scem-alerts");
                    assertThat(d.title()).isEqualTo("Alerts");
                });
        JsonNode provider = yaml.readTree(GrafanaPanels.DASHBOARDS.resolve("provisioning/dashboards/scem.yaml").toFile())
                .path("providers").get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("options").path("path").asText()).isNotBlank();
    }

    /** What an alert email's link narrows the Alerts dashboard to, the dashboard has variables for. */
    @Test
    void shouldHaveAVariableForTheRuleSiteAndKeyOfAnAlertsLink() {
        Alert stockOut = new Alert();
        stockOut.rule = "STOCK_OUT";
        stockOut.status = Alert.FIRING;
        stockOut.key = "DC1|SKU-7";
        stockOut.site = "DC1";
        stockOut.sku = "SKU-7";
        String link = new MessageTemplates("http://localhost:3000/d/scem-alerts/alerts").dashboardLink(stockOut);
        Set<String> linked = Arrays.stream(link.substring(link.indexOf('?') + 1).split("&"))
                .filter(parameter -> parameter.startsWith("var-"))
                .map(parameter -> parameter.substring("var-".length(), parameter.indexOf('=')))
                .collect(Collectors.toSet());
        Dashboard alerts = GrafanaPanels.named(DASHBOARDS, "alerts.json");

        // the link's sku and ids are for other dashboards: this one has no variable for them
        assertThat(alerts.variables()).extracting(Variable::name).filteredOn(linked::contains)
                .containsExactlyInAnyOrder("rule", "site", "key");
    }

    @Test
    void shouldDocumentTheSchemaInTheReadmeAsMetricSchemaHasIt() throws Exception {
        // rows of the schema table: | `scem_x` | tag, tag | field, field | clock | when |
        Map<String, List<String>> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(GrafanaPanels.DASHBOARDS.resolve("README.md"))) {
            if (line.startsWith("| `scem_")) {
                String[] cells = line.split("\\|");
                documented.put(cells[1].trim().replace("`", ""), List.of(cells[2].trim(), cells[3].trim(), cells[4].trim()));
            }
        }
        assertThat(documented.keySet()).containsExactlyElementsOf(MetricSchema.ALL.stream().map(Measurement::name).toList());
        for (Measurement m : MetricSchema.ALL) {
            List<String> row = documented.get(m.name());
            assertThat(names(row.get(0))).as(m.name() + " tags").isEqualTo(new TreeSet<>(m.tags()));
            assertThat(names(row.get(1))).as(m.name() + " fields").isEqualTo(new TreeSet<>(m.fieldNames()));
            assertThat(row.get(2)).as(m.name() + " clock").isEqualTo(m.clock() == MetricSchema.Clock.EVENT_TIME ? "event" : "wall");
        }
    }

    /** "site, sku" or "`message` (string)" to its names. */
    private static Set<String> names(String cell) {
        return Arrays.stream(cell.split(","))
                .map(s -> s.replaceAll("\\(.*?\\)", "").replace("`", "").trim())
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
