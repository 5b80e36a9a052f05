package io.scem.core.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.scem.core.event.Decoded;
import io.scem.core.event.EventDecoder;
import io.scem.core.event.Field;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import io.scem.core.scenario.Scenario.Located;
import io.scem.core.scenario.Scenario.Variable;
import io.scem.core.sim.ExpectedAlert;
import io.scem.core.text.Utf8;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario file: one or more YAML documents (separated by {@code ---}), each a scenario.
 * See {@code rules/README.md} (Scenarios) for the format. Strict on purpose: an unknown key, a field
 * the event contract does not know or a malformed time is an error at its line, because a
 * silently ignored typo would make a scenario pass for the wrong reason.
 *
 * <p>Events go through the job's own {@link EventDecoder}, so a scenario event is valid exactly
 * when the same event would be valid on a Kafka topic.
 */
public final class ScenarioFile {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> SCENARIO_KEYS =
            Set.of("scenario", "description", "variables", "events", "until", "expect", "rules");
    private static final Set<String> EXPECT_KEYS = Set.of("at", "rule", "status", "key");
    private static final Map<String, Field> FIELDS = new HashMap<>();

    static {
        for (Field f : Field.values()) FIELDS.put(f.json(), f);
    }

    private final String displayName;
    private final String idPrefix;
    private final EventDecoder decoder = new EventDecoder();

    private ScenarioFile(String displayName, String idPrefix) {
        this.displayName = displayName;
        this.idPrefix = idPrefix;
    }

    /**
     * Reads every scenario of {@code file}.
     *
     * @param displayName how messages name the file ({@code tests/supplier.yaml})
     * @throws ScenarioException at the first problem, with its line
     */
    public static List<Scenario> read(Path file, String displayName) throws ScenarioException, IOException {
        String text = Utf8.readLeniently(file);
        Utf8.Position notUtf8 = Utf8.firstInvalid(text);
        if (notUtf8 != null) throw new ScenarioException(displayName, notUtf8.line(), Utf8.NOT_UTF8);
        return new ScenarioFile(displayName, file.getFileName().toString()).readAll(new StringReader(text));
    }

    /** Reads scenarios from YAML text; for tests and tools that hold the text. */
    public static List<Scenario> parse(String yaml, String displayName) throws ScenarioException {
        try {
            return new ScenarioFile(displayName, displayName).readAll(new StringReader(yaml));
        } catch (IOException e) {
            throw new ScenarioException(displayName, 1, e.getMessage());
        }
    }

    private List<Scenario> readAll(Reader in) throws ScenarioException, IOException {
        List<Scenario> scenarios = new ArrayList<>();
        Set<String> names = new HashSet<>();
        try (JsonParser p = YAML.createParser(in)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.VALUE_NULL) continue; // an empty document, e.g. a trailing ---
                if (t != JsonToken.START_OBJECT) {
                    throw error(p, "a scenario is a mapping with scenario:, events: and expect:");
                }
                Scenario s = readScenario(p);
                if (!names.add(s.name())) {
                    throw new ScenarioException(displayName, s.line(), "a second scenario named '" + s.name() + "'");
                }
                scenarios.add(s);
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            throw new ScenarioException(displayName, line, "not valid YAML: " + e.getOriginalMessage());
        }
        return scenarios;
    }

    private Scenario readScenario(JsonParser p) throws IOException, ScenarioException {
        int line = line(p);
        String name = null;
        String description = null;
        Map<String, Variable> variables = new LinkedHashMap<>();
        List<SupplyEvent> events = null;
        Located<Long> until = null;
        List<Located<ExpectedAlert>> expected = null;
        Located<Set<String>> rules = null;
        Set<String> seen = new HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int keyLine = line(p);
            if (!SCENARIO_KEYS.contains(key)) {
                throw new ScenarioException(displayName, keyLine, "unknown key '" + key + "' (a scenario has "
                        + "scenario, description, variables, events, until, expect, rules)");
            }
            if (!seen.add(key)) throw new ScenarioException(displayName, keyLine, "'" + key + "' given twice");
            JsonToken valueToken = p.nextToken();
            if (key.equals("events") || key.equals("expect")) {
                // Lists are read element by element from the parser, which knows each one's line.
                if (valueToken != JsonToken.START_ARRAY) {
                    throw new ScenarioException(displayName, keyLine, key + " must be a list (" + key + ": [] for none)");
                }
                if (key.equals("events")) events = events(p);
                else expected = expectations(p);
                continue;
            }
            JsonNode value = p.readValueAsTree();
            switch (key) {
                case "scenario" -> name = text(value, key, keyLine);
                case "description" -> description = text(value, key, keyLine);
                case "variables" -> variables = variables(value, keyLine);
                case "until" -> until = new Located<>(instant(value, "until", keyLine), keyLine);
                case "rules" -> rules = new Located<>(ruleList(value, keyLine), keyLine);
                default -> throw new IllegalStateException(key);
            }
        }
        if (name == null) throw new ScenarioException(displayName, line, "missing 'scenario:' (its name)");
        if (events == null) throw new ScenarioException(displayName, line, "scenario '" + name + "' has no 'events:'");
        if (expected == null) {
            throw new ScenarioException(displayName, line, "scenario '" + name + "' has no 'expect:' (expect: [] for no alerts)");
        }
        return new Scenario(displayName, line, name, description, variables, events, until, expected, rules);
    }

    private List<SupplyEvent> events(JsonParser p) throws IOException, ScenarioException {
        List<SupplyEvent> events = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int line = line(p);
            JsonNode node = p.readValueAsTree();
            events.add(event(node, events.size() + 1, line));
        }
        return events;
    }

    /**
     * One event: the contract's JSON fields, with {@code at} for occurredAt and a generated
     * eventId ({@code file#n}) unless one is given. Text fields take any scalar (a YAML
     * {@code sku: 42} is the text "42"); the decoder checks the rest.
     */
    private SupplyEvent event(JsonNode node, int index, int line) throws ScenarioException {
        if (!node.isObject()) throw new ScenarioException(displayName, line, "an event is a mapping like { at: …, type: … }");
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("eventId", idPrefix + "#" + index);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode v = e.getValue();
            switch (name) {
                case "at" -> json.set("occurredAt", v);
                case "eventId", "type", "source" -> json.put(name, v.isValueNode() ? v.asText() : v.toString());
                case "occurredAt" -> throw new ScenarioException(displayName, line, "write the event time as 'at:'");
                default -> {
                    Field field = FIELDS.get(name);
                    if (field == null) {
                        throw new ScenarioException(displayName, line, "unknown event field '" + name + "'");
                    }
                    json.set(name, field.kind() == Field.Kind.TEXT && v.isValueNode() && !v.isNull()
                            ? JsonNodeFactory.instance.textNode(v.asText()) : v);
                }
            }
        }
        if (!node.has("at")) throw new ScenarioException(displayName, line, "event " + index + " has no 'at:' (its time)");
        Decoded decoded = decoder.decode(json.toString(), displayName, index);
        if (!decoded.isEvent()) {
            throw new ScenarioException(displayName, line, "event " + index + ": " + decoded.deadLetter.reason);
        }
        decoded.event.sequence = index;
        return decoded.event;
    }

    private List<Located<ExpectedAlert>> expectations(JsonParser p) throws IOException, ScenarioException {
        List<Located<ExpectedAlert>> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int line = line(p);
            JsonNode node = p.readValueAsTree();
            if (!node.isObject()) {
                throw new ScenarioException(displayName, line, "an expected alert is a mapping { at, rule, status, key }");
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!EXPECT_KEYS.contains(name)) {
                    throw new ScenarioException(displayName, line, "unknown key '" + name + "' in an expected alert "
                            + "(it has at, rule, status, key)");
                }
            }
            for (String required : List.of("at", "rule", "status", "key")) {
                if (!node.has(required)) {
                    throw new ScenarioException(displayName, line, "expected alert without '" + required + ":'");
                }
            }
            String status = node.get("status").asText().toUpperCase(Locale.ROOT);
            if (!status.equals(ExpectedAlert.FIRING) && !status.equals(ExpectedAlert.RESOLVED)) {
                throw new ScenarioException(displayName, line, "status must be FIRING or RESOLVED, not " + node.get("status").asText());
            }
            long at = instant(node.get("at"), "at", line);
            out.add(new Located<>(new ExpectedAlert(text(node.get("rule"), "rule", line), status,
                    text(node.get("key"), "key", line), at), line));
        }
        return out;
    }

    private int line(JsonParser p) {
        return Math.max(1, p.currentTokenLocation().getLineNr());
    }

    private ScenarioException error(JsonParser p, String message) {
        return new ScenarioException(displayName, line(p), message);
    }

    private String text(JsonNode value, String key, int line) throws ScenarioException {
        if (value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank()) {
            throw new ScenarioException(displayName, line, key + " must be a text");
        }
        return value.asText();
    }

    private long instant(JsonNode value, String what, int line) throws ScenarioException {
        if (value == null || !value.isTextual()) {
            throw new ScenarioException(displayName, line, what + " must be an ISO-8601 instant like 2026-01-05T08:00:00Z");
        }
        try {
            return Instants.parse(value.asText());
        } catch (DateTimeException e) {
            throw new ScenarioException(displayName, line, what + ": " + e.getMessage());
        }
    }

    private Map<String, Variable> variables(JsonNode value, int line) throws ScenarioException {
        if (!value.isObject()) throw new ScenarioException(displayName, line, "variables must be a mapping NAME: value");
        Map<String, Variable> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            Object plain;
            if (v.isIntegralNumber()) plain = v.asLong();
            else if (v.isNumber()) plain = v.asDouble();
            else if (v.isBoolean()) plain = v.asBoolean();
            else if (v.isTextual()) plain = v.asText();
            else throw new ScenarioException(displayName, line, "variable " + e.getKey() + " must be a number, true/false or a text");
            out.put(e.getKey(), new Variable(plain, line));
        }
        return out;
    }

    private Set<String> ruleList(JsonNode value, int line) throws ScenarioException {
        Set<String> out = new LinkedHashSet<>();
        if (value.isTextual()) {
            out.add(value.asText());
        } else if (value.isArray() && !value.isEmpty()) {
            for (JsonNode r : value) {
                if (!r.isTextual()) throw new ScenarioException(displayName, line, "rules must be a list of rule names");
                out.add(r.asText());
            }
        } else {
            throw new ScenarioException(displayName, line, "rules must be a list of rule names, e.g. [SUPPLIER_LATE]");
        }
        return out;
    }
}
