package io.scem.core.notify;

import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;

/** Alerts for the notifier's tests: {@code alert("a1", "SUPPLIER_LATE").supplier("SUP-2").firingAt(T0)}. */
final class TestAlerts {
    /** Monday 5 January 2026, 10:00 UTC. */
    static final long T0 = Instants.parse("2026-01-05T10:00:00Z");
    static final long SECOND = 1_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;

    private final Alert a = new Alert();

    private TestAlerts(String alertId, String rule) {
        a.alertId = alertId;
        a.rule = rule;
        a.severity = "MAJOR";
        a.stage = "supplier";
        a.key = alertId;
        a.message = rule + " " + alertId;
        a.evidence = new String[0];
    }

    static TestAlerts alert(String alertId, String rule) {
        return new TestAlerts(alertId, rule);
    }

    TestAlerts severity(String severity) {
        a.severity = severity;
        return this;
    }

    TestAlerts stage(String stage) {
        a.stage = stage;
        return this;
    }

    TestAlerts site(String site) {
        a.site = site;
        return this;
    }

    TestAlerts sku(String sku) {
        a.sku = sku;
        return this;
    }

    TestAlerts supplier(String supplierId) {
        a.supplierId = supplierId;
        return this;
    }

    TestAlerts carrier(String carrierId) {
        a.carrierId = carrierId;
        return this;
    }

    TestAlerts po(String poId) {
        a.poId = poId;
        a.key = poId;
        return this;
    }

    TestAlerts key(String key) {
        a.key = key;
        return this;
    }

    TestAlerts message(String message) {
        a.message = message;
        return this;
    }

    TestAlerts evidence(String... ids) {
        a.evidence = ids;
        return this;
    }

    TestAlerts rootCause(String alertId) {
        a.rootCause = alertId;
        return this;
    }

    Alert firingAt(long at) {
        a.status = Alert.FIRING;
        a.at = at;
        a.detectedAt = at;
        return a;
    }

    /** The RESOLVED that closes {@code firing}'s episode at {@code at}. */
    static Alert resolved(Alert firing, long at) {
        Alert r = new Alert();
        r.alertId = firing.alertId;
        r.rule = firing.rule;
        r.status = Alert.RESOLVED;
        r.severity = firing.severity;
        r.stage = firing.stage;
        r.key = firing.key;
        r.site = firing.site;
        r.sku = firing.sku;
        r.poId = firing.poId;
        r.supplierId = firing.supplierId;
        r.carrierId = firing.carrierId;
        r.at = at;
        r.detectedAt = at;
        r.firingSince = firing.at;
        r.message = firing.rule + " " + firing.key + " cleared";
        r.evidence = new String[0];
        return r;
    }
}
