package io.scem.core.alert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scem.core.event.Instants;
import io.scem.core.json.JsonObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Alerts to and from their JSON form: instants as ISO-8601, absent fields left out. */
public final class AlertJson {
    /** What every alert has: without them a record is not one (a consumer would fail on it). */
    private static final String[] REQUIRED = {"rule", "status", "at"};
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {}

    public static String write(Alert a) {
        return JsonObjectWriter.text(a, AlertJson::write);
    }

    public static void write(Alert a, JsonGenerator g) throws IOException {
        g.writeStartObject();
        text(g, "alertId", a.alertId);
        text(g, "rule", a.rule);
        text(g, "ruleVersion", a.ruleVersion);
        text(g, "status", a.status);
        text(g, "severity", a.severity);
        text(g, "stage", a.stage);
        text(g, "key", a.key);
        text(g, "site", a.site);
        text(g, "sku", a.sku);
        text(g, "poId", a.poId);
        text(g, "workOrderId", a.workOrderId);
        text(g, "shipmentId", a.shipmentId);
        text(g, "orderId", a.orderId);
        text(g, "supplierId", a.supplierId);
        text(g, "carrierId", a.carrierId);
        text(g, "customerId", a.customerId);
        g.writeStringField("at", Instants.format(a.at));
        g.writeStringField("detectedAt", Instants.format(a.detectedAt));
        if (a.firingSince != null) g.writeStringField("firingSince", Instants.format(a.firingSince));
        text(g, "message", a.message);
        g.writeArrayFieldStart("evidence");
        if (a.evidence != null) {
            for (String id : a.evidence) g.writeString(id);
        }
        g.writeEndArray();
        text(g, "rootCause", a.rootCause);
        if (a.related != null) {
            g.writeArrayFieldStart("related");
            for (String key : a.related) g.writeString(key);
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /**
     * The alert of {@code json}.
     *
     * @throws UncheckedIOException if it is not JSON
     * @throws IllegalArgumentException if it is not an alert: no rule, status or time ({@code at}), or an instant that is not one
     */
    public static Alert read(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || !n.isObject()) throw new IllegalArgumentException("not a JSON object");
            for (String required : REQUIRED) {
                if (str(n, required) == null) throw new IllegalArgumentException(required + " is required");
            }
            Alert a = new Alert();
            a.alertId = str(n, "alertId");
            a.rule = str(n, "rule");
            a.ruleVersion = str(n, "ruleVersion");
            a.status = str(n, "status");
            a.severity = str(n, "severity");
            a.stage = str(n, "stage");
            a.key = str(n, "key");
            a.site = str(n, "site");
            a.sku = str(n, "sku");
            a.poId = str(n, "poId");
            a.workOrderId = str(n, "workOrderId");
            a.shipmentId = str(n, "shipmentId");
            a.orderId = str(n, "orderId");
            a.supplierId = str(n, "supplierId");
            a.carrierId = str(n, "carrierId");
            a.customerId = str(n, "customerId");
            a.at = instant(n, "at");
            Long detectedAt = instant(n, "detectedAt");
            a.detectedAt = detectedAt == null ? 0 : detectedAt; // written by every job; 0 in an alert written by hand
            a.firingSince = instant(n, "firingSince");
            a.message = str(n, "message");
            JsonNode ev = n.get("evidence");
            a.evidence = new String[ev == null ? 0 : ev.size()];
            for (int i = 0; i < a.evidence.length; i++) a.evidence[i] = ev.get(i).asText();
            a.rootCause = str(n, "rootCause");
            JsonNode related = n.get("related");
            if (related != null) {
                a.related = new String[related.size()];
                for (int i = 0; i < a.related.length; i++) a.related[i] = related.get(i).asText();
            }
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void text(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) g.writeStringField(name, value);
    }

    /** The instant of field {@code name}, or null when it is absent. */
    private static Long instant(JsonNode n, String name) {
        String text = str(n, name);
        if (text == null) return null;
        try {
            return Instants.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " is not an ISO-8601 instant: " + text);
        }
    }

    private static String str(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }
}
