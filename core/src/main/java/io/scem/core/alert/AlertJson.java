package io.scem.core.alert;

import static io.scem.core.json.JsonFields.instant;
import static io.scem.core.json.JsonFields.requireObjectWith;
import static io.scem.core.json.JsonFields.text;
import static io.scem.core.json.JsonFields.writeText;

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
        writeText(g, "alertId", a.alertId);
        writeText(g, "rule", a.rule);
        writeText(g, "ruleVersion", a.ruleVersion);
        writeText(g, "status", a.status);
        writeText(g, "severity", a.severity);
        writeText(g, "stage", a.stage);
        writeText(g, "key", a.key);
        writeText(g, "site", a.site);
        writeText(g, "sku", a.sku);
        writeText(g, "poId", a.poId);
        writeText(g, "workOrderId", a.workOrderId);
        writeText(g, "shipmentId", a.shipmentId);
        writeText(g, "orderId", a.orderId);
        writeText(g, "supplierId", a.supplierId);
        writeText(g, "carrierId", a.carrierId);
        writeText(g, "customerId", a.customerId);
        g.writeStringField("at", Instants.format(a.at));
        g.writeStringField("detectedAt", Instants.format(a.detectedAt));
        if (a.firingSince != null) g.writeStringField("firingSince", Instants.format(a.firingSince));
        writeText(g, "message", a.message);
        g.writeArrayFieldStart("evidence");
        if (a.evidence != null) {
            for (String id : a.evidence) g.writeString(id);
        }
        g.writeEndArray();
        writeText(g, "rootCause", a.rootCause);
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
            JsonNode n = requireObjectWith(MAPPER.readTree(json), REQUIRED);
            Alert a = new Alert();
            a.alertId = text(n, "alertId");
            a.rule = text(n, "rule");
            a.ruleVersion = text(n, "ruleVersion");
            a.status = text(n, "status");
            a.severity = text(n, "severity");
            a.stage = text(n, "stage");
            a.key = text(n, "key");
            a.site = text(n, "site");
            a.sku = text(n, "sku");
            a.poId = text(n, "poId");
            a.workOrderId = text(n, "workOrderId");
            a.shipmentId = text(n, "shipmentId");
            a.orderId = text(n, "orderId");
            a.supplierId = text(n, "supplierId");
            a.carrierId = text(n, "carrierId");
            a.customerId = text(n, "customerId");
            a.at = instant(n, "at");
            Long detectedAt = instant(n, "detectedAt");
            a.detectedAt = detectedAt == null ? 0 : detectedAt; // written by every job; 0 in an alert written by hand
            a.firingSince = instant(n, "firingSince");
            a.message = text(n, "message");
            JsonNode ev = n.get("evidence");
            a.evidence = new String[ev == null ? 0 : ev.size()];
            for (int i = 0; i < a.evidence.length; i++) a.evidence[i] = ev.get(i).asText();
            a.rootCause = text(n, "rootCause");
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

}
