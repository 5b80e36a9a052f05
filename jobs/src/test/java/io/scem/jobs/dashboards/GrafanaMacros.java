package io.scem.jobs.dashboards;

import io.scem.jobs.dashboards.GrafanaPanels.Query;
import io.scem.jobs.dashboards.GrafanaPanels.Variable;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a dashboard's InfluxQL into what Grafana 11 sends to InfluxDB, in Grafana's two steps:
 *
 * <ol>
 *   <li>the browser (the InfluxDB datasource's {@code applyTemplateVariables}) replaces template
 *       variables in the raw query with the {@code regex} format: one value regex-escaped, several
 *       as {@code (a|b)}, "All" as the variable's custom all value inserted as it is (or, without
 *       one, as every value). {@code $__from}/{@code $__to} become epoch milliseconds.
 *       {@code $__interval} is held back for the server;
 *   <li>the server ({@code pkg/tsdb/influxdb/models/query.go}, {@code Build}) replaces, in this
 *       order, {@code $timeFilter} with {@code time >= <from>ms and time <= <to>ms}, {@code
 *       $interval}, {@code $__interval_ms} (milliseconds) and {@code $__interval} (as {@code
 *       gtime.FormatInterval} writes it: {@code 30m}, {@code 1h}, {@code 1d}).
 * </ol>
 *
 * <p>The interval is {@code rangeutil.calculateInterval}: the range divided by the panel's max
 * data points (its width in pixels unless set), rounded to Grafana's ladder of nice intervals,
 * and never below the panel's min interval or else the datasource's ({@code timeInterval} in the
 * provisioning file).
 */
public final class GrafanaMacros {

    /** The datasource's min interval ({@code jsonData.timeInterval} of provisioning/datasources/influxdb.yaml). */
    public static final String DATASOURCE_MIN_INTERVAL = "1m";

    /** Pixels per grid column of a panel on a 1920-pixel-wide screen: the default of max data points. */
    static final int PIXELS_PER_COLUMN = 1920 / 24;

    /** An absolute dashboard time range, epoch milliseconds. */
    public record TimeRange(long fromMillis, long toMillis) {
        public TimeRange {
            if (toMillis <= fromMillis) {
                throw new IllegalArgumentException("empty range " + fromMillis + ".." + toMillis);
            }
        }
    }

    /** What a variable is set to: some of its values, or "All". */
    public record Selection(boolean isAll, List<String> values) {
        public static Selection all() {
            return new Selection(true, List.of());
        }

        /** "All" of a variable without a custom all value: every one of its values. */
        public static Selection all(List<String> everyValue) {
            return new Selection(true, List.copyOf(everyValue));
        }

        public static Selection of(String... values) {
            return new Selection(false, List.of(values));
        }

        public static Selection of(List<String> values) {
            return new Selection(false, List.copyOf(values));
        }
    }

    // templateSrv's variable syntax: $name, [[name:format]], ${name:format}
    private static final Pattern VARIABLE =
            Pattern.compile("\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?]]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?}");
    // What Grafana's scenes (and kbn.regexEscape) escape for the regex format.
    private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\^$*+?.()|\\[\\]{}/]");

    private GrafanaMacros() {}

    /**
     * The query as InfluxDB receives it.
     *
     * @param variables the dashboard's variables, by name
     * @param selections what each of them is set to; every variable the query uses must have one
     */
    public static String interpolate(Query query, TimeRange range, Map<String, Variable> variables,
            Map<String, Selection> selections) {
        String text = replaceVariables(query.text(), range, variables, selections);
        long intervalMs = intervalMillis(range, maxDataPoints(query), query.minInterval());
        return replaceServerMacros(text, range, intervalMs);
    }

    /** The browser's step: template variables and {@code $__from}/{@code $__to}, regex-formatted. */
    static String replaceVariables(String text, TimeRange range, Map<String, Variable> variables,
            Map<String, Selection> selections) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(4);
            String format = m.group(3) != null ? m.group(3) : m.group(6);
            String value;
            if (name.equals("__from") || name.equals("__to")) {
                requireFormat(format, name);
                value = Long.toString(name.equals("__from") ? range.fromMillis() : range.toMillis());
            } else if (variables.containsKey(name)) {
                requireFormat(format, name);
                Selection selection = selections.get(name);
                if (selection == null) {
                    throw new IllegalArgumentException("no value given for $" + name);
                }
                value = regexFormat(variables.get(name), selection);
            } else {
                value = m.group(); // not a variable (a server macro, $timeFilter): left as it is
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void requireFormat(String format, String name) {
        if (format != null && !format.equals("regex")) {
            throw new IllegalArgumentException("format :" + format + " of $" + name + " is not modelled here");
        }
    }

    /**
     * Grafana's {@code regex} variable format. A text box has no "All": asked for it, it gives its
     * default text, what the dashboard opens with.
     */
    static String regexFormat(Variable variable, Selection selection) {
        if (variable.isTextbox()) {
            if (selection.isAll()) return escapeRegex(variable.defaultText());
            if (selection.values().size() != 1) {
                throw new IllegalArgumentException("$" + variable.name() + " is a text box: one value");
            }
            return escapeRegex(selection.values().get(0));
        }
        if (selection.isAll()) {
            if (!variable.includeAll()) {
                throw new IllegalArgumentException("$" + variable.name() + " has no All option");
            }
            if (variable.allValue() != null) {
                return variable.allValue(); // a custom all value is inserted unformatted
            }
        }
        List<String> values = selection.values();
        if (values.isEmpty()) {
            throw new IllegalArgumentException("$" + variable.name() + " has no value");
        }
        if (values.size() > 1 && !variable.multi() && !selection.isAll()) {
            throw new IllegalArgumentException("$" + variable.name() + " takes one value");
        }
        List<String> escaped = values.stream().map(GrafanaMacros::escapeRegex).toList();
        return escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
    }

    static String escapeRegex(String value) {
        return REGEX_SPECIAL.matcher(value).replaceAll(r -> Matcher.quoteReplacement("\\" + r.group()));
    }

    /** The server's step, in the order of {@code query.go}'s {@code Build}. */
    static String replaceServerMacros(String text, TimeRange range, long intervalMs) {
        String interval = formatInterval(intervalMs);
        return text.replace("$timeFilter", "time >= " + range.fromMillis() + "ms and time <= " + range.toMillis() + "ms")
                .replace("$interval", interval)
                .replace("$__interval_ms", Long.toString(intervalMs))
                .replace("$__interval", interval);
    }

    /** Grafana's default for max data points: the panel's width in pixels. */
    static int maxDataPoints(Query query) {
        return query.maxDataPoints() > 0 ? query.maxDataPoints() : query.panelWidth() * PIXELS_PER_COLUMN;
    }

    /** {@code rangeutil.calculateInterval}: the rounded range per data point, at least the min interval. */
    public static long intervalMillis(TimeRange range, int maxDataPoints, String panelMinInterval) {
        long rounded = roundInterval((range.toMillis() - range.fromMillis()) / (double) maxDataPoints);
        long lowLimit = intervalToMillis(panelMinInterval != null ? panelMinInterval : DATASOURCE_MIN_INTERVAL);
        return Math.max(rounded, lowLimit);
    }

    /** {@code rangeutil.roundInterval}: Grafana's ladder of nice intervals. */
    static long roundInterval(double ms) {
        long[][] ladder = {
            {10, 1}, {15, 10}, {35, 20}, {75, 50}, {150, 100}, {350, 200}, {750, 500}, {1_500, 1_000},
            {3_500, 2_000}, {7_500, 5_000}, {12_500, 10_000}, {17_500, 15_000}, {25_000, 20_000},
            {45_000, 30_000}, {90_000, 60_000}, {210_000, 120_000}, {450_000, 300_000}, {750_000, 600_000},
            {1_050_000, 900_000}, {1_500_000, 1_200_000}, {2_700_000, 1_800_000}, {5_400_000, 3_600_000},
            {9_000_000, 7_200_000}, {16_200_000, 10_800_000}, {32_400_000, 21_600_000},
            {86_400_000, 43_200_000}, {604_800_000, 86_400_000}, {1_814_400_000, 604_800_000},
            {3_628_800_000L, 2_592_000_000L}};
        for (long[] step : ladder) {
            if (ms < step[0]) {
                return step[1];
            }
        }
        return 31_536_000_000L;
    }

    /** {@code rangeutil.intervalToMs} for the units panels use: {@code 10s}, {@code 1m}, {@code 1h}, {@code 1d}. */
    static long intervalToMillis(String interval) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d|w)").matcher(interval);
        if (!m.matches()) {
            throw new IllegalArgumentException("interval " + interval);
        }
        long n = Long.parseLong(m.group(1));
        return n * switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            default -> 604_800_000L;
        };
    }

    /** {@code gtime.FormatInterval}: the largest unit that fits, truncated. */
    static String formatInterval(long ms) {
        long[] units = {365L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1};
        String[] names = {"y", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i]) {
                return ms / units[i] + names[i];
            }
        }
        return "1ms";
    }

    /** The variables of a dashboard by name. */
    public static Map<String, Variable> byName(List<Variable> variables) {
        return variables.stream().collect(Collectors.toMap(Variable::name, v -> v));
    }
}
