package io.scem.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes one record as one JSON object into a generator that its caller owns. A file sink keeps
 * one generator over its file, and a Kafka sink one buffer for every record, so that a record
 * reaches its destination without first becoming a String: an order status is about a kilobyte
 * of JSON, and the order status file's writer was a seventh of a replay's allocations, about half
 * of it the String made of each.
 */
@FunctionalInterface
public interface JsonObjectWriter<T> extends Serializable {
    /** Thread-safe, and costly to make: one for every writer. */
    JsonFactory FACTORY = new JsonFactory();

    void write(T record, JsonGenerator g) throws IOException;

    /** The record as a JSON text, for callers that want one (commands, tests). */
    static <T> String text(T record, JsonObjectWriter<T> writer) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writer.write(record, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
