package io.scem.jobs.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scem.core.event.DeadLetter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Dead letters to and from their JSON form: {@code {"reason":…,"raw":…,"origin":…,"offset":…}}.
 * The same form whether they go to {@code scem.dead-letter} or to a replay's output file.
 */
public final class DeadLetterJson {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeadLetterJson() {}

    public static String write(DeadLetter d) {
        // The raw text is embedded as a string, escaped, never as nested JSON: it may not be JSON.
        StringWriter out = new StringWriter(64 + (d.raw == null ? 0 : d.raw.length()));
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("reason", d.reason);
            g.writeStringField("raw", d.raw);
            g.writeStringField("origin", d.origin);
            g.writeNumberField("offset", d.offset);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static DeadLetter read(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            return new DeadLetter(text(n, "reason"), text(n, "raw"), text(n, "origin"), n.path("offset").asLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }
}
