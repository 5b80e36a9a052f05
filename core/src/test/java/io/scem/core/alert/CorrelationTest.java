package io.scem.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.event.Instants;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Correlation}: floods of one supplier get a root cause; a line down explains its site. */
class CorrelationTest {
    private static final long T0 = Instants.parse("2026-01-05T10:00:00Z");
    private static final long HOUR = 3_600_000L;

    private final Correlation.Group group = new Correlation.Group();
    private final List<Alert> sent = new ArrayList<>();

    @Test
    void threeAlertsOfASupplierWithinTheWindowGetARootCauseThatResolvesWhenTheFloodPasses() {
        Alert po1 = firing("SUPPLIER_LATE", "PO-1", T0);
        apply("supplier|S1", po1);
        apply("supplier|S1", firing("SUPPLIER_LATE", "PO-2", T0 + HOUR));
        assertThat(sent).extracting(a -> a.rule).containsOnly("SUPPLIER_LATE");

        apply("supplier|S1", firing("SUPPLIER_UNCONFIRMED", "PO-3", T0 + 2 * HOUR));
        Alert root = sent.get(sent.size() - 1);
        assertThat(root.rule).isEqualTo(Correlation.SUPPLIER_ISSUE);
        assertThat(root.key).isEqualTo("S1");
        assertThat(root.at).isEqualTo(T0 + 2 * HOUR);
        assertThat(root.related).containsExactly("PO-1", "PO-2", "PO-3");
        assertThat(root.alertId).isNotNull();
        assertThat(root.message).startsWith("Supplier S1 raised 3 supplier alerts within 6 h up to 2026-01-05T12:00:00Z");

        Alert po4 = firing("SUPPLIER_LATE", "PO-4", T0 + 3 * HOUR);
        apply("supplier|S1", po4);
        assertThat(po4.rootCause).as("explained by the open root cause").isEqualTo(root.alertId);
        apply("supplier|S1", resolved(po1, T0 + 4 * HOUR));

        // PO-1's raise leaves the window at T0 + 6 h: PO-2, PO-3 and PO-4 still make a flood.
        assertThat(Correlation.expire("supplier|S1", group, T0 + Correlation.WINDOW, 3, 0L)).isEmpty();
        // PO-2's leaves at T0 + 7 h: two raises in the window, the flood is over.
        List<Alert> over = Correlation.expire("supplier|S1", group, T0 + HOUR + Correlation.WINDOW, 3, 0L);
        assertThat(over).singleElement().satisfies(a -> {
            assertThat(a.rule).isEqualTo(Correlation.SUPPLIER_ISSUE);
            assertThat(a.status).isEqualTo(Alert.RESOLVED);
            assertThat(a.alertId).isEqualTo(root.alertId);
            assertThat(a.at).isEqualTo(T0 + HOUR + Correlation.WINDOW);
            assertThat(a.firingSince).isEqualTo(T0 + 2 * HOUR);
        });
        assertThat(group.root).isNull();
    }

    @Test
    void aSteadyTrickleOfAlertsIsNoFlood() {
        for (int i = 0; i < 10; i++) {
            long at = T0 + i * 4 * HOUR;
            Correlation.expire("carrier|C1", group, at, 3, 0L);
            apply("carrier|C1", firing("DELIVERY_LATE", "SH-" + i, at));
        }
        assertThat(sent).extracting(a -> a.rule).doesNotContain(Correlation.CARRIER_ISSUE);
        assertThat(group.openKeys).hasSize(10);
    }

    @Test
    void aLineDownIsTheRootCauseOfItsSitesProductionAlerts() {
        Alert wo1 = firing("PRODUCTION_LATE", "WO-1", T0);
        apply("production|P1", wo1);
        Alert line = firing("LINE_DOWN", "P1|L1", T0 + HOUR);
        apply("production|P1", line);
        assertThat(line.related).containsExactly("WO-1");
        Alert wo2 = firing("PRODUCTION_NOT_STARTED", "WO-2", T0 + 2 * HOUR);
        apply("production|P1", wo2);
        assertThat(wo2.rootCause).isEqualTo(line.alertId);

        apply("production|P1", resolved(line, T0 + 3 * HOUR));
        Alert wo3 = firing("PRODUCTION_LATE", "WO-3", T0 + 4 * HOUR);
        apply("production|P1", wo3);
        assertThat(wo3.rootCause).isNull();
    }

    @Test
    void groupsComeFromStageAndTheFieldThatNamesTheCause() {
        Alert late = firing("SUPPLIER_LATE", "PO-1", T0);
        assertThat(Correlation.groupOf(late)).isEqualTo("supplier|S1");
        late.supplierId = null;
        assertThat(Correlation.groupOf(late)).isNull();
        Alert stockOut = firing("STOCK_OUT", "DC1|A", T0);
        stockOut.stage = "warehouse";
        assertThat(Correlation.groupOf(stockOut)).isNull();
    }

    private void apply(String groupKey, Alert alert) {
        sent.addAll(Correlation.apply(groupKey, group, alert, 3, 0L));
    }

    private static Alert firing(String rule, String key, long at) {
        Alert a = new Alert();
        a.rule = rule;
        a.status = Alert.FIRING;
        a.key = key;
        a.at = at;
        a.stage = rule.startsWith("SUPPLIER") ? "supplier" : rule.startsWith("DELIVERY") ? "distribution" : "production";
        a.carrierId = "C1";
        a.supplierId = "S1";
        a.site = "P1";
        a.alertId = rule + "|" + key;
        return a;
    }

    private static Alert resolved(Alert firing, long at) {
        Alert a = firing("x", firing.key, at);
        a.rule = firing.rule;
        a.stage = firing.stage;
        a.status = Alert.RESOLVED;
        a.alertId = firing.alertId;
        return a;
    }
}
