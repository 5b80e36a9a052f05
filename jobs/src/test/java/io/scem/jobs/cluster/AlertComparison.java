package io.scem.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Alerts of two runs compared alert for alert (as JSON without {@code detectedAt}, as {@link
 * MonitoringRun} reads them), with failure messages that name what one run has and the other
 * lacks; and the few accessors the tests read alerts with.
 */
final class AlertComparison {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /**
     * As {@link #assertSameAlerts} for a run restored from a checkpoint, but for one difference,
     * allowed and counted: a deadline that was armed before the checkpoint and fires after it
     * fires from the entity's latest fact before the checkpoint (the restore re-arms it from that
     * fact, see RuleEvaluationOperator), not from the fact that armed it, so that its evidence
     * names that later event of the entity and its message shows that fact's values (DELIVERY_LATE's
     * "last seen"). Everything else — the alert's id, rule, key, status, times, every other
     * field, and every other alert — must be exactly as in the run without the fault.
     *
     * @return how many alerts differ so
     */
    static int assertSameAlertsButRearmedEvidence(List<ObjectNode> actual, List<ObjectNode> expected,
            Set<String> deadlineRules, Map<String, Long> eventTimes) {
        assertSameAlerts(withoutEvidenceAndMessage(actual), withoutEvidenceAndMessage(expected));
        Map<String, ObjectNode> actualByEpisodeEvent = new HashMap<>();
        for (ObjectNode a : actual) actualByEpisodeEvent.put(episodeEvent(a), a);
        List<String> otherDifferences = new ArrayList<>();
        int rearmed = 0;
        for (String missing : minus(expected, actual)) {
            ObjectNode clean = parse(missing);
            ObjectNode restored = actualByEpisodeEvent.get(episodeEvent(clean));
            boolean fromALaterFact = firing(clean) && deadlineRules.contains(clean.path("rule").asText())
                    && restored.path("evidence").size() == 1 && clean.path("evidence").size() == 1
                    && eventTimes.getOrDefault(restored.path("evidence").get(0).asText(), Long.MAX_VALUE)
                            > eventTimes.getOrDefault(clean.path("evidence").get(0).asText(), Long.MAX_VALUE)
                    && eventTimes.get(restored.path("evidence").get(0).asText()) <= at(clean).toEpochMilli();
            if (fromALaterFact) rearmed++;
            else otherDifferences.add("without the fault: " + clean + "\n   with the fault: " + restored);
        }
        assertThat(otherDifferences).as("alerts that differ other than by a re-armed deadline's evidence").isEmpty();
        System.out.printf("%d alerts fired by deadlines re-armed from a later fact after the restore%n", rearmed);
        return rearmed;
    }

    private static String episodeEvent(JsonNode alert) {
        return alert.path("alertId").asText() + " " + alert.path("status").asText();
    }

    private static List<ObjectNode> withoutEvidenceAndMessage(List<ObjectNode> alerts) {
        return alerts.stream().map(a -> {
            ObjectNode copy = a.deepCopy();
            copy.remove("evidence");
            copy.remove("message");
            return copy;
        }).toList();
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
