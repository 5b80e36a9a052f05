package io.scem.core.rules;

import com.espertech.esper.common.client.EventType;
import com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer;
import io.scem.core.rules.RuleSource.Annotation;
import io.scem.core.rules.RuleSource.Statement;
import io.scem.core.rules.RuleSource.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the alert pipeline needs from the rule files beyond compiling: every statement named
 * once, and every alert statement's rule with a known severity and stage and a message whose
 * {column} placeholders the statement selects. The notion of an alert statement and of its
 * rule, and the inheritance of tags between a rule's statements, are {@link AlertStatement}'s.
 */
final class RuleMetadata {
    static final List<String> SEVERITIES = List.of("CRITICAL", "MAJOR", "MINOR", "INFO");
    static final List<String> STAGES = List.of("supplier", "production", "warehouse", "distribution", "orders", "rules");
    static final List<String> STATUSES = List.of("FIRING", "RESOLVED");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

    /** A compiled statement with the columns it selects. */
    record Selected(RuleSource source, Statement statement, EventType type) {}

    private RuleMetadata() {}

    /** Every statement except declarations ({@code create ...}) has a {@code @Name}, and no name is used twice. */
    static List<RuleProblem> checkNames(List<RuleSource> sources) {
        List<RuleProblem> problems = new ArrayList<>();
        Map<String, RuleProblem> firstUse = new HashMap<>();
        for (RuleSource source : sources) {
            for (Statement s : source.statements) {
                if (s.directive() != null) continue;
                Annotation annotation = s.nameAnnotation();
                if (annotation == null) {
                    if (!s.isDeclaration()) {
                        problems.add(source.problem(s.first(), "statement has no @Name: name it, e.g. @Name('STOCK_OUT')"
                                + " (an alert's rule is its name up to the first dot)"));
                    }
                    continue;
                }
                String name = annotation.text("value");
                if (name == null || name.isBlank()) {
                    problems.add(source.problem(annotation.at(), "@Name needs a name in quotes, e.g. @Name('STOCK_OUT')"));
                    continue;
                }
                RuleProblem here = source.problem(annotation.at(), "");
                RuleProblem first = firstUse.putIfAbsent(name, here);
                if (first != null) {
                    problems.add(source.problem(annotation.at(), "statement name '" + name + "' is already used at "
                            + first.file() + ":" + first.line() + ":" + first.column()));
                }
            }
        }
        return problems;
    }

    /** Each alert statement's rule has a valid severity, stage and message, and its message shows selected columns. */
    static List<RuleProblem> checkAlerts(List<Selected> statements) {
        Map<String, List<Selected>> byRule = new LinkedHashMap<>();
        for (Selected s : statements) {
            String name = s.statement().name();
            if (name != null && AlertStatement.isAlertStatement(s.type())) {
                int dot = name.indexOf('.');
                byRule.computeIfAbsent(dot < 0 ? name : name.substring(0, dot), r -> new ArrayList<>()).add(s);
            }
        }
        List<RuleProblem> problems = new ArrayList<>();
        byRule.forEach((rule, alerts) -> {
            checkTag(rule, alerts, "severity", SEVERITIES, problems);
            checkTag(rule, alerts, "stage", STAGES, problems);
            checkTag(rule, alerts, "message", null, problems);
            for (Selected s : alerts) {
                checkPlaceholders(s, alerts, problems);
                checkStatus(s, problems);
            }
        });
        return problems;
    }

    private static void checkTag(String rule, List<Selected> alerts, String tag, List<String> allowed, List<RuleProblem> problems) {
        boolean present = false;
        for (Selected s : alerts) {
            Annotation a = s.statement().tag(tag);
            if (a == null) continue;
            present = true;
            String value = a.text("value");
            if (allowed != null && value != null && !allowed.contains(value)) {
                problems.add(s.source().problem(a.attributes().get("value"),
                        tag + " '" + value + "' is not one of " + String.join(", ", allowed)));
            }
        }
        if (!present) {
            Selected first = alerts.get(0);
            String example = allowed == null ? "what happened, where, since when; {column} shows a selected column"
                    : "one of " + String.join(", ", allowed);
            problems.add(first.source().problem(nameToken(first.statement()), "rule " + rule + " has no " + tag
                    + ": add @Tag(name='" + tag + "', value='...') (" + example + ")"));
        }
    }

    /** {column} placeholders of the statement's message (its own, or the one it takes from its rule) must be selected. */
    private static void checkPlaceholders(Selected s, List<Selected> alerts, List<RuleProblem> problems) {
        Annotation own = s.statement().tag("message");
        Selected owner = s;
        if (own == null) {
            owner = alerts.stream().filter(o -> o.statement().tag("message") != null).findFirst().orElse(null);
            if (owner == null) return;
        }
        Token template = owner.statement().tag("message").attributes().get("value");
        if (template == null) return;
        Matcher m = PLACEHOLDER.matcher(RuleSource.unquote(template));
        while (m.find()) {
            String column = m.group(1);
            if (s.type().isProperty(column)) continue;
            String selects = String.join(", ", s.type().getPropertyNames());
            if (own != null) {
                problems.add(placeInString(s.source(), template, m.group(),
                        "message shows {" + column + "}, which the statement does not select (it selects " + selects + ")"));
            } else {
                problems.add(s.source().problem(nameToken(s.statement()), "the message this statement takes from "
                        + owner.statement().name() + " shows {" + column + "}, which this statement does not select"
                        + " (it selects " + selects + "); select it, or give the statement its own @Tag(name='message', ...)"));
            }
        }
    }

    /** {@code 'FIRED' as status}: an alert's status is FIRING or RESOLVED, where the rule says it literally. */
    private static void checkStatus(Selected s, List<RuleProblem> problems) {
        List<Token> t = s.statement().tokens;
        for (int i = s.statement().bodyStart; i + 2 < t.size(); i++) {
            if (t.get(i).isString() && t.get(i + 1).is(EsperEPL2GrammarLexer.AS)
                    && "status".equals(t.get(i + 2).name())) {
                String value = RuleSource.unquote(t.get(i));
                if (!STATUSES.contains(value)) {
                    problems.add(s.source().problem(t.get(i), "status '" + value + "' is not FIRING or RESOLVED"));
                }
            }
        }
    }

    private static Token nameToken(Statement s) {
        Annotation name = s.nameAnnotation();
        return name != null ? name.at() : s.first();
    }

    /** A problem at {@code part} inside a string literal token (its first occurrence). */
    private static RuleProblem placeInString(RuleSource source, Token literal, String part, String message) {
        String raw = literal.text();
        int index = Math.max(0, raw.indexOf(part));
        int line = literal.line();
        int column = literal.column() + index;
        int newline = raw.lastIndexOf('\n', index);
        if (newline >= 0) {
            line += (int) raw.substring(0, index).chars().filter(c -> c == '\n').count();
            column = index - newline;
        }
        return new RuleProblem(source.file, line, column, message);
    }
}
