package io.scem.core.rules;

import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.EventType;
import com.espertech.esper.common.client.annotation.Tag;
import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the rows of one alert statement become {@link Alert}s. An alert statement is one that
 * selects a {@code status} column; its rule is its {@code @Name} up to the first '.', and its
 * severity, stage and message template come from {@code @Tag}s (a statement without them takes
 * the ones of another statement of the same rule).
 */
final class AlertStatement {
    static final List<String> ENTITY_COLUMNS = List.of(
            "site", "sku", "poId", "workOrderId", "shipmentId", "orderId", "supplierId", "carrierId");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

    final String rule;
    String severity;
    String stage;
    String messageTemplate;
    private final EventType type;

    AlertStatement(String statementName, Annotation[] annotations, EventType type) {
        int dot = statementName.indexOf('.');
        this.rule = dot < 0 ? statementName : statementName.substring(0, dot);
        this.type = type;
        for (Annotation a : annotations) {
            if (a instanceof Tag tag) {
                switch (tag.name()) {
                    case "severity" -> severity = tag.value();
                    case "stage" -> stage = tag.value();
                    case "message" -> messageTemplate = tag.value();
                    default -> { }
                }
            }
        }
    }

    static boolean isAlertStatement(EventType type) {
        return type != null && type.isProperty("status") && type.isProperty("key") && type.isProperty("at");
    }

    /** Fills what this statement lacks from a sibling statement of the same rule. */
    void inheritFrom(AlertStatement other) {
        if (severity == null) severity = other.severity;
        if (stage == null) stage = other.stage;
        if (messageTemplate == null) messageTemplate = other.messageTemplate;
    }

    Alert toAlert(EventBean row) {
        Alert a = new Alert();
        a.rule = rule;
        a.status = String.valueOf(row.get("status"));
        a.severity = severity;
        a.stage = stage;
        a.key = String.valueOf(row.get("key"));
        a.at = ((Number) row.get("at")).longValue();
        a.site = text(row, "site");
        a.sku = text(row, "sku");
        a.poId = text(row, "poId");
        a.workOrderId = text(row, "workOrderId");
        a.shipmentId = text(row, "shipmentId");
        a.orderId = text(row, "orderId");
        a.supplierId = text(row, "supplierId");
        a.carrierId = text(row, "carrierId");
        a.evidence = evidence(row);
        a.message = messageTemplate == null ? rule + " " + a.status.toLowerCase() + " for " + a.key
                : render(messageTemplate, row);
        return a;
    }

    private String text(EventBean row, String column) {
        if (!type.isProperty(column)) return null;
        Object v = row.get(column);
        return v == null ? null : v.toString();
    }

    private String[] evidence(EventBean row) {
        if (!type.isProperty("evidence")) return new String[0];
        Object v = row.get("evidence");
        if (v == null) return new String[0];
        if (v instanceof String[] ids) return ids;
        if (v instanceof Object[] ids) {
            String[] out = new String[ids.length];
            for (int i = 0; i < ids.length; i++) out[i] = String.valueOf(ids[i]);
            return out;
        }
        return new String[] {v.toString()};
    }

    /** Substitutes {column} with the row's value; columns ending in "At" (and "at") read as instants. */
    private String render(String template, EventBean row) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 32);
        while (m.find()) {
            String column = m.group(1);
            String value;
            if (!type.isProperty(column)) {
                value = m.group();
            } else {
                Object v = row.get(column);
                boolean instant = v instanceof Long && (column.equals("at") || column.endsWith("At"));
                value = v == null ? "?" : instant ? Instants.format((Long) v) : v.toString();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static void completeMetadata(Map<String, List<AlertStatement>> byRule) {
        for (List<AlertStatement> statements : byRule.values()) {
            for (AlertStatement s : statements) {
                for (AlertStatement other : statements) {
                    if (other != s) s.inheritFrom(other);
                }
            }
        }
    }
}
