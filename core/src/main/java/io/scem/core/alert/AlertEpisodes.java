package io.scem.core.alert;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Turns the rules' raw signals for one condition (rule + key) into episodes: the first FIRING
 * opens an episode, further FIRINGs while it is open are the same episode, a RESOLVED closes
 * it, and a RESOLVED with no open episode means nothing. Rules can therefore say "cleared"
 * whenever the clearing fact happens without tracking whether they fired.
 *
 * <p>Flapping: a RESOLVED signal may ask for a hold ({@link Alert#holdMillis}, from the rule's
 * {@code holdMinutes} column). The RESOLVED then waits, and a FIRING of the same condition at or
 * before the end of the hold continues the episode: one episode, not many. The caller releases a
 * held RESOLVED once event time passes {@link #holdEnds} (a timer in the job; at the end of
 * input, every hold is released). Decisions depend only on the signals' event times, never on
 * when the caller's timer runs: a FIRING after the hold ended first releases the held RESOLVED.
 */
public final class AlertEpisodes {
    private AlertEpisodes() {}

    /** A condition between signals: its open episode (the FIRING), and a RESOLVED on hold. */
    public record Episode(Alert firing, Alert held) {
        public static final Episode NONE = new Episode(null, null);
    }

    /** What a signal does: the alerts to send, in order, and the condition afterwards. */
    public record Step(List<Alert> emit, Episode after) {}

    /**
     * @param current the condition's state ({@link Episode#NONE} if nothing is open)
     * @param signal what a rule said
     * @param wallClock now, for {@code detectedAt}
     */
    public static Step apply(Episode current, Alert signal, long wallClock) {
        Alert open = current.firing();
        Alert held = current.held();
        if (signal.isFiring()) {
            if (held != null && signal.at <= holdEnds(held)) {
                return new Step(List.of(), new Episode(open, null));
            }
            if (held != null) {
                return new Step(List.of(release(held, wallClock), opened(signal, wallClock)), new Episode(signal, null));
            }
            if (open != null) {
                return new Step(List.of(), current);
            }
            return new Step(List.of(opened(signal, wallClock)), new Episode(signal, null));
        }
        if (open == null || held != null) {
            // Nothing to clear, or already clearing: the first time it cleared is the one that counts.
            return new Step(List.of(), current);
        }
        signal.alertId = open.alertId;
        signal.firingSince = open.at;
        // What the condition is about does not change when it clears; keep what the firing knew.
        if (signal.severity == null) signal.severity = open.severity;
        if (signal.stage == null) signal.stage = open.stage;
        if (signal.holdMillis > 0) {
            return new Step(List.of(), new Episode(open, signal));
        }
        signal.detectedAt = wallClock;
        return new Step(List.of(signal), Episode.NONE);
    }

    /** When a held RESOLVED is released if its condition has not fired again (event time). */
    public static long holdEnds(Alert held) {
        return held.at + held.holdMillis;
    }

    /** The held RESOLVED, sent now: its hold ended with no new FIRING. */
    public static Alert release(Alert held, long wallClock) {
        held.detectedAt = wallClock;
        return held;
    }

    private static Alert opened(Alert firing, long wallClock) {
        firing.alertId = alertId(firing);
        firing.detectedAt = wallClock;
        return firing;
    }

    /**
     * The RESOLVED that closes an open episode whose rule went (removed from the rules, or turned
     * off): nothing else would ever close it. Its message says "Closed because rule R {@code why}".
     */
    public static Alert retired(Alert open, long at, long wallClock, String why) {
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
        resolved.message = "Closed because rule " + open.rule + " " + why + "; it was: " + open.message;
        resolved.evidence = new String[0];
        return resolved;
    }

    /** Same rule, key and start time, same id: the id survives restarts and parallelism. */
    static String alertId(Alert firing) {
        String name = firing.rule + '|' + firing.key + '|' + firing.at;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
