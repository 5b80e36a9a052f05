package io.scem.core.notify;

import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import io.scem.core.notify.OutgoingMessage.Channel;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a {@link Notification} into what is sent: one email to the receiver's addresses (subject,
 * plain text and HTML, every alert with what, where, since when, why, and a dashboard link), and
 * an SMS summary to its phones, in numbered parts when it does not fit one SMS.
 */
public final class MessageTemplates {
    /** Alerts an SMS names before it says "+N more": an SMS is a nudge, the email has the details. */
    private static final int SMS_ALERTS = 3;
    private static final long HOUR = Instants.HOUR;

    /** Where an alert happened, in the order an email lists it. */
    private static final List<Map.Entry<String, Function<Alert, String>>> WHERE = List.of(
            Map.entry("site", a -> a.site), Map.entry("sku", a -> a.sku), Map.entry("supplierId", a -> a.supplierId),
            Map.entry("carrierId", a -> a.carrierId), Map.entry("poId", a -> a.poId),
            Map.entry("workOrderId", a -> a.workOrderId), Map.entry("shipmentId", a -> a.shipmentId),
            Map.entry("orderId", a -> a.orderId));

    private final String dashboardUrl;

    /** @param dashboardUrl the Grafana dashboard that links add {@code var-...} filters to, e.g. {@code http://localhost:3000/d/scem-alerts} */
    public MessageTemplates(String dashboardUrl) {
        URI.create(dashboardUrl); // fail at startup, not in the first email
        this.dashboardUrl = dashboardUrl;
    }

    /** The email (if the receiver has addresses) and the SMS parts (if it has phones). */
    public List<OutgoingMessage> render(Notification n, Receiver receiver) {
        List<OutgoingMessage> out = new ArrayList<>();
        if (!receiver.emails().isEmpty()) {
            out.add(new OutgoingMessage(Channel.EMAIL, receiver.name(), receiver.emails(), subject(n), text(n), html(n),
                    n.dedupKey()));
        }
        if (!receiver.phones().isEmpty()) {
            List<String> parts = Sms.split(smsText(n));
            for (int i = 0; i < parts.size(); i++) {
                out.add(new OutgoingMessage(Channel.SMS, receiver.name(), receiver.phones(), null, parts.get(i), null,
                        n.dedupKey() + "|sms" + (i + 1) + "/" + parts.size()));
            }
        }
        return out;
    }

    /** {@code [FIRING:3] SUPPLIER_LATE supplierId=SUP-2}, {@code [FIRING:1, RESOLVED:2] ...}, {@code [RESOLVED:2] ...}. */
    public String subject(Notification n) {
        List<String> counts = new ArrayList<>();
        if (!n.firing().isEmpty()) counts.add("FIRING:" + n.firing().size());
        if (!n.resolved().isEmpty()) counts.add("RESOLVED:" + n.resolved().size());
        return (n.escalation() ? "[ESCALATED] " : "") + "[" + String.join(", ", counts) + "] " + groupName(n);
    }

    /** The group's rule (or its alerts' rules) and its other group_by values. */
    static String groupName(Notification n) {
        List<String> words = new ArrayList<>();
        Map<String, String> labels = n.groupKey().labels();
        String rule = labels.get("rule");
        if (rule != null && !rule.isEmpty()) {
            words.add(rule);
        } else {
            Set<String> rules = new LinkedHashSet<>();
            n.firing().forEach(a -> rules.add(a.rule));
            n.resolved().forEach(a -> rules.add(a.rule));
            List<String> shown = rules.stream().limit(SMS_ALERTS).toList();
            words.add(String.join(", ", shown) + (rules.size() > shown.size() ? " +" + (rules.size() - shown.size()) : ""));
        }
        labels.forEach((k, v) -> {
            if (!k.equals("rule") && !v.isEmpty()) words.add(k + "=" + v);
        });
        return String.join(" ", words);
    }

    public String text(Notification n) {
        StringBuilder b = new StringBuilder(subject(n)).append("\n");
        if (n.escalation()) b.append("\nEscalated: these CRITICAL alerts are still firing after their first notification.\n");
        section(b, "FIRING", n.firing());
        section(b, "RESOLVED", n.resolved());
        return b.toString();
    }

    private void section(StringBuilder b, String title, List<Alert> alerts) {
        if (alerts.isEmpty()) return;
        b.append("\n").append(title).append(" (").append(alerts.size()).append(")\n");
        int i = 1;
        for (Alert a : alerts) {
            b.append("\n").append(i++).append(". ").append(title(a)).append("\n");
            b.append("   What:  ").append(what(a)).append("\n");
            String where = where(a);
            if (!where.isEmpty()) b.append("   Where: ").append(where).append("\n");
            b.append("   When:  ").append(when(a)).append("\n");
            b.append("   Why:   ").append(nullToDash(a.message)).append("\n");
            if (a.evidence != null && a.evidence.length > 0) {
                b.append("          evidence: ").append(String.join(", ", a.evidence)).append("\n");
            }
            if (a.rootCause != null) b.append("          root cause: alert ").append(a.rootCause).append("\n");
            b.append("   Dashboard: ").append(dashboardLink(a)).append("\n");
        }
    }

    public String html(Notification n) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html><body style=\"font-family:sans-serif\">\n");
        b.append("<h2>").append(escape(subject(n))).append("</h2>\n");
        if (n.escalation()) b.append("<p><b>Escalated:</b> these CRITICAL alerts are still firing after their first notification.</p>\n");
        htmlSection(b, "Firing", n.firing());
        htmlSection(b, "Resolved", n.resolved());
        return b.append("</body></html>\n").toString();
    }

    private void htmlSection(StringBuilder b, String title, List<Alert> alerts) {
        if (alerts.isEmpty()) return;
        b.append("<h3>").append(title).append(" (").append(alerts.size()).append(")</h3>\n");
        for (Alert a : alerts) {
            b.append("<h4>").append(escape(title(a))).append("</h4>\n");
            b.append("<table style=\"border-collapse:collapse;margin-bottom:1em\">\n");
            row(b, "What", escape(what(a)));
            String where = where(a);
            if (!where.isEmpty()) row(b, "Where", escape(where));
            row(b, "When", escape(when(a)));
            StringBuilder why = new StringBuilder(escape(nullToDash(a.message)));
            if (a.evidence != null && a.evidence.length > 0) {
                why.append("<br>evidence: ").append(escape(String.join(", ", a.evidence)));
            }
            if (a.rootCause != null) why.append("<br>root cause: alert ").append(escape(a.rootCause));
            row(b, "Why", why.toString());
            String link = escape(dashboardLink(a));
            row(b, "Dashboard", "<a href=\"" + link + "\">open in Grafana</a>");
            b.append("</table>\n");
        }
    }

    private static void row(StringBuilder b, String label, String escapedHtml) {
        b.append("<tr><th style=\"text-align:left;vertical-align:top;padding-right:1em\">").append(label)
                .append("</th><td>").append(escapedHtml).append("</td></tr>\n");
    }

    /**
     * One SMS-sized summary: counts and group, then the first alerts' messages, e.g.
     * {@code [FIRING:2] SUPPLIER_LATE supplierId=SUP-2: PO-1 is 2 d late | PO-2 is 1 d late}.
     */
    public String smsText(Notification n) {
        StringBuilder b = new StringBuilder(subject(n));
        List<String> items = new ArrayList<>();
        n.firing().forEach(a -> items.add(nullToDash(a.message)));
        n.resolved().forEach(a -> items.add("resolved: " + nullToDash(a.key)));
        if (!items.isEmpty()) b.append(": ").append(String.join(" | ", items.subList(0, Math.min(SMS_ALERTS, items.size()))));
        if (items.size() > SMS_ALERTS) b.append(" | +").append(items.size() - SMS_ALERTS).append(" more");
        return b.toString();
    }

    /**
     * The dashboard filtered to the alert's rule, entities and key, over its time (an hour either
     * side; up to now while it fires). Values are URL-encoded. The Alerts dashboard's log reads the
     * key (its episodes and no other alert's) and the site; the other entities are there for
     * dashboards that filter by them.
     */
    public String dashboardLink(Alert a) {
        StringBuilder b = new StringBuilder(dashboardUrl).append(dashboardUrl.contains("?") ? '&' : '?');
        b.append("var-rule=").append(encode(a.rule));
        for (Map.Entry<String, Function<Alert, String>> w : WHERE) {
            String v = w.getValue().apply(a);
            if (v != null) b.append("&var-").append(w.getKey()).append('=').append(encode(v));
        }
        if (a.key != null) b.append("&var-key=").append(encode(a.key));
        long since = a.firingSince != null ? a.firingSince : a.at;
        b.append("&from=").append(since - HOUR);
        b.append("&to=").append(a.isFiring() ? "now" : String.valueOf(a.at + HOUR));
        return b.toString();
    }

    private static String title(Alert a) {
        return a.key == null ? a.rule : a.rule + " " + a.key;
    }

    private static String what(Alert a) {
        return a.rule + " (" + nullToDash(a.severity) + ", stage " + nullToDash(a.stage) + ")";
    }

    private static String where(Alert a) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Function<Alert, String>> w : WHERE) {
            String v = w.getValue().apply(a);
            if (v != null) parts.add(w.getKey() + " " + v);
        }
        return String.join(", ", parts);
    }

    private static String when(Alert a) {
        if (a.isFiring()) return "firing since " + Instants.format(a.at);
        if (a.firingSince == null) return "resolved at " + Instants.format(a.at);
        return "resolved at " + Instants.format(a.at) + ", after " + Durations.format(Duration.ofMillis(a.at - a.firingSince))
                + " (firing since " + Instants.format(a.firingSince) + ")";
    }

    private static String nullToDash(String s) {
        return s == null ? "-" : s;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    /** Text as HTML text or attribute value. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
