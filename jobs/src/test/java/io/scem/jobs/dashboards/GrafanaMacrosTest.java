package io.scem.jobs.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scem.jobs.dashboards.GrafanaMacros.Selection;
import io.scem.jobs.dashboards.GrafanaMacros.TimeRange;
import io.scem.jobs.dashboards.GrafanaPanels.Kind;
import io.scem.jobs.dashboards.GrafanaPanels.Query;
import io.scem.jobs.dashboards.GrafanaPanels.Variable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grafana's substitution of variables and macros in InfluxQL, as the dashboards' tests apply it. */
class GrafanaMacrosTest {
    private static final long FROM = 1_764_000_000_000L;
    private static final TimeRange MONTH = new TimeRange(FROM, FROM + Duration.ofDays(30).toMillis());
    private static final Map<String, Variable> VARIABLES = GrafanaMacros.byName(List.of(
            Variable.query("site", "SHOW TAG VALUES FROM \"scem_stock\" WITH KEY = \"site\"", true, true, ".*"),
            Variable.query("rule", "SHOW TAG VALUES FROM \"scem_alerts\" WITH KEY = \"rule\"", true, true, null),
            Variable.query("sku", "SHOW TAG VALUES FROM \"scem_stock\" WITH KEY = \"sku\"", false, false, null),
            Variable.textbox("key", "")));

    private static Query panel(String text, int width, String minInterval) {
        return new Query("test.json", "panel", Kind.PANEL, "A", text, width, 0, minInterval);
    }

    private static String interpolate(String text, Map<String, Selection> selections) {
        return GrafanaMacros.interpolate(panel(text, 12, null), MONTH, VARIABLES, selections);
    }

    @Test
    void shouldTurnTimeFilterIntoAnAbsoluteMillisecondRange() {
        assertThat(interpolate("SELECT sum(\"count\") FROM \"scem_events\" WHERE $timeFilter", Map.of()))
                .isEqualTo("SELECT sum(\"count\") FROM \"scem_events\" WHERE time >= 1764000000000ms and time <= "
                        + (FROM + 2_592_000_000L) + "ms");
    }

    @Test
    void shouldDivideTheRangeByThePanelWidthInPixelsAndRoundToGrafanasLadder() {
        // 30 days over a half-width panel (960 px): 45 min a point, which Grafana rounds to 1 h
        assertThat(interpolate("GROUP BY time($__interval) -- $__interval_ms", Map.of()))
                .isEqualTo("GROUP BY time(1h) -- 3600000");
        // a full-width panel (1920 px): 22.5 min, rounded to 20 min
        assertThat(GrafanaMacros.interpolate(panel("time($__interval)", 24, null), MONTH, VARIABLES, Map.of()))
                .isEqualTo("time(20m)");
        // max data points, when set, replace the width
        assertThat(GrafanaMacros.interpolate(new Query("t", "p", Kind.PANEL, "A", "$__interval", 24, 200, null),
                MONTH, VARIABLES, Map.of())).isEqualTo("3h");
    }

    @Test
    void shouldNeverGoBelowThePanelsOrElseTheDatasourcesMinInterval() {
        assertThat(GrafanaMacros.interpolate(panel("$__interval", 12, "1d"), MONTH, VARIABLES, Map.of()))
                .isEqualTo("1d");
        TimeRange hour = new TimeRange(FROM, FROM + 3_600_000);
        // 1 h over 960 px is 3.75 s, rounded to 5 s, but the datasource's min interval is 1 m
        assertThat(GrafanaMacros.interpolate(panel("$__interval", 12, null), hour, VARIABLES, Map.of()))
                .isEqualTo("1m");
        assertThat(GrafanaMacros.interpolate(panel("$__interval", 12, "10s"), hour, VARIABLES, Map.of()))
                .isEqualTo("10s");
    }

    @Test
    void shouldFormatIntervalsAsGoDoesTruncatingToTheLargestUnit() {
        assertThat(GrafanaMacros.formatInterval(90 * 60_000)).isEqualTo("1h");
        assertThat(GrafanaMacros.formatInterval(604_800_000)).isEqualTo("7d");
        assertThat(GrafanaMacros.formatInterval(500)).isEqualTo("500ms");
    }

    @Test
    void shouldInsertTheCustomAllValueUnescaped() {
        assertThat(interpolate("\"site\" =~ /^$site$/ AND \"site\" =~ /^${site}$/", Map.of("site", Selection.all())))
                .isEqualTo("\"site\" =~ /^.*$/ AND \"site\" =~ /^.*$/");
    }

    @Test
    void shouldExpandAllWithoutACustomValueToEveryValue() {
        assertThat(interpolate("/^$rule$/", Map.of("rule", Selection.all(List.of("STOCK_OUT", "LOW_STOCK")))))
                .isEqualTo("/^(STOCK_OUT|LOW_STOCK)$/");
    }

    @Test
    void shouldJoinSeveralValuesAsARegexAlternation() {
        assertThat(interpolate("/^$site$/", Map.of("site", Selection.of("DC1", "DC2")))).isEqualTo("/^(DC1|DC2)$/");
    }

    @Test
    void shouldRegexEscapeValuesButNotHyphens() {
        assertThat(interpolate("/^$sku$/", Map.of("sku", Selection.of("SKU-1")))).isEqualTo("/^SKU-1$/");
        assertThat(interpolate("/^$site$/", Map.of("site", Selection.of("a.b/c(d)")))).isEqualTo("/^a\\.b\\/c\\(d\\)$/");
    }

    @Test
    void shouldRegexEscapeATextBoxAndGiveItsDefaultTextForAll() {
        String keyFilter = "/^${key:regex}$|${key:regex}^/";
        assertThat(interpolate(keyFilter, Map.of("key", Selection.of("DC1|SKU-7")))).isEqualTo("/^DC1\\|SKU-7$|DC1\\|SKU-7^/");
        assertThat(interpolate(keyFilter, Map.of("key", Selection.all()))).isEqualTo("/^$|^/");
    }

    @Test
    void shouldGiveTheRangeEndsAsEpochMillisecondsForFromAndTo() {
        assertThat(interpolate("time <= ${__to}ms AND time >= $__from", Map.of()))
                .isEqualTo("time <= " + MONTH.toMillis() + "ms AND time >= " + FROM);
    }

    @Test
    void shouldRefuseWhatItDoesNotModel() {
        assertThatThrownBy(() -> interpolate("/^$site$/", Map.of())).hasMessageContaining("no value given for $site");
        assertThatThrownBy(() -> interpolate("${site:csv}", Map.of("site", Selection.all())))
                .hasMessageContaining("format :csv");
        assertThatThrownBy(() -> interpolate("$sku", Map.of("sku", Selection.of("A", "B"))))
                .hasMessageContaining("takes one value");
    }
}
