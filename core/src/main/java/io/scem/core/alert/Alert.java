package io.scem.core.alert;

import java.util.Arrays;
import java.util.Objects;

/**
 * An alert as the contract defines it. The rule engine fills everything but {@code alertId} and
 * {@code detectedAt}; the alert lifecycle stamps those when it opens or closes an episode.
 * Instants are epoch millis (JSON shows ISO-8601).
 */
public class Alert {
    public static final String FIRING = "FIRING";
    public static final String RESOLVED = "RESOLVED";

    /** Stable across the FIRING and the RESOLVED of one episode. */
    public String alertId;
    public String rule;
    /** Content hash of the rule file that raised it: which version of the rule said so. */
    public String ruleVersion;
    public String status;
    public String severity;
    public String stage;
    public String key;
    public String site;
    public String sku;
    public String poId;
    public String workOrderId;
    public String shipmentId;
    public String orderId;
    public String supplierId;
    public String carrierId;
    /** The customer of the order an alert is about (ORDER_AT_RISK). */
    public String customerId;
    /** Event time at which the condition became true (FIRING) or cleared (RESOLVED). */
    public long at;
    /** Wall clock when the job decided it. */
    public long detectedAt;
    /** For RESOLVED: when the episode started firing, so a reader knows how long it lasted. */
    public Long firingSince;
    public String message;
    public String[] evidence;
    /** The alertId of the root-cause alert that explains this one, if any (see Correlation). */
    public String rootCause;
    /** On a root-cause alert: the keys of the alerts it explains. */
    public String[] related;
    /**
     * On a RESOLVED signal from a rule: how long (event time) to wait before resolving, so that a
     * condition that returns within it stays one episode (see AlertEpisodes). Not part of the
     * alert's JSON.
     */
    public long holdMillis;

    public Alert() {}

    public boolean isFiring() {
        return FIRING.equals(status);
    }

    /** Identifies the condition, whatever its episode: one open episode per rule and key. */
    public String conditionKey() {
        return rule + '|' + key;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Alert a)) return false;
        return at == a.at && detectedAt == a.detectedAt && Objects.equals(alertId, a.alertId)
                && Objects.equals(rule, a.rule) && Objects.equals(ruleVersion, a.ruleVersion) && Objects.equals(status, a.status)
                && Objects.equals(severity, a.severity) && Objects.equals(stage, a.stage)
                && Objects.equals(key, a.key) && Objects.equals(site, a.site) && Objects.equals(sku, a.sku)
                && Objects.equals(poId, a.poId) && Objects.equals(workOrderId, a.workOrderId)
                && Objects.equals(shipmentId, a.shipmentId) && Objects.equals(orderId, a.orderId)
                && Objects.equals(supplierId, a.supplierId) && Objects.equals(carrierId, a.carrierId)
                && Objects.equals(customerId, a.customerId)
                && Objects.equals(firingSince, a.firingSince) && Objects.equals(message, a.message)
                && Arrays.equals(evidence, a.evidence) && Objects.equals(rootCause, a.rootCause)
                && Arrays.equals(related, a.related);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alertId, rule, status, key, at);
    }

    @Override
    public String toString() {
        return status + " " + rule + " " + key + " @" + java.time.Instant.ofEpochMilli(at);
    }
}
