package io.scem.core.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * The silences, optionally kept in a JSON Lines file that is only ever appended to: a line
 * {@code {"type":"silence", ...}} adds a silence and {@code {"type":"expire","id":…,"at":…}} ends
 * one early, so a crash cannot lose what was written before and the file is its own history.
 * Matchers are written as in routing files: {@code "match": {"supplierId": "SUP-2"}},
 * {@code "match_re"}, {@code "match_not"}. Not thread-safe.
 */
public final class Silences {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Silence> byId = new LinkedHashMap<>();
    private final Path file;

    private Silences(Path file) {
        this.file = file;
    }

    /** Silences kept in memory only. */
    public static Silences inMemory() {
        return new Silences(null);
    }

    /**
     * The silences of {@code file} (none if it does not exist yet); changes are appended to it.
     *
     * @throws IllegalArgumentException at a line that is not a valid record, as {@code silences.jsonl:3: ...}
     */
    public static Silences open(Path file) throws IOException {
        Silences silences = new Silences(file);
        if (!Files.exists(file)) return silences;
        String name = file.getFileName().toString();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            for (int n = 1; (line = in.readLine()) != null; n++) {
                if (line.isBlank()) continue;
                try {
                    silences.apply(JSON.readTree(line));
                } catch (JsonProcessingException | IllegalArgumentException | DateTimeException e) {
                    String why = e instanceof JsonProcessingException j ? "not JSON: " + j.getOriginalMessage() : e.getMessage();
                    throw new IllegalArgumentException(name + ":" + n + ": " + why, e);
                }
            }
        }
        return silences;
    }

    /** Adds a silence (and appends it to the file). */
    public void add(Silence silence) throws IOException {
        if (byId.containsKey(silence.id())) throw new IllegalArgumentException("a silence with id " + silence.id() + " exists");
        append(toJson(silence));
        byId.put(silence.id(), silence);
    }

    /**
     * Ends a silence at {@code now}.
     *
     * @return false if there is no such silence or it had already ended
     */
    public boolean expire(String id, long now) throws IOException {
        Silence s = byId.get(id);
        if (s == null || s.endsAt() <= now) return false;
        ObjectNode record = JSON.createObjectNode().put("type", "expire").put("id", id).put("at", Instants.format(now));
        append(record);
        byId.put(id, s.expiredAt(now));
        return true;
    }

    public Silence get(String id) {
        return byId.get(id);
    }

    /** Every silence, ended ones included, in the order they were added. */
    public List<Silence> list() {
        return List.copyOf(byId.values());
    }

    public List<Silence> active(long now) {
        return byId.values().stream().filter(s -> s.isActiveAt(now)).toList();
    }

    public boolean isSilenced(Alert alert, long now) {
        for (Silence s : byId.values()) {
            if (s.mutes(alert, now)) return true;
        }
        return false;
    }

    private void apply(JsonNode record) {
        String type = required(record, "type");
        switch (type) {
            case "silence" -> {
                Silence s = fromJson(record);
                if (byId.containsKey(s.id())) throw new IllegalArgumentException("a second silence with id " + s.id());
                byId.put(s.id(), s);
            }
            case "expire" -> {
                String id = required(record, "id");
                Silence s = byId.get(id);
                if (s == null) throw new IllegalArgumentException("expire of unknown silence " + id);
                byId.put(id, s.expiredAt(Instants.parse(required(record, "at"))));
            }
            default -> throw new IllegalArgumentException("unknown record type '" + type + "' (silence or expire)");
        }
    }

    private void append(JsonNode record) throws IOException {
        if (file == null) return;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            out.write(JSON.writeValueAsString(record));
            out.write('\n');
        }
    }

    static ObjectNode toJson(Silence s) {
        ObjectNode o = JSON.createObjectNode().put("type", "silence").put("id", s.id());
        for (Matcher m : s.matchers()) {
            ObjectNode byField = o.has(m.kind().key()) ? (ObjectNode) o.get(m.kind().key()) : o.putObject(m.kind().key());
            byField.put(m.field().fieldName(), m.value());
        }
        return o.put("startsAt", Instants.format(s.startsAt())).put("endsAt", Instants.format(s.endsAt()))
                .put("createdBy", s.createdBy()).put("comment", s.comment());
    }

    static Silence fromJson(JsonNode o) {
        List<Matcher> matchers = new ArrayList<>();
        for (Matcher.Kind kind : Matcher.Kind.values()) {
            JsonNode byField = o.get(kind.key());
            if (byField == null) continue;
            for (Iterator<Map.Entry<String, JsonNode>> it = byField.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                AlertField field = AlertField.byName(e.getKey());
                if (field == null) {
                    throw new IllegalArgumentException("unknown alert field '" + e.getKey() + "' (fields: " + AlertField.NAMES + ")");
                }
                try {
                    matchers.add(Matcher.of(kind, field, e.getValue().asText()));
                } catch (PatternSyntaxException x) {
                    throw new IllegalArgumentException("bad regex for " + e.getKey() + ": " + x.getDescription());
                }
            }
        }
        return new Silence(required(o, "id"), matchers, Instants.parse(required(o, "startsAt")),
                Instants.parse(required(o, "endsAt")), required(o, "createdBy"),
                o.hasNonNull("comment") ? o.get("comment").asText() : "");
    }

    private static String required(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) throw new IllegalArgumentException("missing \"" + name + "\"");
        return v.asText();
    }
}
