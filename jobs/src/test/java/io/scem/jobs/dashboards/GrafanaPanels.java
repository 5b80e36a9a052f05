package io.scem.jobs.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The InfluxQL queries of SCEM's Grafana dashboards ({@code dashboards/*.json}), as Grafana would
 * send them before it substitutes anything: every panel target (panels inside collapsed rows
 * included, hidden targets left out), every InfluxDB annotation query and every query variable.
 * {@link GrafanaMacros} then substitutes variables and macros the way Grafana does.
 */
public final class GrafanaPanels {

    /** The repository's dashboards folder, from the jobs module where the tests run. */
    public static final Path DASHBOARDS = Path.of("../dashboards");

    /** Where a query sits in a dashboard. */
    public enum Kind { PANEL, ANNOTATION, VARIABLE }

    /**
     * One query of one dashboard.
     *
     * @param dashboard the dashboard's file name
     * @param title the panel title, annotation name or variable name
     * @param kind what holds the query
     * @param refId the target's refId (the variable name for a variable)
     * @param text the raw InfluxQL, with Grafana's variables and macros still in it
     * @param panelWidth the panel's width in grid columns (of 24), 24 for annotations and variables
     * @param maxDataPoints the panel's max data points, or 0 when Grafana uses the panel's pixel width
     * @param minInterval the panel's min interval ("Min interval" of its query options), or null
     */
    public record Query(String dashboard, String title, Kind kind, String refId, String text, int panelWidth,
            int maxDataPoints, String minInterval) {
        @Override
        public String toString() {
            return dashboard + " › " + title + (kind == Kind.PANEL ? " [" + refId + "]" : " (" + kind.name().toLowerCase() + ")");
        }
    }

    /**
     * A query variable: its values come from {@code query}; "All" stands for {@code allValue}
     * (inserted as it is) or, when that is null, every value. Or a text box ({@code query} null):
     * one value typed in or given by a link, {@code defaultText} when the dashboard opens.
     */
    public record Variable(String name, String query, boolean multi, boolean includeAll, String allValue,
            String defaultText) {
        public static Variable query(String name, String query, boolean multi, boolean includeAll, String allValue) {
            return new Variable(name, query, multi, includeAll, allValue, null);
        }

        public static Variable textbox(String name, String defaultText) {
            return new Variable(name, null, false, false, null, defaultText);
        }

        public boolean isTextbox() {
            return query == null;
        }
    }

    /** One dashboard file, parsed. */
    public record Dashboard(String file, JsonNode json) {
        public String uid() {
            return json.path("uid").asText();
        }

        public String title() {
            return json.path("title").asText();
        }

        /** Query and text box variables in the order Grafana resolves them (a variable may use the ones before it). */
        public List<Variable> variables() {
            List<Variable> out = new ArrayList<>();
            for (JsonNode v : json.path("templating").path("list")) {
                String type = v.path("type").asText();
                if ("query".equals(type)) {
                    JsonNode query = v.path("query");
                    out.add(Variable.query(v.path("name").asText(), query.isObject() ? query.path("query").asText() : query.asText(),
                            v.path("multi").asBoolean(), v.path("includeAll").asBoolean(),
                            v.hasNonNull("allValue") && !v.path("allValue").asText().isEmpty() ? v.path("allValue").asText() : null));
                } else if ("textbox".equals(type)) {
                    out.add(Variable.textbox(v.path("name").asText(), v.path("query").asText()));
                }
            }
            return out;
        }

        /** Every panel, those inside rows included, rows themselves excluded. */
        public List<JsonNode> panels() {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode p : json.path("panels")) {
                if ("row".equals(p.path("type").asText())) {
                    p.path("panels").forEach(out::add);
                } else {
                    out.add(p);
                }
            }
            return out;
        }

        /** Every InfluxQL query of this dashboard: panel targets, annotations, variables. */
        public List<Query> queries() {
            List<Query> out = new ArrayList<>();
            for (JsonNode p : panels()) {
                for (JsonNode t : p.path("targets")) {
                    if (!t.path("hide").asBoolean() && t.hasNonNull("query")) {
                        out.add(new Query(file, p.path("title").asText(), Kind.PANEL, t.path("refId").asText(),
                                t.path("query").asText(), p.path("gridPos").path("w").asInt(24),
                                p.path("maxDataPoints").asInt(0), p.hasNonNull("interval") ? p.path("interval").asText() : null));
                    }
                }
            }
            for (JsonNode a : json.path("annotations").path("list")) {
                if ("influxdb".equals(a.path("datasource").path("type").asText())) {
                    out.add(new Query(file, a.path("name").asText(), Kind.ANNOTATION, a.path("target").path("refId").asText(),
                            a.path("target").path("query").asText(), 24, 0, null));
                }
            }
            for (Variable v : variables()) {
                if (!v.isTextbox()) out.add(new Query(file, v.name(), Kind.VARIABLE, v.name(), v.query(), 24, 0, null));
            }
            return out;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private GrafanaPanels() {}

    /** Every {@code *.json} directly in {@code dir}, sorted by name. */
    public static List<Dashboard> load(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Dashboard> out = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                out.add(new Dashboard(f.getFileName().toString(), JSON.readTree(f.toFile())));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's dashboards. */
    public static List<Dashboard> load() {
        return load(DASHBOARDS);
    }

    /** The dashboard of {@code file} (e.g. {@code alerts.json}) among {@code dashboards}. */
    public static Dashboard named(List<Dashboard> dashboards, String file) {
        return dashboards.stream().filter(d -> d.file().equals(file)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no dashboard " + file));
    }

    /** Every query of every dashboard. */
    public static List<Query> queries(List<Dashboard> dashboards) {
        return dashboards.stream().flatMap(d -> d.queries().stream()).toList();
    }
}
