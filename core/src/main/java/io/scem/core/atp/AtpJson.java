package io.scem.core.atp;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scem.core.atp.AtpDecision.Alternative;
import io.scem.core.event.Instants;
import io.scem.core.json.JsonObjectWriter;
import java.io.IOException;

/**
 * Profiles ({@code scem.atp}, {@code OUT.atp.jsonl}) and decisions ({@code scem.atp-decisions},
 * {@code OUT.atp-decisions.jsonl}) to and from JSON: instants as ISO-8601, absent fields left out.
 */
public final class AtpJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AtpJson() {}

    /**
     * {@code {"site":"DC1","sku":"SKU-9","asOf":"…","eventId":"…","onHand":40,"allocated":12,
     * "allocations":[{"orderId":"SO-3","quantity":12}],"receipts":[{"dueAt":"…","quantity":60}]}}
     */
    public static String writeProfile(AtpProfile p) {
        return JsonObjectWriter.text(p, AtpJson::writeProfile);
    }

    public static void writeProfile(AtpProfile p, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("site", p.site);
        g.writeStringField("sku", p.sku);
        g.writeStringField("asOf", Instants.format(p.asOf));
        if (p.eventId != null) g.writeStringField("eventId", p.eventId);
        g.writeNumberField("onHand", p.onHand);
        g.writeNumberField("allocated", p.allocated());
        g.writeArrayFieldStart("allocations");
        for (int i = 0; i < p.allocatedOrders.length; i++) {
            g.writeStartObject();
            g.writeStringField("orderId", p.allocatedOrders[i]);
            g.writeNumberField("quantity", p.allocatedQuantity[i]);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("receipts");
        for (int i = 0; i < p.receiptDueAt.length; i++) {
            g.writeStartObject();
            g.writeStringField("dueAt", Instants.format(p.receiptDueAt[i]));
            g.writeNumberField("quantity", p.receiptQuantity[i]);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** @throws IllegalArgumentException for text that is not a profile */
    public static AtpProfile readProfile(String json) {
        return parse(json, "an ATP profile", n -> {
            AtpProfile p = new AtpProfile();
            p.site = required(n, "site").asText();
            p.sku = required(n, "sku").asText();
            p.asOf = Instants.parse(required(n, "asOf").asText());
            p.eventId = n.hasNonNull("eventId") ? n.get("eventId").asText() : null;
            p.onHand = required(n, "onHand").asLong();
            JsonNode allocations = n.path("allocations");
            p.allocatedOrders = new String[allocations.size()];
            p.allocatedQuantity = new long[allocations.size()];
            for (int i = 0; i < allocations.size(); i++) {
                p.allocatedOrders[i] = required(allocations.get(i), "orderId").asText();
                p.allocatedQuantity[i] = required(allocations.get(i), "quantity").asLong();
            }
            JsonNode receipts = n.path("receipts");
            p.receiptDueAt = new long[receipts.size()];
            p.receiptQuantity = new long[receipts.size()];
            for (int i = 0; i < receipts.size(); i++) {
                p.receiptDueAt[i] = Instants.parse(required(receipts.get(i), "dueAt").asText());
                p.receiptQuantity[i] = required(receipts.get(i), "quantity").asLong();
            }
            return p;
        });
    }

    /**
     * {@code {"orderId":"SO-12","customerId":"CUST-3","site":"DC3","sku":"SKU-9","quantity":8,
     * "by":"…","decidedAt":"…","eventId":"…","outcome":"AT_RISK","available":2,"onHand":10,
     * "allocated":20,"dueIn":12,"alternatives":[{"kind":"OTHER_SITE","site":"DC1","sku":"SKU-9",
     * "available":40,"at":"…"}]}}
     */
    public static String writeDecision(AtpDecision d) {
        return JsonObjectWriter.text(d, AtpJson::writeDecision);
    }

    public static void writeDecision(AtpDecision d, JsonGenerator g) throws IOException {
        g.writeStartObject();
        if (d.orderId != null) g.writeStringField("orderId", d.orderId);
        if (d.customerId != null) g.writeStringField("customerId", d.customerId);
        g.writeStringField("site", d.site);
        g.writeStringField("sku", d.sku);
        g.writeNumberField("quantity", d.quantity);
        g.writeStringField("by", Instants.format(d.by));
        g.writeStringField("decidedAt", Instants.format(d.decidedAt));
        if (d.eventId != null) g.writeStringField("eventId", d.eventId);
        g.writeStringField("outcome", d.outcome);
        g.writeNumberField("available", d.available);
        g.writeNumberField("onHand", d.onHand);
        g.writeNumberField("allocated", d.allocated);
        g.writeNumberField("dueIn", d.dueIn);
        g.writeArrayFieldStart("alternatives");
        for (Alternative a : d.alternatives) {
            g.writeStartObject();
            g.writeStringField("kind", a.kind);
            g.writeStringField("site", a.site);
            g.writeStringField("sku", a.sku);
            g.writeNumberField("available", a.available);
            g.writeStringField("at", Instants.format(a.at));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** @throws IllegalArgumentException for text that is not a decision */
    public static AtpDecision readDecision(String json) {
        return parse(json, "an ATP decision", n -> {
            AtpDecision d = new AtpDecision();
            d.orderId = n.hasNonNull("orderId") ? n.get("orderId").asText() : null;
            d.customerId = n.hasNonNull("customerId") ? n.get("customerId").asText() : null;
            d.site = required(n, "site").asText();
            d.sku = required(n, "sku").asText();
            d.quantity = required(n, "quantity").asLong();
            d.by = Instants.parse(required(n, "by").asText());
            d.decidedAt = Instants.parse(required(n, "decidedAt").asText());
            d.eventId = n.hasNonNull("eventId") ? n.get("eventId").asText() : null;
            d.outcome = required(n, "outcome").asText();
            d.available = required(n, "available").asLong();
            d.onHand = n.path("onHand").asLong();
            d.allocated = n.path("allocated").asLong();
            d.dueIn = n.path("dueIn").asLong();
            JsonNode alternatives = n.path("alternatives");
            d.alternatives = new Alternative[alternatives.size()];
            for (int i = 0; i < alternatives.size(); i++) {
                JsonNode a = alternatives.get(i);
                d.alternatives[i] = new Alternative(required(a, "kind").asText(), required(a, "site").asText(),
                        required(a, "sku").asText(), required(a, "available").asLong(),
                        Instants.parse(required(a, "at").asText()));
            }
            return d;
        });
    }

    private static <T> T parse(String json, String what, java.util.function.Function<JsonNode, T> read) {
        try {
            return read.apply(MAPPER.readTree(json));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not " + what + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException(field + " is required");
        return v;
    }
}
