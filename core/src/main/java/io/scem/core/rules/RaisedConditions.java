package io.scem.core.rules;

import io.scem.core.alert.Alert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conditions (rule and key) that the rules have raised and not yet resolved, so that a
 * RESOLVED which closes nothing is dropped before its alert is even built.
 *
 * <p>Why: a rule may say "cleared" whenever its clearing fact happens (rules/README.md), and the
 * shipped ones do: DELIVERY_LATE's resolve fires at every delivery, late or not (872,777 in the
 * benchmark's month for 50,461 alerts), TRACKING_SILENT's at every shipment event. Each such
 * RESOLVED was built, its message rendered, sent across the network to the alert lifecycle and
 * dropped there. The lifecycle stays the judge of episodes; this is only a filter in front of it,
 * so it must never drop a RESOLVED that the lifecycle would act on: it knows every condition its
 * engines raised, and {@link #admittingAll()} is for when it cannot know (a restore from a
 * checkpoint that predates it). Every FIRING goes on, repeats too: the lifecycle ignores a repeat
 * of an open episode, but dropping it here would also lose a FIRING that the lifecycle needs
 * after its own state was dropped (a savepoint restored without it), and it saved little (the
 * shipped level rules repeat rarely: within the spread of the month's replay).
 *
 * <p>Kept outside the engine: it outlives an engine swapped at a reload (a condition the old
 * version raised and the new one would not raise must still resolve), and the job checkpoints
 * it (a rebuild cannot always tell from the latest facts what was raised). Not thread-safe.
 */
public final class RaisedConditions {
    /** Keys by rule: a resolve looks its rule up once, and no "rule|key" string is made per row. */
    private final Map<String, Set<String>> keysByRule = new HashMap<>();
    private final boolean admitsAll;

    private RaisedConditions(boolean admitsAll) {
        this.admitsAll = admitsAll;
    }

    /** Remembers what is raised, and admits a RESOLVED only for a condition raised and still open. */
    public static RaisedConditions tracking() {
        return new RaisedConditions(false);
    }

    /** Admits every RESOLVED: for a job whose earlier conditions are unknown. */
    public static RaisedConditions admittingAll() {
        return new RaisedConditions(true);
    }

    public boolean admitsAll() {
        return admitsAll;
    }

    /**
     * Whether a rule's signal goes on: every FIRING does (and its condition is now raised), a
     * RESOLVED if its condition was raised and not resolved since (it no longer is).
     */
    public boolean admit(String rule, String status, String key) {
        if (admitsAll) return true;
        if (Alert.RESOLVED.equals(status)) {
            Set<String> keys = keysByRule.get(rule);
            return keys != null && keys.remove(key);
        }
        keysByRule.computeIfAbsent(rule, r -> new HashSet<>()).add(key);
        return true;
    }

    /** A rule that no longer runs: the lifecycle resolves its open alerts, and nothing here may wait for it. */
    public void forgetRule(String rule) {
        keysByRule.remove(rule);
    }

    /** Takes back a condition raised before (from a checkpoint). */
    public void restore(String conditionKey) {
        int bar = conditionKey.indexOf('|');
        if (bar < 0) throw new IllegalArgumentException("not a condition key (rule|key): " + conditionKey);
        keysByRule.computeIfAbsent(conditionKey.substring(0, bar), r -> new HashSet<>()).add(conditionKey.substring(bar + 1));
    }

    /** Every condition raised and open, as {@link Alert#conditionKey()}s (for a checkpoint). */
    public List<String> conditionKeys() {
        List<String> all = new ArrayList<>();
        keysByRule.forEach((rule, keys) -> keys.forEach(key -> all.add(rule + '|' + key)));
        return all;
    }

    public int size() {
        int size = 0;
        for (Set<String> keys : keysByRule.values()) size += keys.size();
        return size;
    }
}
