package io.scem.core.notify;

import static io.scem.core.notify.GroupingDriver.ids;
import static io.scem.core.notify.TestAlerts.MINUTE;
import static io.scem.core.notify.TestAlerts.T0;
import static io.scem.core.notify.TestAlerts.alert;
import static io.scem.core.notify.TestAlerts.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import org.junit.jupiter.api.Test;

/** Inhibit rules: a firing source alert mutes the targets with equal fields, or those it is the root cause of. */
class RoutingInhibitionTest {
    private static final String ROUTING = """
            receivers:
              - name: buyers
                email: [buyers@example.com]
            route:
              receiver: buyers
              group_by: [rule, supplierId]
            inhibit_rules:
              - source_match: { rule: SUPPLIER_ISSUE }
                target_match: { stage: supplier }
                equal: [supplierId]
              - source_match: { rule: LINE_DOWN }
                target_match_re: { rule: "PRODUCTION_.*" }
                equal: [site]
            """;

    private final GroupingDriver driver = new GroupingDriver(ROUTING);
    private final Inhibitor inhibitor = new Inhibitor(driver.config.inhibitRules());
    private final InhibitionSources sources = new InhibitionSources();

    private final Alert issue = alert("i-1", "SUPPLIER_ISSUE").supplier("SUP-2").firingAt(T0);
    private final Alert lateSup2 = alert("a1", "SUPPLIER_LATE").supplier("SUP-2").firingAt(T0);
    private final Alert lateSup3 = alert("a2", "SUPPLIER_LATE").supplier("SUP-3").firingAt(T0);

    @Test
    void aFiringSourceInhibitsTargetsWithTheSameEqualFieldsOnly() {
        assertThat(inhibitor.observe(sources, issue)).isTrue();

        assertThat(inhibitor.isInhibited(sources, lateSup2)).isTrue();
        assertThat(inhibitor.isInhibited(sources, lateSup3)).as("another supplier").isFalse();
        assertThat(inhibitor.isInhibited(sources, issue)).as("never itself, though it matches the target side").isFalse();
        assertThat(inhibitor.isInhibited(sources, alert("s1", "STOCK_OUT").stage("warehouse").supplier("SUP-2").firingAt(T0)))
                .as("not a target").isFalse();
    }

    @Test
    void theInhibitionEndsWhenTheSourceResolves() {
        inhibitor.observe(sources, issue);
        assertThat(inhibitor.observe(sources, issue)).as("a duplicate").isFalse();

        assertThat(inhibitor.observe(sources, resolved(issue, T0 + MINUTE))).isTrue();
        assertThat(sources.firing).isEmpty();
        assertThat(inhibitor.isInhibited(sources, lateSup2)).isFalse();
        assertThat(inhibitor.observe(sources, lateSup2)).as("not a source: not kept").isFalse();
    }

    @Test
    void aTargetWhoseRootCauseIsTheFiringSourceIsInhibitedWhateverTheEqualFields() {
        Alert lineDown = alert("ld-1", "LINE_DOWN").stage("production").site("DC1").firingAt(T0);
        inhibitor.observe(sources, lineDown);
        Alert otherSite = alert("p1", "PRODUCTION_LATE").stage("production").site("DC2").firingAt(T0);
        Alert explained = alert("p2", "PRODUCTION_LATE").stage("production").site("DC2").rootCause("ld-1").firingAt(T0);
        Alert notATarget = alert("s1", "STOCK_OUT").stage("warehouse").site("DC2").rootCause("ld-1").firingAt(T0);

        assertThat(inhibitor.isInhibited(sources, otherSite)).isFalse();
        assertThat(inhibitor.isInhibited(sources, explained)).isTrue();
        assertThat(inhibitor.isInhibited(sources, notATarget)).as("the rule's target side still applies").isFalse();
    }

    @Test
    void inhibitedAlertsWaitInTheirGroupAndAreSentWhenTheSourceResolves() {
        driver.muting = Muting.of(Silences.inMemory(), inhibitor, sources);
        inhibitor.observe(sources, issue);
        driver.alert(issue, T0);
        driver.alert(lateSup2, T0);
        driver.alert(lateSup3, T0);
        driver.advanceTo(T0 + MINUTE);
        assertThat(driver.sent).extracting(s -> s.notification().groupKey().toString())
                .containsExactlyInAnyOrder("root:rule=SUPPLIER_ISSUE,supplierId=SUP-2", "root:rule=SUPPLIER_LATE,supplierId=SUP-3");

        Alert over = resolved(issue, T0 + 10 * MINUTE);
        inhibitor.observe(sources, over);
        driver.alert(over, T0 + 10 * MINUTE);
        driver.advanceTo(T0 + 20 * MINUTE);
        assertThat(driver.sent).filteredOn(s -> s.notification().groupKey().toString().contains("SUPPLIER_LATE,supplierId=SUP-2"))
                .singleElement().satisfies(s -> assertThat(ids(s.notification().firing())).containsExactly("a1"));
    }
}
