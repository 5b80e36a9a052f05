package io.scem.core.scenario;

import io.scem.core.event.SupplyEvent;
import io.scem.core.sim.ExpectedAlert;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One rule scenario: events with times, and the alerts the rules must raise for them. Read from
 * a YAML document by {@link ScenarioFile}; run by {@link ScenarioRunner}.
 *
 * @param file the file it came from, as shown in messages ({@code tests/supplier.yaml})
 * @param line where its document starts in the file
 * @param name what it shows (the {@code scenario:} line)
 * @param description optional free text, or null
 * @param variables EPL variables to set before the first event, with the line of each
 * @param events the events, in file order ({@code sequence} = index, so equal times keep it)
 * @param until the end of input (epoch millis), or null for the newest event's time
 * @param expected the alerts expected, in file order
 * @param rules the rules whose alerts are compared, or null for all
 */
public record Scenario(
        String file,
        int line,
        String name,
        String description,
        Map<String, Variable> variables,
        List<SupplyEvent> events,
        Located<Long> until,
        List<Located<ExpectedAlert>> expected,
        Located<Set<String>> rules) {

    /** A value with the line it was written on, for messages about it. */
    public record Located<T>(T value, int line) {}

    /** A variable override: the value as YAML gave it (Long, Double, Boolean or String). */
    public record Variable(Object value, int line) {}

    /** The place of this scenario in messages: {@code tests/supplier.yaml: name}. */
    public String title() {
        return file + ": " + name;
    }
}
