package io.scem.core.alert;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Turns the rules' raw signals for one condition (rule + key) into episodes: the first FIRING
 * opens an episode, further FIRINGs while it is open are the same episode, a RESOLVED closes
 * it, and a RESOLVED with no open episode means nothing. Rules can therefore say "cleared"
 * whenever the clearing fact happens without tracking whether they fired.
 */
public final class AlertEpisodes {
    private AlertEpisodes() {}

    /** What a signal does to the open episode of its condition. */
    public record Step(Alert emit, Alert openAfter) {}

    /**
     * @param open the condition's open episode (its FIRING alert), or null
     * @param signal what a rule said
     * @param wallClock now, for {@code detectedAt}
     */
    public static Step apply(Alert open, Alert signal, long wallClock) {
        if (signal.isFiring()) {
            if (open != null) {
                return new Step(null, open);
            }
            signal.alertId = alertId(signal);
            signal.detectedAt = wallClock;
            return new Step(signal, signal);
        }
        if (open == null) {
            return new Step(null, null);
        }
        signal.alertId = open.alertId;
        signal.detectedAt = wallClock;
        signal.firingSince = open.at;
        // What the condition is about does not change when it clears; keep what the firing knew.
        if (signal.severity == null) signal.severity = open.severity;
        if (signal.stage == null) signal.stage = open.stage;
        return new Step(signal, null);
    }

    /**
     * The RESOLVED that closes an open episode whose rule was removed from the rules: nothing
     * else would ever close it.
     */
    public static Alert retired(Alert open, long at, long wallClock) {
        Alert resolved = new Alert();
        resolved.alertId = open.alertId;
        resolved.rule = open.rule;
        resolved.ruleVersion = open.ruleVersion;
        resolved.status = Alert.RESOLVED;
        resolved.severity = open.severity;
        resolved.stage = open.stage;
        resolved.key = open.key;
        resolved.site = open.site;
        resolved.sku = open.sku;
        resolved.poId = open.poId;
        resolved.workOrderId = open.workOrderId;
        resolved.shipmentId = open.shipmentId;
        resolved.orderId = open.orderId;
        resolved.supplierId = open.supplierId;
        resolved.carrierId = open.carrierId;
        resolved.at = Math.max(at, open.at);
        resolved.detectedAt = wallClock;
        resolved.firingSince = open.at;
        resolved.message = "Closed because rule " + open.rule + " was removed from the rules; it was: " + open.message;
        resolved.evidence = new String[0];
        return resolved;
    }

    /** Same rule, key and start time, same id: the id survives restarts and parallelism. */
    static String alertId(Alert firing) {
        String name = firing.rule + '|' + firing.key + '|' + firing.at;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
