package io.scem.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.scem.core.event.Instants;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Correlation}: floods of one supplier get a root cause; a line down explains its site. */
class CorrelationTest {
    private static final long T0 = Instants.parse("2026-01-05T10:00:00Z");
    private static final long HOUR = 3_600_000L;

    private static final long DAY = 24 * HOUR;

    /** A group watched for two days without a raise, unless a test starts a new one: floods are judged at once. */
    private Correlation.Group group = watchedSince(T0 - 2 * DAY);
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
        assertThat(root.message).isEqualTo("Supplier S1 raised supplier alerts on 3 POs within 6 h up to 2026-01-05T12:00:00Z,"
                + " against 0.0 in a usual 6 h: a common cause is likely. PO-1, PO-2, PO-3");

        Alert po4 = firing("SUPPLIER_LATE", "PO-4", T0 + 3 * HOUR);
        apply("supplier|S1", po4);
        assertThat(po4.rootCause).as("explained by the open root cause").isEqualTo(root.alertId);
        apply("supplier|S1", resolved(po1, T0 + 4 * HOUR));

        // PO-1's raise leaves the window at T0 + 6 h: PO-2, PO-3 and PO-4 still make a flood.
        assertThat(Correlation.expire("supplier|S1", group, T0 + Correlation.WINDOW, 3, 0L)).isEmpty();
        // PO-2's leaves at T0 + 7 h: two raises, two thirds of the three that started it, still.
        assertThat(Correlation.expire("supplier|S1", group, T0 + HOUR + Correlation.WINDOW, 3, 0L)).isEmpty();
        // PO-3's leaves at T0 + 8 h: one raise in the window, the flood is over.
        List<Alert> over = Correlation.expire("supplier|S1", group, T0 + 2 * HOUR + Correlation.WINDOW, 3, 0L);
        assertThat(over).singleElement().satisfies(a -> {
            assertThat(a.rule).isEqualTo(Correlation.SUPPLIER_ISSUE);
            assertThat(a.status).isEqualTo(Alert.RESOLVED);
            assertThat(a.alertId).isEqualTo(root.alertId);
            assertThat(a.at).isEqualTo(T0 + 2 * HOUR + Correlation.WINDOW);
            assertThat(a.firingSince).isEqualTo(T0 + 2 * HOUR);
        });
        assertThat(group.root).isNull();
    }

    @Test
    void aFloodAtTheThresholdLastsWhileTheWindowSlidesAlongItsEdge() {
        // A small carrier's outage: a late shipment an hour, and the threshold (5) the only bar.
        // The first raise leaving the window leaves four, and a raise half an hour later makes
        // five again: one flood, not two, ending once three are left.
        List<Alert> roots = new ArrayList<>();
        for (long at : new long[] {0, HOUR, 2 * HOUR, 3 * HOUR, 4 * HOUR, 6 * HOUR + HOUR / 2}) {
            roots.addAll(Correlation.expire("carrier|C1", group, T0 + at, 5, 0L));
            lateShipment("SH-" + at, T0 + at, roots);
        }
        for (int hour = 6; hour <= 10; hour++) roots.addAll(Correlation.expire("carrier|C1", group, T0 + hour * HOUR, 5, 0L));
        assertThat(roots).extracting(a -> a.status + " " + a.at)
                .containsExactly("FIRING " + (T0 + 4 * HOUR), "RESOLVED " + (T0 + 8 * HOUR));
    }

    @Test
    void aSteadyTrickleOfAlertsIsNoFlood() {
        for (int i = 0; i < 10; i++) {
            long at = T0 + i * 4 * HOUR;
            Correlation.expire("carrier|C1", group, at, 3, 0L);
            apply("carrier|C1", firing("DELIVERY_LATE", "SH-" + i, at));
        }
        assertThat(sent).extracting(a -> a.rule).doesNotContain(Correlation.CARRIER_ISSUE);
        assertThat(group.raisedKeys).as("those within the window").containsExactly("SH-8", "SH-9");
    }

    @Test
    void aBusyCarriersUsualLatenessIsNoFloodButThreeTimesItIs() {
        // Ten late shipments an hour, every hour for three days, from the carrier's first alert:
        // nothing is judged in its first day, and after it sixty in six hours is its usual.
        group = new Correlation.Group();
        List<Alert> roots = new ArrayList<>();
        int shipment = 0;
        for (int hour = 0; hour < 72; hour++) {
            shipment = lateShipments(hour, 10, shipment, roots);
        }
        assertThat(group.watchedSince).isEqualTo(T0);
        assertThat(roots).isEmpty();

        // Then forty an hour for three hours: 10 + 10 + 10 + 40 × 3 = 150 in the window, under
        // three times the usual 60; a fourth hour makes 180, the flood.
        for (int hour = 72; hour < 75; hour++) shipment = lateShipments(hour, 40, shipment, roots);
        assertThat(roots).isEmpty();
        shipment = lateShipments(75, 40, shipment, roots);
        assertThat(roots).singleElement().satisfies(root -> {
            assertThat(root.rule).isEqualTo(Correlation.CARRIER_ISSUE);
            assertThat(root.related).hasSize(180);
            assertThat(root.message).startsWith("Carrier C1 raised distribution alerts on 180 shipments within 6 h up to ")
                    .contains(", against 60.0 in a usual 6 h: a common cause is likely. SH-")
                    .endsWith(" and 170 more");
        });
        // Back to ten an hour. The flood is over once the window holds fewer than twice the usual
        // 60: at hour 79 (40 + 40 + 10 + 10 + 10). Not at hour 76, when the window still holds
        // 170, just under the 180 that started it, and the hour's raises would start it again.
        roots.clear();
        for (int hour = 76; hour < 90; hour++) shipment = lateShipments(hour, 10, shipment, roots);
        assertThat(roots).extracting(a -> a.status + " " + a.at).containsExactly("RESOLVED " + (T0 + 79 * HOUR));
    }

    @Test
    void aSmallCarriersUnluckyWindowIsNoFloodButWhatChanceAloneHardlyEverReachesIs() {
        group = new Correlation.Group();
        // One late shipment every four hours for eight days: about 1.5 in a usual window. Three
        // times that is 5, and 6 in a window happens by chance about once in 240 windows (P 0.0042,
        // the raises a Poisson process); 7 about once in 1,160 (P 0.00086), under the bar of 1,000.
        List<Alert> roots = new ArrayList<>();
        int shipment = 0;
        for (long at = T0; at < T0 + 192 * HOUR; at += 4 * HOUR) {
            roots.addAll(Correlation.expire("carrier|C1", group, at, 5, 0L));
            lateShipment("SH-" + shipment++, at, roots);
        }
        assertThat(roots).as("never 5 within 6 h").isEmpty();

        // At hour 193 the window holds hour 188's raise: five more make 6, a sixth 7.
        long now = T0 + 193 * HOUR;
        roots.addAll(Correlation.expire("carrier|C1", group, now, 5, 0L));
        for (int i = 0; i < 5; i++) lateShipment("SH-" + shipment++, now, roots);
        assertThat(group.raisedKeys).hasSize(6);
        assertThat(roots).isEmpty();
        lateShipment("SH-" + shipment, now, roots);
        assertThat(roots).singleElement().satisfies(root -> assertThat(root.message)
                .startsWith("Carrier C1 raised distribution alerts on 7 shipments within 6 h up to ")
                .contains(", against 1.5 in a usual 6 h: a common cause is likely."));
    }

    @Test
    void theChanceOfAtLeastKIsAPoissonTail() {
        assertThat(Correlation.chanceOfAtLeast(0, 1.5)).isEqualTo(1.0);
        // 1 - e^-1.5 (1 + 1.5 + 1.5^2/2 + 1.5^3/6 + 1.5^4/24)
        assertThat(Correlation.chanceOfAtLeast(5, 1.5)).isCloseTo(0.0185759, within(1e-7));
        assertThat(Correlation.chanceOfAtLeast(15, 5)).isCloseTo(0.000226254, within(1e-9));
        assertThat(Correlation.chanceOfAtLeast(3, 0)).isZero();
    }

    /** {@code count} late shipments in hour {@code hour}, the window's ends run as the job's timers would; returns the next shipment number. */
    private int lateShipments(int hour, int count, int shipment, List<Alert> roots) {
        long start = T0 + hour * HOUR;
        roots.addAll(Correlation.expire("carrier|C1", group, start, 5, 0L));
        for (int i = 0; i < count; i++) lateShipment("SH-" + shipment++, start, roots);
        return shipment;
    }

    /** A DELIVERY_LATE of carrier C1 (threshold 5); the CARRIER_ISSUE alerts it causes go to {@code roots}. */
    private void lateShipment(String shipmentId, long at, List<Alert> roots) {
        int before = sent.size();
        apply("carrier|C1", firing("DELIVERY_LATE", shipmentId, at), 5);
        sent.subList(before, sent.size()).stream().filter(a -> a.rule.equals(Correlation.CARRIER_ISSUE)).forEach(roots::add);
    }

    @Test
    void twoAlertsOnOneShipmentCountOnce() {
        apply("carrier|C1", firing("DELIVERY_LATE", "SH-1", T0));
        Alert slip = firing("DELIVERY_LATE", "SH-1", T0 + HOUR);
        slip.rule = "ETA_SLIP";
        slip.alertId = "ETA_SLIP|SH-1";
        apply("carrier|C1", slip);
        apply("carrier|C1", firing("DELIVERY_LATE", "SH-2", T0 + HOUR));
        assertThat(sent).extracting(a -> a.rule).doesNotContain(Correlation.CARRIER_ISSUE);

        apply("carrier|C1", firing("DELIVERY_LATE", "SH-3", T0 + 2 * HOUR));
        assertThat(sent.get(sent.size() - 1).related).containsExactly("SH-1", "SH-2", "SH-3");
        // SH-1's second raise keeps it in the window until T0 + 7 h.
        assertThat(Correlation.expire("carrier|C1", group, T0 + Correlation.WINDOW, 3, 0L)).isEmpty();
    }

    @Test
    void onlyAlertsThatBecameTrueWithinTheWindowBeforeTheirDecisionCount() {
        apply("carrier|C1", firing("DELIVERY_LATE", "SH-1", T0));
        apply("carrier|C1", firing("DELIVERY_LATE", "SH-2", T0 + HOUR));
        // SH-3 was promised for T0 - 1 h and handed to the carrier at T0 + 6 h: late before the
        // carrier had it. SH-4 at T0 + 6 h, when SH-1's raise, a window before, no longer counts.
        Alert handedOverLate = firing("DELIVERY_LATE", "SH-3", T0 - HOUR);
        sent.addAll(Correlation.apply("carrier|C1", group, T0 + 6 * HOUR, handedOverLate, 3, 0L));
        apply("carrier|C1", firing("DELIVERY_LATE", "SH-4", T0 + 6 * HOUR));
        assertThat(sent).extracting(a -> a.rule).doesNotContain(Correlation.CARRIER_ISSUE);

        apply("carrier|C1", firing("DELIVERY_LATE", "SH-5", T0 + 6 * HOUR));
        assertThat(sent.get(sent.size() - 1).related).containsExactly("SH-2", "SH-4", "SH-5");
    }

    @Test
    void noFloodIsJudgedInAGroupsFirstDayButAfterItAgainstItsUsual() {
        group = new Correlation.Group();
        List<Alert> roots = new ArrayList<>();
        lateShipment("SH-0", T0, roots);
        // A job started on a live stream sees each carrier's first day: whatever it raises then,
        // there is no usual number to judge it against yet.
        for (int i = 1; i <= 8; i++) lateShipment("SH-" + i, T0 + 20 * HOUR, roots);
        assertThat(roots).isEmpty();
        // At T0 + 40 h the watch before the window is 34 h with nine raises: 1.6 in a usual 6 h,
        // against which chance reaches 8 once in 2,500 windows.
        roots.addAll(Correlation.expire("carrier|C1", group, T0 + 40 * HOUR, 5, 0L));
        for (int i = 9; i <= 15; i++) lateShipment("SH-" + i, T0 + 40 * HOUR, roots);
        assertThat(roots).isEmpty();
        lateShipment("SH-16", T0 + 40 * HOUR, roots);
        assertThat(roots).singleElement().satisfies(root -> assertThat(root.message)
                .contains(" on 8 shipments within 6 h up to ").contains(", against 1.6 in a usual 6 h: "));
    }

    @Test
    void aCarriersRaisesAndHistoryAreForgottenAWeekAfterItsLastRaiseAndItsWatchFourWeeksAfter() {
        group = new Correlation.Group();
        Alert lost = firing("DELIVERY_LATE", "SH-1", T0 + 30 * 60_000L);
        apply("carrier|C1", lost);
        long[] expiries = Correlation.expiryTimes("carrier|C1", lost);
        assertThat(expiries).containsExactly(lost.at + Correlation.WINDOW, T0 + Correlation.HISTORY,
                T0 + Correlation.QUIET_FORGOTTEN_AFTER);
        Correlation.expire("carrier|C1", group, expiries[0], 3, 0L);
        assertThat(group.raisedKeys).isEmpty();
        assertThat(group.historyHours).as("its hour of history is kept").containsExactly(T0);
        Correlation.expire("carrier|C1", group, expiries[1], 3, 0L);
        assertThat(group.historyHours).isEmpty();
        // So that a carrier back after a quiet week is judged at once, against a usual of nothing.
        assertThat(group.watchedSince).isEqualTo(lost.at);
        assertThat(group.isEmpty()).isFalse();
        Correlation.expire("carrier|C1", group, expiries[2], 3, 0L);
        assertThat(group.isEmpty()).isTrue();
    }

    @Test
    void aRaiseWithinFourWeeksKeepsTheWatch() {
        group = new Correlation.Group();
        Alert first = firing("DELIVERY_LATE", "SH-1", T0);
        apply("carrier|C1", first);
        Alert second = firing("DELIVERY_LATE", "SH-2", T0 + 14 * DAY);
        apply("carrier|C1", second);
        Correlation.expire("carrier|C1", group, Correlation.expiryTimes("carrier|C1", first)[2], 3, 0L);
        assertThat(group.watchedSince).as("the second raise was two weeks ago").isEqualTo(T0);
        Correlation.expire("carrier|C1", group, Correlation.expiryTimes("carrier|C1", second)[2], 3, 0L);
        assertThat(group.isEmpty()).isTrue();
    }

    @Test
    void aCarrierRestoredFromStateBeforeTheWatchIsForgottenAWeekAfterItsLastRaise() {
        // As restored from a version that kept a carrier's open alerts, and no watch.
        group = new Correlation.Group();
        group.openIds = new String[] {"DELIVERY_LATE|SH-0"};
        group.openKeys = new String[] {"SH-0"};
        Alert lost = firing("DELIVERY_LATE", "SH-1", T0 + 30 * 60_000L);
        apply("carrier|C1", lost);
        long[] expiries = Correlation.expiryTimes("carrier|C1", lost);
        Correlation.expire("carrier|C1", group, expiries[0], 3, 0L);
        assertThat(group.isEmpty()).as("its hour of history is kept").isFalse();
        Correlation.expire("carrier|C1", group, expiries[1], 3, 0L);
        assertThat(group.isEmpty()).isTrue();
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

    private static Correlation.Group watchedSince(long since) {
        Correlation.Group g = new Correlation.Group();
        g.watchedSince = since;
        return g;
    }

    private void apply(String groupKey, Alert alert) {
        apply(groupKey, alert, 3);
    }

    private void apply(String groupKey, Alert alert, int threshold) {
        sent.addAll(Correlation.apply(groupKey, group, alert.at, alert, threshold, 0L));
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
