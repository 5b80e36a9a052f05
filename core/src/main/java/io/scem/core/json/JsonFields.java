package io.scem.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.scem.core.event.Instants;
import java.io.IOException;

/**
 * Fields of a record as JSON (an alert, an order status): written only when present, instants as
 * ISO-8601; read back with absent and null the same, and what is missing or malformed an {@link
 * IllegalArgumentException} that names the field, so that a command given the wrong file can say
 * which line is not what it expects.
 */
public final class JsonFields {
    private JsonFields() {}

    /** The text of field {@code name}, or null when it is absent or null. */
    public static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The instant of field {@code name}, or null when it is absent. */
    public static Long instant(JsonNode n, String name) {
        String text = text(n, name);
        if (text == null) return null;
        try {
            return Instants.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " is not an ISO-8601 instant: " + text);
        }
    }

    /** The instant of field {@code name}, which must be there. */
    public static long requireInstant(JsonNode n, String name) {
        Long at = instant(n, name);
        if (at == null) throw new IllegalArgumentException(name + " is required");
        return at;
    }

    /** {@code n} itself, if it is an object with every one of {@code names}. */
    public static JsonNode requireObjectWith(JsonNode n, String... names) {
        if (n == null || !n.isObject()) throw new IllegalArgumentException("not a JSON object");
        for (String name : names) {
            if (text(n, name) == null) throw new IllegalArgumentException(name + " is required");
        }
        return n;
    }

    /** Writes field {@code name} unless {@code value} is null. */
    public static void writeText(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) g.writeStringField(name, value);
    }

    /** Writes field {@code name} as an ISO-8601 instant unless {@code value} is null. */
    public static void writeInstant(JsonGenerator g, String name, Long value) throws IOException {
        if (value != null) g.writeStringField(name, Instants.format(value));
    }
}
