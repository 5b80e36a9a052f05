package io.scem.core.notify;

import static io.scem.core.notify.GroupingDriver.ids;
import static io.scem.core.notify.TestAlerts.alert;
import static io.scem.core.notify.TestAlerts.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * Active hours: outside them a notification waits for the next active instant, computed in the
 * receiver's time zone (Europe/Paris goes to summer time on 29 March 2026 and back on 25 October).
 */
class GroupingActiveHoursTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Receiver.ActiveHours OFFICE = new Receiver.ActiveHours(PARIS,
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 0), LocalTime.of(18, 0));

    private static final String ROUTING = """
            receivers:
              - name: buyers
                email: [buyers@example.com]
                active_hours: { time_zone: Europe/Paris, days: [MON-FRI], from: "08:00", to: "18:00" }
              - name: quiet-buyers
                email: [quiet@example.com]
                send_resolved: false
                active_hours: { time_zone: Europe/Paris, days: [MON-FRI], from: "08:00", to: "18:00" }
            route:
              receiver: buyers
              group_by: [rule]
              routes:
                - match: { stage: warehouse }
                  receiver: quiet-buyers
            """;

    @Test
    void afterFridayEveningTheNextActiveInstantIsMondayEightOClockInSummerTime() {
        // Friday 27 March 20:00 in Paris (UTC+1); Monday 30 March 08:00 is UTC+2 after the change.
        assertThat(OFFICE.nextActive(at("2026-03-27T19:00:00Z"))).isEqualTo(at("2026-03-30T06:00:00Z"));
        // And back: Friday 23 October 21:00 (UTC+2) to Monday 26 October 08:00 (UTC+1).
        assertThat(OFFICE.nextActive(at("2026-10-23T19:00:00Z"))).isEqualTo(at("2026-10-26T07:00:00Z"));
        assertThat(OFFICE.nextActive(at("2026-03-30T06:00:00Z"))).as("already active").isEqualTo(at("2026-03-30T06:00:00Z"));
        assertThat(OFFICE.isActive(at("2026-03-30T16:00:00Z"))).as("18:00 is the end, exclusive").isFalse();
    }

    @Test
    void aStartTimeThatClocksSkipBeginsAtTheJumpAndOneTheyRepeatBeginsAtItsSecondOccurrenceIfNeeded() {
        Receiver.ActiveHours night = new Receiver.ActiveHours(PARIS, EnumSet.allOf(DayOfWeek.class),
                LocalTime.of(2, 30), LocalTime.of(4, 0));
        // 29 March: 02:00 becomes 03:00; 02:30 does not exist, 03:00 (01:00Z) is the first active instant.
        assertThat(night.nextActive(at("2026-03-29T00:30:00Z"))).isEqualTo(at("2026-03-29T01:00:00Z"));

        Receiver.ActiveHours brief = new Receiver.ActiveHours(PARIS, EnumSet.allOf(DayOfWeek.class),
                LocalTime.of(2, 30), LocalTime.of(2, 45));
        // 25 October: 03:00 becomes 02:00 again, so 02:30-02:45 happens twice (00:30Z and 01:30Z).
        assertThat(brief.isActive(at("2026-10-25T00:40:00Z"))).isTrue();
        assertThat(brief.nextActive(at("2026-10-25T00:50:00Z"))).isEqualTo(at("2026-10-25T01:30:00Z"));
    }

    @Test
    void overnightHoursCrossMidnight() {
        Receiver.ActiveHours night = new Receiver.ActiveHours(PARIS, EnumSet.of(DayOfWeek.SATURDAY),
                LocalTime.of(22, 0), LocalTime.of(6, 0));
        // Saturday 10 January 2026, 12:00 in Paris: next is 22:00 that evening.
        assertThat(night.nextActive(at("2026-01-10T11:00:00Z"))).isEqualTo(at("2026-01-10T21:00:00Z"));
        // Only Saturdays count: at Sunday 01:00 (local) the receiver is off, until the next Saturday 00:00.
        assertThat(night.nextActive(at("2026-01-11T00:00:00Z"))).isEqualTo(at("2026-01-16T23:00:00Z"));
    }

    @Test
    void aNotificationDueOnFridayNightWaitsForMondayAndDropsNothing() {
        GroupingDriver driver = new GroupingDriver(ROUTING);
        long friday = Instants.parse("2026-03-27T19:00:00Z");
        long saturday = Instants.parse("2026-03-28T10:00:00Z");
        long sunday = Instants.parse("2026-03-29T10:00:00Z");
        long monday = Instants.parse("2026-03-30T06:00:00Z");
        driver.alert(alert("a1", "SUPPLIER_LATE").firingAt(friday), friday);
        Alert a2 = alert("a2", "SUPPLIER_LATE").firingAt(saturday);
        driver.alert(a2, saturday);
        driver.alert(resolved(a2, sunday), sunday);

        driver.advanceTo(monday - 1);
        assertThat(driver.sent).isEmpty();
        driver.advanceTo(monday);
        assertThat(driver.sent).singleElement().satisfies(s -> {
            assertThat(s.at()).isEqualTo(monday);
            assertThat(ids(s.notification().firing())).containsExactly("a1");
            assertThat(ids(s.notification().resolved())).as("what happened over the weekend").containsExactly("a2");
        });
    }

    @Test
    void aDeferredNotificationWhoseAlertsAllResolvedIsStillSentAsResolved() {
        GroupingDriver driver = new GroupingDriver(ROUTING);
        long friday = Instants.parse("2026-03-27T19:00:00Z");
        Alert a1 = alert("a1", "SUPPLIER_LATE").firingAt(friday);
        driver.alert(a1, friday);
        driver.alert(resolved(a1, friday + TestAlerts.HOUR), friday + TestAlerts.HOUR);
        driver.advanceTo(Instants.parse("2026-03-31T00:00:00Z"));

        assertThat(driver.sent).singleElement().satisfies(s -> {
            assertThat(s.at()).isEqualTo(Instants.parse("2026-03-30T06:00:00Z"));
            assertThat(s.notification().firing()).isEmpty();
            assertThat(ids(s.notification().resolved())).containsExactly("a1");
        });
        assertThat(driver.groups).isEmpty();
    }

    @Test
    void withoutSendResolvedAnAlertThatResolvedBeforeTheReceiverWasBackIsNotSent() {
        GroupingDriver driver = new GroupingDriver(ROUTING);
        long friday = Instants.parse("2026-03-27T19:00:00Z");
        Alert s1 = alert("s1", "STOCK_OUT").stage("warehouse").firingAt(friday);
        driver.alert(s1, friday);
        driver.alert(resolved(s1, friday + TestAlerts.HOUR), friday + TestAlerts.HOUR);
        driver.advanceTo(Instants.parse("2026-03-31T00:00:00Z"));

        assertThat(driver.sent).isEmpty();
        assertThat(driver.groups).isEmpty();
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }
}
