package io.scem.core.order;

import static io.scem.core.json.JsonFields.instant;
import static io.scem.core.json.JsonFields.requireInstant;
import static io.scem.core.json.JsonFields.requireObjectWith;
import static io.scem.core.json.JsonFields.text;
import static io.scem.core.json.JsonFields.writeInstant;
import static io.scem.core.json.JsonFields.writeText;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scem.core.cost.CostToServe;
import io.scem.core.event.Instants;
import io.scem.core.json.JsonObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An order's status to and from its JSON form (the value of {@code scem.order-status}): instants
 * as ISO-8601, absent fields left out, milestones as an object from step to time in lifecycle
 * order, the history oldest first. {@code latenessHours} only once the order ended (delivered or
 * cancelled): the status changes on events, not with the clock.
 */
public final class OrderStatusJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OrderStatusJson() {}

    public static String write(OrderStatus s) {
        return JsonObjectWriter.text(s, OrderStatusJson::write);
    }

    public static void write(OrderStatus s, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("orderId", s.orderId);
        writeText(g, "status", s.status == null ? null : s.status.name());
        g.writeBooleanField("atRisk", s.atRisk);
        g.writeBooleanField("late", s.late);
        writeText(g, "customerId", s.customerId);
        writeText(g, "site", s.site);
        writeText(g, "sku", s.sku);
        if (s.quantity != null) g.writeNumberField("quantity", s.quantity);
        g.writeNumberField("issuedQuantity", s.issuedQuantity);
        g.writeNumberField("picks", s.picks);
        writeInstant(g, "promisedAt", s.promisedAt);
        writeInstant(g, "eta", s.eta);
        // Final once the order ended; while it goes on, `late` says whether the promise passed.
        if (s.promisedAt != null && s.hasEnded()) g.writeNumberField("latenessHours", hours(s.latenessMillis(s.updatedAt)));
        writeText(g, "shipmentId", s.shipmentId);
        writeText(g, "carrierId", s.carrierId);
        writeText(g, "destination", s.destination);
        writeText(g, "lastLocation", s.lastLocation);
        writeInstant(g, "lastLocationAt", s.lastLocationAt);
        g.writeNumberField("exceptions", s.exceptions);
        writeText(g, "lastException", s.lastException);
        writeInstant(g, "atRiskSince", s.atRiskSince);
        g.writeObjectFieldStart("milestones");
        for (OrderStatus.Status step : OrderStatus.Status.values()) writeInstant(g, step.name(), s.milestone(step));
        g.writeEndObject();
        if (s.costToServe != null) {
            CostToServe c = s.costToServe;
            g.writeObjectFieldStart("costToServe");
            writeText(g, "currency", c.currency);
            g.writeNumberField("revenue", c.revenue);
            g.writeNumberField("productCost", c.productCost);
            g.writeNumberField("handling", c.handling);
            g.writeNumberField("transport", c.transport);
            g.writeNumberField("expedite", c.expedite);
            g.writeNumberField("exceptions", c.exceptions);
            g.writeNumberField("latenessPenalty", c.latenessPenalty);
            g.writeNumberField("costToServe", c.costToServe);
            g.writeNumberField("margin", c.margin);
            g.writeEndObject();
        }
        writeText(g, "costUnknown", s.costUnknown);
        g.writeStringField("updatedAt", Instants.format(s.updatedAt));
        g.writeNumberField("version", s.version);
        g.writeArrayFieldStart("history");
        for (OrderChange c : s.history) {
            g.writeStartObject();
            g.writeStringField("at", Instants.format(c.at));
            g.writeStringField("what", c.what);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * The order status of {@code json}.
     *
     * @throws UncheckedIOException if it is not JSON
     * @throws IllegalArgumentException if it is not an order status: no orderId or updatedAt, a
     *     status that is none, or an instant that is not one
     */
    public static OrderStatus read(String json) {
        try {
            JsonNode n = requireObjectWith(MAPPER.readTree(json), "orderId", "updatedAt");
            OrderStatus s = new OrderStatus();
            s.orderId = text(n, "orderId");
            String status = text(n, "status");
            s.status = status == null ? null : status(status); // none before the order's first step
            s.atRisk = n.path("atRisk").asBoolean();
            s.late = n.path("late").asBoolean();
            s.customerId = text(n, "customerId");
            s.site = text(n, "site");
            s.sku = text(n, "sku");
            s.quantity = n.hasNonNull("quantity") ? n.get("quantity").asLong() : null;
            s.issuedQuantity = n.path("issuedQuantity").asLong();
            s.picks = n.path("picks").asInt();
            s.promisedAt = instant(n, "promisedAt");
            s.eta = instant(n, "eta");
            s.shipmentId = text(n, "shipmentId");
            s.carrierId = text(n, "carrierId");
            s.destination = text(n, "destination");
            s.lastLocation = text(n, "lastLocation");
            s.lastLocationAt = instant(n, "lastLocationAt");
            s.exceptions = n.path("exceptions").asInt();
            s.lastException = text(n, "lastException");
            s.atRiskSince = instant(n, "atRiskSince");
            JsonNode m = n.path("milestones");
            s.placedAt = instant(m, "PLACED");
            s.allocatedAt = instant(m, "ALLOCATED");
            s.pickedAt = instant(m, "PICKED");
            s.shippedAt = instant(m, "SHIPPED");
            s.inTransitAt = instant(m, "IN_TRANSIT");
            s.deliveredAt = instant(m, "DELIVERED");
            s.cancelledAt = instant(m, "CANCELLED");
            JsonNode c = n.get("costToServe");
            if (c != null && c.isObject()) {
                CostToServe cost = new CostToServe();
                cost.currency = text(c, "currency");
                cost.revenue = c.path("revenue").asDouble();
                cost.productCost = c.path("productCost").asDouble();
                cost.handling = c.path("handling").asDouble();
                cost.transport = c.path("transport").asDouble();
                cost.expedite = c.path("expedite").asDouble();
                cost.exceptions = c.path("exceptions").asDouble();
                cost.latenessPenalty = c.path("latenessPenalty").asDouble();
                cost.costToServe = c.path("costToServe").asDouble();
                cost.margin = c.path("margin").asDouble();
                s.costToServe = cost;
            }
            s.costUnknown = text(n, "costUnknown");
            s.updatedAt = requireInstant(n, "updatedAt");
            s.version = n.path("version").asLong();
            List<OrderChange> history = new ArrayList<>();
            for (JsonNode h : n.path("history")) history.add(new OrderChange(requireInstant(h, "at"), text(h, "what")));
            s.history = history.toArray(OrderChange[]::new);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OrderStatus.Status status(String name) {
        try {
            return OrderStatus.Status.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status " + name + " is none of " + Arrays.toString(OrderStatus.Status.values()));
        }
    }

    private static double hours(long millis) {
        return Math.round(millis / (double) Instants.HOUR * 100) / 100.0;
    }

}
