package io.scem.core.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.scem.core.notify.YamlTree.Entry;
import io.scem.core.notify.YamlTree.Mapping;
import io.scem.core.notify.YamlTree.Node;
import io.scem.core.notify.YamlTree.Scalar;
import io.scem.core.notify.YamlTree.Sequence;
import io.scem.core.text.Utf8;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and checks a routing file (see {@code rules/README.md}, "Routing notifications"). It goes
 * on after a problem where it can, so that one run of the check lists them all, each at its line.
 * Strict on purpose: a misspelt key or field would otherwise route alerts nowhere, silently.
 */
final class RoutingFile {
    private static final List<String> TOP_KEYS = List.of("route", "receivers", "inhibit_rules");
    private static final List<String> ROUTE_KEYS = List.of("receiver", "group_by", "group_wait", "group_interval",
            "repeat_interval", "match", "match_re", "match_not", "continue", "routes");
    private static final List<String> RECEIVER_KEYS =
            List.of("name", "email", "sms", "send_resolved", "active_hours", "escalate");
    private static final List<String> ACTIVE_HOURS_KEYS = List.of("time_zone", "days", "from", "to");
    private static final List<String> ESCALATE_KEYS = List.of("after", "to");
    private static final List<String> INHIBIT_KEYS = List.of("source_match", "source_match_re", "source_match_not",
            "target_match", "target_match_re", "target_match_not", "equal");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("H:mm");

    /** The config, when the file has no problem. */
    record Parsed(RoutingConfig config, List<RoutingProblem> problems) {}

    /** Settings a route passes down to its children unless they set their own. */
    private record Inherited(String receiver, List<AlertField> groupBy, GroupTiming timing) {}

    /** A receiver name used somewhere, checked once every receiver is known. */
    private record Reference(String name, int line, String usedBy) {}

    private final String file;
    private final List<RoutingProblem> problems = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    private final Map<String, Integer> escalationLines = new LinkedHashMap<>();

    private RoutingFile(String file) {
        this.file = file;
    }

    /** Reads {@code file}, named by its file name; a byte that is not UTF-8 is a problem at its line. */
    static Parsed read(Path file) throws IOException {
        String name = file.getFileName().toString();
        String text = Utf8.readLeniently(file);
        Utf8.Position notUtf8 = Utf8.firstInvalid(text);
        if (notUtf8 != null) return new Parsed(null, List.of(new RoutingProblem(name, notUtf8.line(), Utf8.NOT_UTF8)));
        return read(new StringReader(text), name);
    }

    static Parsed read(Reader in, String file) throws IOException {
        RoutingFile reader = new RoutingFile(file);
        Node document;
        try {
            document = YamlTree.read(in);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            reader.problem(line, "not valid YAML: " + e.getOriginalMessage());
            return new Parsed(null, reader.problems);
        }
        RoutingConfig config = reader.config(document);
        // Checks that need the whole file (receiver names, cycles) come last; report in file order.
        reader.problems.sort(Comparator.comparingInt(RoutingProblem::line));
        return new Parsed(reader.problems.isEmpty() ? config : null, List.copyOf(reader.problems));
    }

    private RoutingConfig config(Node document) {
        if (!(document instanceof Mapping top)) {
            problem(document == null ? 1 : document.line(), "a routing file is a mapping with route:, receivers: and "
                    + "optionally inhibit_rules:");
            return null;
        }
        Map<String, Entry> keys = keys(top, TOP_KEYS, "at the top level");
        Map<String, Receiver> receivers = keys.containsKey("receivers") ? receivers(keys.get("receivers")) : Map.of();
        if (!keys.containsKey("receivers")) problem(top.line(), "missing 'receivers:' (who can be notified)");
        Route root = null;
        Entry routeEntry = keys.get("route");
        if (routeEntry == null) {
            problem(top.line(), "missing 'route:' (the root route, with the default receiver)");
        } else if (routeEntry.value() instanceof Mapping m) {
            root = route(m, "root", null);
        } else {
            problem(routeEntry.line(), "route must be a mapping with at least receiver:");
        }
        List<InhibitRule> inhibitRules = keys.containsKey("inhibit_rules") ? inhibitRules(keys.get("inhibit_rules")) : List.of();
        checkReferences(receivers);
        checkEscalationCycles(receivers);
        return root == null ? null : new RoutingConfig(root, receivers, inhibitRules);
    }

    // ---- routes

    private Route route(Mapping m, String path, Inherited parent) {
        boolean isRoot = parent == null;
        Map<String, Entry> keys = keys(m, ROUTE_KEYS, isRoot ? "in the root route" : "in a route");
        String receiver = isRoot ? null : parent.receiver();
        if (keys.containsKey("receiver")) {
            Entry e = keys.get("receiver");
            receiver = text(e);
            if (receiver != null) references.add(new Reference(receiver, e.line(), "route " + path));
        } else if (isRoot) {
            problem(m.line(), "the root route needs a receiver: it takes the alerts no other route takes");
        }
        if (isRoot) {
            for (String key : List.of("match", "match_re", "match_not", "continue")) {
                if (keys.containsKey(key)) {
                    problem(keys.get(key).line(), "the root route takes every alert: it cannot have '" + key + "'");
                }
            }
        }
        List<AlertField> groupBy = keys.containsKey("group_by") ? fields(keys.get("group_by"))
                : isRoot ? List.of() : parent.groupBy();
        GroupTiming defaults = isRoot ? GroupTiming.DEFAULTS : parent.timing();
        GroupTiming timing = new GroupTiming(
                duration(keys.get("group_wait"), defaults.groupWait(), false),
                duration(keys.get("group_interval"), defaults.groupInterval(), true),
                duration(keys.get("repeat_interval"), defaults.repeatInterval(), true));
        List<Matcher> matchers = new ArrayList<>();
        for (Matcher.Kind kind : Matcher.Kind.values()) {
            if (keys.containsKey(kind.key())) matchers.addAll(matchers(keys.get(kind.key()), kind));
        }
        boolean continueMatching = keys.containsKey("continue") && Boolean.TRUE.equals(bool(keys.get("continue")));

        Inherited mine = new Inherited(receiver == null ? "" : receiver, groupBy, timing);
        List<Route> children = new ArrayList<>();
        Entry routes = keys.get("routes");
        if (routes != null) {
            if (routes.value() instanceof Sequence s) {
                for (Node child : s.items()) {
                    if (child instanceof Mapping cm) {
                        children.add(route(cm, path + "/" + children.size(), mine));
                    } else {
                        problem(child.line(), "a route is a mapping (receiver:, match:, routes: ...)");
                    }
                }
            } else {
                problem(routes.line(), "routes must be a list of routes");
            }
        }
        return new Route(path, matchers, continueMatching, mine.receiver(), groupBy, timing, children, m.line());
    }

    private List<Matcher> matchers(Entry e, Matcher.Kind kind) {
        List<Matcher> out = new ArrayList<>();
        if (!(e.value() instanceof Mapping m)) {
            problem(e.line(), e.key() + " must be a mapping of alert fields to " + (kind == Matcher.Kind.REGEX
                    ? "regexes, e.g. { rule: \"SUPPLIER_.*\" }" : "values, e.g. { rule: SUPPLIER_LATE }"));
            return out;
        }
        Set<String> seen = new HashSet<>();
        for (Entry fe : m.entries()) {
            AlertField field = field(fe.key(), fe.line(), e.key());
            if (!seen.add(fe.key())) problem(fe.line(), "'" + fe.key() + "' given twice in " + e.key());
            if (!(fe.value() instanceof Scalar s) || s.text() == null) {
                problem(fe.line(), e.key() + " " + fe.key() + ": the value must be a text (\"\" matches an absent field)");
                continue;
            }
            if (field == null) continue;
            try {
                out.add(Matcher.of(kind, field, s.text()));
            } catch (PatternSyntaxException x) {
                problem(fe.line(), e.key() + " " + fe.key() + ": bad regex '" + s.text() + "': " + x.getDescription()
                        + (x.getIndex() >= 0 ? " near index " + x.getIndex() : ""));
            }
        }
        return out;
    }

    private List<AlertField> fields(Entry e) {
        List<AlertField> out = new ArrayList<>();
        for (Scalar s : texts(e)) {
            AlertField f = field(s.text(), s.line(), e.key());
            if (f == null) continue;
            if (out.contains(f)) problem(s.line(), e.key() + ": '" + s.text() + "' given twice");
            else out.add(f);
        }
        return out;
    }

    private AlertField field(String name, int line, String where) {
        AlertField f = AlertField.byName(name);
        if (f == null && name.equals("status")) {
            problem(line, where + ": status cannot be used: a route, silence or inhibition sees both the FIRING and "
                    + "the RESOLVED of an alert (a receiver's send_resolved says whether it hears the RESOLVED)");
        } else if (f == null) {
            problem(line, where + ": unknown alert field '" + name + "' (fields: " + AlertField.NAMES + ")");
        }
        return f;
    }

    // ---- receivers

    private Map<String, Receiver> receivers(Entry e) {
        Map<String, Receiver> out = new LinkedHashMap<>();
        if (!(e.value() instanceof Sequence s)) {
            problem(e.line(), "receivers must be a list of receivers, each with a name:");
            return out;
        }
        Set<String> names = new HashSet<>();
        for (Node item : s.items()) {
            if (!(item instanceof Mapping m)) {
                problem(item.line(), "a receiver is a mapping with name:, email: and/or sms:");
                continue;
            }
            Receiver r = receiver(m);
            if (r == null) continue;
            if (!names.add(r.name())) problem(m.line(), "a second receiver named '" + r.name() + "'");
            else out.put(r.name(), r);
        }
        return out;
    }

    private Receiver receiver(Mapping m) {
        Map<String, Entry> keys = keys(m, RECEIVER_KEYS, "in a receiver");
        String name = keys.containsKey("name") ? text(keys.get("name")) : null;
        if (name == null) {
            if (!keys.containsKey("name")) problem(m.line(), "a receiver without 'name:'");
            return null;
        }
        List<String> emails = new ArrayList<>();
        if (keys.containsKey("email")) {
            for (Scalar s : texts(keys.get("email"))) {
                if (EMAIL.matcher(s.text()).matches()) emails.add(s.text());
                else problem(s.line(), "receiver " + name + ": '" + s.text() + "' is not an email address");
            }
        }
        List<String> phones = new ArrayList<>();
        if (keys.containsKey("sms")) {
            for (Scalar s : texts(keys.get("sms"))) {
                String phone = s.text().replace(" ", "");
                if (E164.matcher(phone).matches()) phones.add(phone);
                else problem(s.line(), "receiver " + name + ": '" + s.text() + "' is not an E.164 phone number like +33612345678");
            }
        }
        Boolean sendResolved = keys.containsKey("send_resolved") ? bool(keys.get("send_resolved")) : Boolean.TRUE;
        Receiver.ActiveHours activeHours = keys.containsKey("active_hours") ? activeHours(keys.get("active_hours"), name) : null;
        Receiver.Escalation escalation = keys.containsKey("escalate") ? escalation(keys.get("escalate"), name) : null;
        return new Receiver(name, emails, phones, !Boolean.FALSE.equals(sendResolved), activeHours, escalation);
    }

    private Receiver.ActiveHours activeHours(Entry e, String receiver) {
        if (!(e.value() instanceof Mapping m)) {
            problem(e.line(), "active_hours must be a mapping { time_zone, days, from, to }");
            return null;
        }
        Map<String, Entry> keys = keys(m, ACTIVE_HOURS_KEYS, "in active_hours");
        ZoneId zone = null;
        if (!keys.containsKey("time_zone")) {
            problem(m.line(), "receiver " + receiver + ": active_hours needs a time_zone, e.g. Europe/Paris");
        } else {
            String text = text(keys.get("time_zone"));
            try {
                if (text != null) zone = ZoneId.of(text);
            } catch (DateTimeException x) {
                problem(keys.get("time_zone").line(), "time_zone: '" + text + "' is not a time zone like Europe/Paris or UTC");
            }
        }
        Set<DayOfWeek> days = keys.containsKey("days") ? days(keys.get("days")) : EnumSet.allOf(DayOfWeek.class);
        LocalTime from = clock(keys.get("from"), m.line(), false);
        LocalTime to = clock(keys.get("to"), m.line(), true);
        if (from != null && from.equals(to)) {
            problem(keys.get("to").line(), "active_hours from and to are the same time; "
                    + "leave active_hours out for a receiver reachable at any time");
            return null;
        }
        if (zone == null || days == null || days.isEmpty() || from == null || to == null) return null;
        return new Receiver.ActiveHours(zone, days, from, to);
    }

    private Set<DayOfWeek> days(Entry e) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Scalar s : texts(e)) {
            String[] range = s.text().split("-", -1);
            DayOfWeek first = day(range[0], s.line());
            DayOfWeek last = range.length == 2 ? day(range[1], s.line()) : first;
            if (range.length > 2) problem(s.line(), "days: '" + s.text() + "' is not a day or a range like MON-FRI");
            if (first == null || last == null || range.length > 2) continue;
            for (DayOfWeek d = first; ; d = d.plus(1)) {
                days.add(d);
                if (d == last) break;
            }
        }
        if (days.isEmpty()) problem(e.line(), "days must name at least one day, e.g. [MON-FRI] or [MON, TUE]");
        return days;
    }

    private DayOfWeek day(String text, int line) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(t) || d.name().substring(0, 3).equals(t)) return d;
        }
        problem(line, "days: '" + text + "' is not a day (MON, TUE, WED, THU, FRI, SAT, SUN)");
        return null;
    }

    private LocalTime clock(Entry e, int mappingLine, boolean isEnd) {
        String key = isEnd ? "to" : "from";
        if (e == null) {
            problem(mappingLine, "active_hours needs '" + key + ":' (a local time like \"" + (isEnd ? "18:00" : "08:00") + "\")");
            return null;
        }
        String text = text(e);
        if (text == null) return null;
        if (isEnd && text.equals("24:00")) return LocalTime.MAX;
        try {
            return LocalTime.parse(text, CLOCK);
        } catch (DateTimeParseException x) {
            problem(e.line(), key + ": '" + text + "' is not a local time like 08:00");
            return null;
        }
    }

    private Receiver.Escalation escalation(Entry e, String receiver) {
        if (!(e.value() instanceof Mapping m)) {
            problem(e.line(), "escalate must be a mapping { after: 30m, to: <receiver> }");
            return null;
        }
        Map<String, Entry> keys = keys(m, ESCALATE_KEYS, "in escalate");
        if (!keys.containsKey("after") || !keys.containsKey("to")) {
            problem(m.line(), "escalate needs both 'after:' (a duration) and 'to:' (a receiver)");
            return null;
        }
        Duration after = duration(keys.get("after"), null, true);
        String to = text(keys.get("to"));
        if (to != null) references.add(new Reference(to, keys.get("to").line(), "the escalation of receiver " + receiver));
        if (after == null || to == null) return null;
        escalationLines.put(receiver, e.line());
        return new Receiver.Escalation(after, to);
    }

    private void checkReferences(Map<String, Receiver> receivers) {
        for (Reference r : references) {
            if (!receivers.containsKey(r.name())) {
                problem(r.line(), r.usedBy() + ": unknown receiver '" + r.name() + "' (receivers: "
                        + String.join(", ", receivers.keySet()) + ")");
            }
        }
    }

    /** Escalations must end: a receiver that escalates back to itself, directly or not, is an error. */
    private void checkEscalationCycles(Map<String, Receiver> receivers) {
        Set<Set<String>> reported = new HashSet<>();
        for (Receiver start : receivers.values()) {
            List<String> chain = new ArrayList<>();
            Receiver r = start;
            while (r != null && r.escalation() != null && !chain.contains(r.name())) {
                chain.add(r.name());
                r = receivers.get(r.escalation().receiver());
            }
            if (r == null || r.escalation() == null) continue;
            List<String> cycle = new ArrayList<>(chain.subList(chain.indexOf(r.name()), chain.size()));
            if (!reported.add(new TreeSet<>(cycle))) continue;
            cycle.add(r.name());
            problem(escalationLines.get(cycle.get(0)), "escalation cycle: " + String.join(" -> ", cycle)
                    + " (an escalation must end at a receiver without escalate:)");
        }
    }

    // ---- inhibit rules

    private List<InhibitRule> inhibitRules(Entry e) {
        List<InhibitRule> out = new ArrayList<>();
        if (!(e.value() instanceof Sequence s)) {
            problem(e.line(), "inhibit_rules must be a list of { source_match, target_match, equal }");
            return out;
        }
        for (Node item : s.items()) {
            if (!(item instanceof Mapping m)) {
                problem(item.line(), "an inhibit rule is a mapping { source_match, target_match, equal }");
                continue;
            }
            Map<String, Entry> keys = keys(m, INHIBIT_KEYS, "in an inhibit rule");
            List<Matcher> source = new ArrayList<>();
            List<Matcher> target = new ArrayList<>();
            for (Matcher.Kind kind : Matcher.Kind.values()) {
                Entry se = keys.get("source_" + kind.key());
                if (se != null) source.addAll(matchers(se, kind));
                Entry te = keys.get("target_" + kind.key());
                if (te != null) target.addAll(matchers(te, kind));
            }
            if (keys.keySet().stream().noneMatch(k -> k.startsWith("source_"))) {
                problem(m.line(), "an inhibit rule needs source_match (or source_match_re): which alerts inhibit");
            }
            if (keys.keySet().stream().noneMatch(k -> k.startsWith("target_"))) {
                problem(m.line(), "an inhibit rule needs target_match (or target_match_re): which alerts are inhibited");
            }
            List<AlertField> equal = keys.containsKey("equal") ? fields(keys.get("equal")) : List.of();
            out.add(new InhibitRule(source, target, equal, m.line()));
        }
        return out;
    }

    // ---- scalars and keys

    /** The known keys of a mapping; reports unknown and repeated ones ({@code where}: "in a route"). */
    private Map<String, Entry> keys(Mapping m, List<String> allowed, String where) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Entry e : m.entries()) {
            if (!allowed.contains(e.key())) {
                problem(e.line(), "unknown key '" + e.key() + "' " + where + " (keys: " + String.join(", ", allowed) + ")");
            } else if (out.containsKey(e.key())) {
                problem(e.line(), "'" + e.key() + "' given twice " + where);
            } else {
                out.put(e.key(), e);
            }
        }
        return out;
    }

    private String text(Entry e) {
        if (e.value() instanceof Scalar s && s.text() != null && !s.text().isBlank()) return s.text();
        problem(e.line(), e.key() + " must be a text");
        return null;
    }

    private Boolean bool(Entry e) {
        if (e.value() instanceof Scalar s && s.isBoolean()) return Boolean.valueOf(s.text().equalsIgnoreCase("true"));
        problem(e.line(), e.key() + " must be true or false");
        return null;
    }

    /** A list of texts; a single text stands for a list of one. */
    private List<Scalar> texts(Entry e) {
        List<Node> items = e.value() instanceof Sequence s ? s.items() : List.of(e.value());
        List<Scalar> out = new ArrayList<>();
        for (Node n : items) {
            if (n instanceof Scalar s && s.text() != null && !s.text().isBlank()) out.add(s);
            else problem(n.line(), e.key() + " must be a list of texts, e.g. [a, b]");
        }
        return out;
    }

    /** The duration of {@code e}, or {@code inherited} when it is absent (or wrong, after reporting it). */
    private Duration duration(Entry e, Duration inherited, boolean positive) {
        if (e == null) return inherited;
        String text = text(e);
        if (text == null) return inherited;
        try {
            Duration d = Durations.parse(text);
            if (positive && d.isZero()) {
                problem(e.line(), e.key() + " must be longer than 0");
                return inherited;
            }
            return d;
        } catch (IllegalArgumentException x) {
            problem(e.line(), e.key() + ": " + x.getMessage());
            return inherited;
        }
    }

    private void problem(int line, String message) {
        problems.add(new RoutingProblem(file, line, message));
    }
}
