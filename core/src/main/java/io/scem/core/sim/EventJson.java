package io.scem.core.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.scem.core.event.Field;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Writes a {@link SupplyEvent} as the contract's JSON object: envelope first, null fields left out. */
final class EventJson {
    private static final JsonFactory JSON = new JsonFactory();

    private EventJson() {}

    static String write(SupplyEvent e) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("eventId", e.eventId);
            g.writeStringField("type", e.type.name());
            g.writeStringField("occurredAt", Instants.format(e.occurredAt));
            text(g, "source", e.source);
            text(g, Field.PO_ID, e.poId);
            text(g, Field.SUPPLIER_ID, e.supplierId);
            text(g, Field.SITE, e.site);
            text(g, Field.SKU, e.sku);
            integer(g, Field.QUANTITY, e.quantity);
            instant(g, Field.EXPECTED_AT, e.expectedAt);
            text(g, Field.WORK_ORDER_ID, e.workOrderId);
            instant(g, Field.DUE_AT, e.dueAt);
            text(g, Field.LINE_ID, e.lineId);
            text(g, Field.REASON, e.reason);
            text(g, Field.ORDER_ID, e.orderId);
            text(g, Field.CUSTOMER_ID, e.customerId);
            text(g, Field.SHIPMENT_ID, e.shipmentId);
            text(g, Field.CARRIER_ID, e.carrierId);
            text(g, Field.DESTINATION, e.destination);
            instant(g, Field.PROMISED_AT, e.promisedAt);
            instant(g, Field.ETA, e.eta);
            text(g, Field.LOCATION, e.location);
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void text(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) g.writeStringField(name, value);
    }

    private static void text(JsonGenerator g, Field field, String value) throws IOException {
        text(g, field.json(), value);
    }

    private static void integer(JsonGenerator g, Field field, Long value) throws IOException {
        if (value != null) g.writeNumberField(field.json(), value.longValue());
    }

    private static void instant(JsonGenerator g, Field field, Long value) throws IOException {
        if (value != null) g.writeStringField(field.json(), Instants.format(value));
    }
}
