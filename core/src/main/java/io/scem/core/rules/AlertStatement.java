package io.scem.core.rules;

import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.EventPropertyGetter;
import com.espertech.esper.common.client.EventType;
import com.espertech.esper.common.client.annotation.Tag;
import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the rows of one alert statement become {@link Alert}s. An alert statement is one that
 * selects a {@code status} column; its rule is its {@code @Name} up to the first '.', and its
 * severity, stage and message template come from {@code @Tag}s (a statement without them takes
 * the ones of another statement of the same rule).
 *
 * <p>Column getters and the message template are resolved once, at deployment: reading a row
 * by property name would parse the name on every row.
 */
final class AlertStatement {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

    final String rule;
    /** The content hash of the file that holds the statement. */
    final String ruleVersion;
    private String severity;
    private String stage;
    private String messageTemplate;
    private final EventType type;

    private final EventPropertyGetter status;
    private final EventPropertyGetter key;
    private final EventPropertyGetter at;
    private final EventPropertyGetter site;
    private final EventPropertyGetter sku;
    private final EventPropertyGetter poId;
    private final EventPropertyGetter workOrderId;
    private final EventPropertyGetter shipmentId;
    private final EventPropertyGetter orderId;
    private final EventPropertyGetter supplierId;
    private final EventPropertyGetter carrierId;
    private final EventPropertyGetter customerId;
    private final EventPropertyGetter evidence;
    private final EventPropertyGetter holdMinutes;
    /** The message template as literal text and column parts; built by {@link #prepare()}. */
    private List<Part> message;

    /** A piece of a message: literal text, or the value of a column (null getter: unknown column). */
    private record Part(String text, EventPropertyGetter column, boolean instant) {}

    AlertStatement(String statementName, String ruleVersion, Annotation[] annotations, EventType type) {
        int dot = statementName.indexOf('.');
        this.rule = dot < 0 ? statementName : statementName.substring(0, dot);
        this.ruleVersion = ruleVersion;
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
        status = type.getGetter("status");
        key = type.getGetter("key");
        at = type.getGetter("at");
        site = getter("site");
        sku = getter("sku");
        poId = getter("poId");
        workOrderId = getter("workOrderId");
        shipmentId = getter("shipmentId");
        orderId = getter("orderId");
        supplierId = getter("supplierId");
        carrierId = getter("carrierId");
        customerId = getter("customerId");
        evidence = getter("evidence");
        holdMinutes = getter("holdMinutes");
    }

    private EventPropertyGetter getter(String column) {
        return type.isProperty(column) ? type.getGetter(column) : null;
    }

    static boolean isAlertStatement(EventType type) {
        return type != null && type.isProperty("status") && type.isProperty("key") && type.isProperty("at");
    }

    /** Fills what each statement of a rule lacks from its siblings, then resolves templates. */
    static void completeMetadata(Map<String, List<AlertStatement>> byRule) {
        for (List<AlertStatement> statements : byRule.values()) {
            for (AlertStatement s : statements) {
                for (AlertStatement other : statements) {
                    if (other != s) s.inheritFrom(other);
                }
            }
            for (AlertStatement s : statements) s.prepare();
        }
    }

    private void inheritFrom(AlertStatement other) {
        if (severity == null) severity = other.severity;
        if (stage == null) stage = other.stage;
        if (messageTemplate == null) messageTemplate = other.messageTemplate;
    }

    private void prepare() {
        if (messageTemplate == null) {
            return;
        }
        message = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(messageTemplate);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) message.add(new Part(messageTemplate.substring(last, m.start()), null, false));
            String column = m.group(1);
            EventPropertyGetter getter = getter(column);
            // An unknown column stays visible as {column}: a template mistake shows in the message.
            message.add(getter == null ? new Part(m.group(), null, false)
                    : new Part(null, getter, column.equals("at") || column.endsWith("At")));
            last = m.end();
        }
        if (last < messageTemplate.length()) message.add(new Part(messageTemplate.substring(last), null, false));
    }

    Alert toAlert(EventBean row) {
        Alert a = new Alert();
        a.rule = rule;
        a.ruleVersion = ruleVersion;
        a.status = status(row);
        a.severity = severity;
        a.stage = stage;
        a.key = key(row);
        a.at = ((Number) at.get(row)).longValue();
        a.site = text(row, site);
        a.sku = text(row, sku);
        a.poId = text(row, poId);
        a.workOrderId = text(row, workOrderId);
        a.shipmentId = text(row, shipmentId);
        a.orderId = text(row, orderId);
        a.supplierId = text(row, supplierId);
        a.carrierId = text(row, carrierId);
        a.customerId = text(row, customerId);
        a.evidence = evidence(row);
        if (holdMinutes != null && holdMinutes.get(row) instanceof Number minutes) {
            a.holdMillis = Math.max(0, minutes.longValue()) * 60_000L;
        }
        a.message = message == null ? rule + " " + a.status.toLowerCase() + " for " + a.key : render(row);
        return a;
    }

    String status(EventBean row) {
        return String.valueOf(status.get(row));
    }

    String key(EventBean row) {
        return String.valueOf(key.get(row));
    }

    private static String text(EventBean row, EventPropertyGetter getter) {
        if (getter == null) return null;
        Object v = getter.get(row);
        return v == null ? null : v.toString();
    }

    private String[] evidence(EventBean row) {
        Object v = evidence == null ? null : evidence.get(row);
        if (v == null) return new String[0];
        if (v instanceof String[] ids) return ids;
        if (v instanceof Object[] ids) {
            String[] out = new String[ids.length];
            for (int i = 0; i < ids.length; i++) out[i] = String.valueOf(ids[i]);
            return out;
        }
        return new String[] {v.toString()};
    }

    /** The message with each {column} replaced by the row's value; "At" columns as instants. */
    private String render(EventBean row) {
        StringBuilder out = new StringBuilder(messageTemplate.length() + 32);
        for (Part part : message) {
            if (part.column() == null) {
                out.append(part.text());
            } else {
                Object v = part.column().get(row);
                out.append(v == null ? "?" : part.instant() && v instanceof Long t ? Instants.format(t) : v.toString());
            }
        }
        return out.toString();
    }
}
