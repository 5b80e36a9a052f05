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

    public static Alert read(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
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
            a.at = Instants.parse(str(n, "at"));
            a.detectedAt = Instants.parse(str(n, "detectedAt"));
            String since = str(n, "firingSince");
            a.firingSince = since == null ? null : Instants.parse(since);
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

    private static String str(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }
}
