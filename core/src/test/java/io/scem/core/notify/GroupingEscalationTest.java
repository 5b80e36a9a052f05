package io.scem.core.notify;

import static io.scem.core.notify.GroupingDriver.ids;
import static io.scem.core.notify.TestAlerts.HOUR;
import static io.scem.core.notify.TestAlerts.MINUTE;
import static io.scem.core.notify.TestAlerts.SECOND;
import static io.scem.core.notify.TestAlerts.T0;
import static io.scem.core.notify.TestAlerts.alert;
import static io.scem.core.notify.TestAlerts.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import io.scem.core.notify.GroupingDriver.Sent;
import org.junit.jupiter.api.Test;

/** Escalation: a CRITICAL alert still firing {@code after} past its first notification goes one step up, once. */
class GroupingEscalationTest {
    private static final String ROUTING = """
            receivers:
              - name: oncall
                sms: ["+33600000001"]
                escalate: { after: 30m, to: manager }
              - name: manager
                email: [manager@example.com]
                escalate: { after: 1h, to: director }
              - name: director
                email: [director@example.com]
                active_hours: { time_zone: UTC, days: [MON-FRI], from: "09:00", to: "17:00" }
            route:
              receiver: oncall
              group_by: [rule, site]
            """;
    private static final long FIRST = T0 + 30 * SECOND;

    private final GroupingDriver driver = new GroupingDriver(ROUTING);

    @Test
    void aCriticalAlertStillFiringIsEscalatedOnceAfterItsFirstNotification() {
        driver.alert(stockOut("s1"), T0);
        driver.advanceTo(FIRST + 30 * MINUTE - 1);
        assertThat(driver.sentTo("manager")).isEmpty();

        driver.advanceTo(FIRST + 30 * MINUTE);
        assertThat(driver.sentTo("manager")).singleElement().satisfies(s -> {
            assertThat(s.at()).isEqualTo(FIRST + 30 * MINUTE);
            assertThat(s.notification().escalation()).isTrue();
            assertThat(ids(s.notification().firing())).containsExactly("s1");
            assertThat(s.notification().groupKey()).hasToString("root:rule=STOCK_OUT,site=DC1");
        });

        driver.advanceTo(T0 + 5 * HOUR);
        assertThat(driver.sentTo("manager")).as("once per alert, through repeats to oncall").hasSize(1);
        assertThat(driver.sentTo("oncall")).extracting(Sent::at).containsExactly(FIRST, FIRST + 4 * HOUR);
        assertThat(driver.sent).extracting(s -> s.notification().sequence()).doesNotHaveDuplicates();
    }

    @Test
    void anEscalationGoesOnUpTheChainWhenTheNextReceiverIsActive() {
        driver.alert(stockOut("s1"), T0); // Monday 10:00 UTC
        driver.advanceTo(T0 + 3 * HOUR);

        assertThat(driver.sentTo("director")).singleElement().satisfies(s -> {
            assertThat(s.at()).as("an hour after it reached the manager").isEqualTo(FIRST + 90 * MINUTE);
            assertThat(s.notification().escalation()).isTrue();
        });
    }

    @Test
    void anEscalationWaitsForTheActiveHoursOfItsReceiver() {
        long evening = Instants.parse("2026-01-05T18:00:00Z");
        driver.alert(stockOut("s1"), evening);
        driver.advanceTo(Instants.parse("2026-01-07T00:00:00Z"));

        assertThat(driver.sentTo("manager")).extracting(Sent::at).containsExactly(evening + 30 * SECOND + 30 * MINUTE);
        assertThat(driver.sentTo("director")).extracting(Sent::at).containsExactly(Instants.parse("2026-01-06T09:00:00Z"));
    }

    @Test
    void anAlertThatResolvesInTimeIsNotEscalated() {
        Alert s1 = stockOut("s1");
        driver.alert(s1, T0);
        driver.alert(resolved(s1, FIRST + 29 * MINUTE), FIRST + 29 * MINUTE);
        driver.advanceTo(T0 + 2 * HOUR);

        assertThat(driver.sentTo("manager")).isEmpty();
        assertThat(driver.groups).isEmpty();
    }

    @Test
    void onlyCriticalAlertsAreEscalated() {
        driver.alert(alert("m1", "PRODUCTION_LATE").stage("production").site("DC1").firingAt(T0), T0);
        driver.alert(stockOut("s1"), T0);
        driver.advanceTo(T0 + 2 * HOUR);

        assertThat(driver.sentTo("manager")).singleElement()
                .satisfies(s -> assertThat(ids(s.notification().firing())).containsExactly("s1"));
    }

    @Test
    void aSilencedCriticalAlertIsNotEscalatedWhileTheSilenceLasts() {
        long silenceEnds = FIRST + 2 * HOUR;
        driver.alert(stockOut("s1"), T0);
        driver.advanceTo(FIRST);
        driver.muting = (a, now) -> now < silenceEnds;
        driver.advanceTo(silenceEnds - 1);
        assertThat(driver.sentTo("manager")).isEmpty();

        driver.advanceTo(silenceEnds);
        assertThat(driver.sentTo("manager")).extracting(Sent::at).containsExactly(silenceEnds);
    }

    private static Alert stockOut(String id) {
        return alert(id, "STOCK_OUT").stage("warehouse").severity("CRITICAL").site("DC1").firingAt(T0);
    }
}
