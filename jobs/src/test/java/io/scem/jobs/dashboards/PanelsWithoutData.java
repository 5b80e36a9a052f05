package io.scem.jobs.dashboards;

import io.scem.jobs.dashboards.GrafanaMacros.Selection;
import io.scem.jobs.dashboards.GrafanaMacros.TimeRange;
import io.scem.jobs.dashboards.GrafanaPanels.Dashboard;
import io.scem.jobs.dashboards.GrafanaPanels.Query;
import io.scem.jobs.dashboards.GrafanaPanels.Variable;
import io.scem.jobs.testing.InfluxServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.influxdb.dto.QueryResult;

/**
 * Runs the dashboard queries that read some metrics against a database, as Grafana would with
 * every variable at "All", and names those that return no data. For the tests of what writes the
 * metrics a replay cannot (the notifier's, a live job's pipeline health): their panels are held to
 * returning data there.
 */
public final class PanelsWithoutData {
    private PanelsWithoutData() {}

    /**
     * The queries reading any of {@code metrics} (a measurement, or {@code measurement.field})
     * that return no data from {@code database} over {@code range}; fails if no query reads them.
     */
    public static List<String> of(InfluxServer influx, String database, TimeRange range, Set<String> metrics) {
        List<String> empty = new ArrayList<>();
        int run = 0;
        for (Dashboard d : GrafanaPanels.load()) {
            Map<String, Variable> variables = GrafanaMacros.byName(d.variables());
            Map<String, Selection> all = new LinkedHashMap<>();
            variables.keySet().forEach(name -> all.put(name, Selection.all()));
            for (Query q : d.queries()) {
                String influxQl = GrafanaMacros.interpolate(q, range, variables, all);
                if (!readsAny(influxQl, metrics)) continue;
                run++;
                if (!hasValue(influx.query(database, influxQl))) empty.add(q + ": " + influxQl);
            }
        }
        if (run == 0) throw new IllegalArgumentException("no dashboard query reads " + metrics);
        return empty;
    }

    private static boolean readsAny(String influxQl, Set<String> metrics) {
        InfluxQlReferences.References refs = InfluxQlReferences.of(influxQl);
        Set<String> read = new HashSet<>(refs.measurements());
        refs.names().forEach(n -> read.add(n.measurement() + "." + n.name()));
        return read.stream().anyMatch(metrics::contains);
    }

    /** True if any series has a non-null value in a column other than the first (time, or key). */
    static boolean hasValue(QueryResult result) {
        for (QueryResult.Result r : result.getResults()) {
            if (r.hasError()) throw new IllegalStateException(r.getError());
            if (r.getSeries() == null) continue;
            for (QueryResult.Series s : r.getSeries()) {
                for (List<Object> row : s.getValues()) {
                    if (row.subList(1, row.size()).stream().anyMatch(Objects::nonNull)) return true;
                }
            }
        }
        return false;
    }
}
