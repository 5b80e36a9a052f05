package io.scem.jobs.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.scem.core.event.Instants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * Sorts a JSON Lines file of alerts in the replay's order (time, FIRING before RESOLVED, rule,
 * key) without holding it in memory: a month of the full rule catalogue is hundreds of MB of
 * alerts ({@link JsonLinesSorter}). Only the four sort fields of a line are parsed.
 */
public final class AlertFileSorter {
    private static final JsonFactory JSON = new JsonFactory();

    /** What a line sorts by. */
    private record Keyed(long at, int statusRank, String rule, String key) {}

    private static final Comparator<Keyed> ORDER = Comparator.comparingLong(Keyed::at)
            .thenComparingInt(Keyed::statusRank)
            .thenComparing(Keyed::rule)
            .thenComparing(Keyed::key);

    private AlertFileSorter() {}

    /** Sorts {@code file} in place; returns its number of lines. */
    public static long sort(Path file) throws IOException {
        return JsonLinesSorter.sort(file, AlertFileSorter::keyed, ORDER);
    }

    private static Keyed keyed(String line) {
        long at = 0;
        int statusRank = 0;
        String rule = "";
        String key = "";
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a JSON object: " + line);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "at" -> at = Instants.parse(p.getText());
                    case "status" -> statusRank = "FIRING".equals(p.getText()) ? 0 : 1;
                    case "rule" -> rule = p.getText();
                    case "key" -> key = p.getText();
                    default -> {
                        if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) p.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Keyed(at, statusRank, rule, key);
    }
}
