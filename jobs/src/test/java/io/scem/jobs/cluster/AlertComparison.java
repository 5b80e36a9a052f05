package io.scem.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Alerts of two runs compared alert for alert (as JSON without {@code detectedAt}, as {@link
 * MonitoringRun} reads them), with failure messages that name what one run has and the other
 * lacks; and the few accessors the tests read alerts with.
 */
final class AlertComparison {
    private AlertComparison() {}

    static List<ObjectNode> withoutRuleVersion(List<ObjectNode> alerts) {
        return alerts.stream().map(a -> {
            ObjectNode copy = a.deepCopy();
            copy.remove("ruleVersion");
            return copy;
        }).toList();
    }

    /**
     * Asserts that two runs committed the same alerts, as many times each (the order across
     * partitions and subtasks is free), naming what one has and the other lacks.
     */
    static void assertSameAlerts(List<ObjectNode> actual, List<ObjectNode> expected) {
        List<String> missing = minus(expected, actual);
        List<String> extra = minus(actual, expected);
        assertThat(missing.size() + extra.size())
                .as("alerts of the run without the fault that this run lacks (%d of %d):%n%s%nand alerts it has that the run"
                                + " without the fault lacks (or has fewer times) (%d):%n%s",
                        missing.size(), expected.size(), String.join("\n", missing), extra.size(), String.join("\n", extra))
                .isZero();
    }

    /** The elements of {@code a} left after removing those of {@code b}, one for one. */
    private static List<String> minus(List<ObjectNode> a, List<ObjectNode> b) {
        Map<String, Integer> counts = new HashMap<>();
        for (ObjectNode n : b) counts.merge(n.toString(), 1, Integer::sum);
        List<String> left = new ArrayList<>();
        for (ObjectNode n : a) {
            String s = n.toString();
            if (counts.getOrDefault(s, 0) > 0) counts.merge(s, -1, Integer::sum);
            else left.add(s);
        }
        return left;
    }

    static boolean firing(JsonNode alert) {
        return alert.path("status").asText().equals("FIRING");
    }

    static Instant at(JsonNode alert) {
        return Instant.parse(alert.path("at").asText());
    }

    static String[] evidence(JsonNode alert) {
        List<String> ids = new ArrayList<>();
        alert.path("evidence").forEach(id -> ids.add(id.asText()));
        return ids.toArray(String[]::new);
    }

    static Predicate<JsonNode> rule(String name) {
        return a -> a.path("rule").asText().equals(name);
    }
}
