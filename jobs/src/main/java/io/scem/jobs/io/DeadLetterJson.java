package io.scem.jobs.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scem.core.event.DeadLetter;
import io.scem.core.json.JsonObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Dead letters to and from their JSON form: {@code {"reason":…,"raw":…,"origin":…,"offset":…}}.
 * The same form whether they go to {@code scem.dead-letter} or to a replay's output file.
 */
public final class DeadLetterJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeadLetterJson() {}

    public static String write(DeadLetter d) {
        return JsonObjectWriter.text(d, DeadLetterJson::write);
    }

    public static void write(DeadLetter d, JsonGenerator g) throws IOException {
        // The raw text is embedded as a string, escaped, never as nested JSON: it may not be JSON.
        g.writeStartObject();
        g.writeStringField("reason", d.reason);
        g.writeStringField("raw", d.raw);
        g.writeStringField("origin", d.origin);
        g.writeNumberField("offset", d.offset);
        g.writeEndObject();
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
