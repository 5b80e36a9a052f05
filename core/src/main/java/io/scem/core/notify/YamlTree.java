package io.scem.core.notify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A YAML document as a tree whose every node and key knows its line, read with Jackson's streaming
 * parser. JsonNode forgets where things were; a checker that reports {@code file:line} needs that
 * for nested settings too. Scalars keep their source text ({@code 18:00} stays a time, {@code +336…}
 * a phone number), whatever type YAML would give them.
 */
final class YamlTree {
    private static final YAMLFactory YAML = new YAMLFactory();

    sealed interface Node permits Mapping, Sequence, Scalar {
        int line();
    }

    /** A key and its value; a mapping keeps duplicate keys so that a checker can report them. */
    record Entry(String key, int line, Node value) {}

    record Mapping(int line, List<Entry> entries) implements Node {}

    record Sequence(int line, List<Node> items) implements Node {}

    /** {@code text} is null for a YAML null ({@code ~}, or nothing after the colon). */
    record Scalar(int line, String text, JsonToken token) implements Node {
        boolean isBoolean() {
            return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
        }
    }

    private YamlTree() {}

    /** The first document of {@code in}, or null when it is empty. */
    static Node read(Reader in) throws IOException {
        try (JsonParser p = YAML.createParser(in)) {
            JsonToken t = p.nextToken();
            return t == null ? null : node(p, t);
        }
    }

    private static Node node(JsonParser p, JsonToken t) throws IOException {
        int line = line(p);
        switch (t) {
            case START_OBJECT -> {
                List<Entry> entries = new ArrayList<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    entries.add(new Entry(key, keyLine, node(p, p.nextToken())));
                }
                return new Mapping(line, entries);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                JsonToken item;
                while ((item = p.nextToken()) != JsonToken.END_ARRAY) items.add(node(p, item));
                return new Sequence(line, items);
            }
            case VALUE_NULL -> {
                return new Scalar(line, null, t);
            }
            default -> {
                return new Scalar(line, p.getText(), t);
            }
        }
    }

    private static int line(JsonParser p) {
        return Math.max(1, p.currentTokenLocation().getLineNr());
    }
}
