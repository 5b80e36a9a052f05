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
import io.scem.core.notify.GroupingDriver.Sent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Grouping}: group_wait, group_interval, repeat_interval, resolved alerts and muting. */
class GroupingTest {
    private static final String ROUTING = """
            receivers:
              - name: ops
                email: [ops@example.com]
              - name: quiet
                email: [quiet@example.com]
                send_resolved: false
            route:
              receiver: ops
              group_by: [rule]
              group_wait: 30s
              group_interval: 5m
              repeat_interval: 4h
              routes:
                - match: { stage: warehouse }
                  receiver: quiet
            """;
    private static final long FIRST = T0 + 30 * SECOND;
    private static final long TICK = 5 * MINUTE;

    private final GroupingDriver driver = new GroupingDriver(ROUTING);

    @Test
    void groupWaitBatchesAlertsThatComeTogetherIntoOneNotification() {
        driver.alert(late("a1"), T0);
        driver.alert(late("a2"), T0 + 10 * SECOND);
        driver.advanceTo(FIRST - 1);
        assertThat(driver.sent).isEmpty();

        driver.advanceTo(FIRST);
        assertThat(driver.sent).singleElement().satisfies(s -> {
            assertThat(s.at()).isEqualTo(FIRST);
            assertThat(s.notification().receiver()).isEqualTo("ops");
            assertThat(s.notification().groupKey()).hasToString("root:rule=SUPPLIER_LATE");
            assertThat(s.notification().sequence()).isEqualTo(1);
            assertThat(ids(s.notification().firing())).containsExactly("a1", "a2");
            assertThat(s.notification().resolved()).isEmpty();
            assertThat(s.notification().escalation()).isFalse();
        });
    }

    @Test
    void afterTheFirstNotificationChangesWaitForTheNextGroupInterval() {
        driver.alert(late("a1"), T0);
        driver.alert(late("a2"), T0 + MINUTE);
        driver.advanceTo(FIRST + TICK - 1);
        assertThat(driver.sent).hasSize(1);

        driver.alert(late("a3"), FIRST + TICK + 1);
        driver.advanceTo(FIRST + 3 * TICK);
        assertThat(driver.sent).extracting(Sent::at).containsExactly(FIRST, FIRST + TICK, FIRST + 2 * TICK);
        assertThat(ids(driver.sent.get(1).notification().firing())).containsExactly("a1", "a2");
        assertThat(ids(driver.sent.get(2).notification().firing())).containsExactly("a1", "a2", "a3");
        assertThat(driver.sent).extracting(s -> s.notification().sequence()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void anUnchangedFiringGroupIsRepeatedEveryRepeatInterval() {
        driver.alert(late("a1"), T0);
        driver.advanceTo(FIRST + 4 * HOUR - 1);
        assertThat(driver.sent).hasSize(1);

        driver.advanceTo(FIRST + 8 * HOUR);
        assertThat(driver.sent).extracting(Sent::at).containsExactly(FIRST, FIRST + 4 * HOUR, FIRST + 8 * HOUR);
        assertThat(ids(driver.sent.get(2).notification().firing())).containsExactly("a1");
    }

    @Test
    void resolvedAlertsAreSentOnceThenLeaveTheGroupWhichEndsWhenAllHaveResolved() {
        Alert a1 = late("a1");
        Alert a2 = late("a2");
        driver.alert(a1, T0);
        driver.alert(a2, T0);
        driver.alert(resolved(a1, T0 + 2 * MINUTE), T0 + 2 * MINUTE);
        driver.advanceTo(FIRST + TICK);
        Notification second = driver.sent.get(1).notification();
        assertThat(ids(second.firing())).containsExactly("a2");
        assertThat(ids(second.resolved())).containsExactly("a1");
        assertThat(second.resolved().get(0).status).isEqualTo(Alert.RESOLVED);

        driver.alert(resolved(a2, FIRST + TICK + MINUTE), FIRST + TICK + MINUTE);
        driver.advanceTo(FIRST + 10 * TICK);
        assertThat(driver.sent).hasSize(3);
        Notification last = driver.sent.get(2).notification();
        assertThat(driver.sent.get(2).at()).isEqualTo(FIRST + 2 * TICK);
        assertThat(last.firing()).isEmpty();
        assertThat(ids(last.resolved())).as("a1 was reported already").containsExactly("a2");
        assertThat(driver.groups).as("the group is done and its state gone").isEmpty();
    }

    @Test
    void aGroupThatEndsAndComesBackStartsAfreshUnderNewDedupKeys() {
        Alert a1 = late("a1");
        driver.alert(a1, T0);
        driver.alert(resolved(a1, T0 + MINUTE), T0 + MINUTE);
        driver.advanceTo(FIRST + TICK);
        assertThat(driver.groups).isEmpty();

        driver.alert(late("a2"), T0 + HOUR);
        driver.advanceTo(T0 + HOUR + 30 * SECOND);
        assertThat(driver.sent).extracting(s -> s.notification().sequence()).containsExactly(1L, 2L, 1L);
        assertThat(driver.sent).extracting(s -> s.notification().dedupKey()).containsExactly(
                "ops|root:rule=SUPPLIER_LATE|" + T0 + "#1", "ops|root:rule=SUPPLIER_LATE|" + T0 + "#2",
                "ops|root:rule=SUPPLIER_LATE|" + (T0 + HOUR) + "#1");
    }

    @Test
    void aReceiverWithoutSendResolvedHearsNothingWhenAlertsResolve() {
        Alert s1 = stockOut("s1");
        Alert s2 = stockOut("s2");
        driver.alert(s1, T0);
        driver.alert(s2, T0);
        driver.advanceTo(FIRST);
        driver.alert(resolved(s1, FIRST + MINUTE), FIRST + MINUTE);
        driver.advanceTo(FIRST + TICK);
        driver.alert(resolved(s2, FIRST + TICK + MINUTE), FIRST + TICK + MINUTE);
        driver.advanceTo(FIRST + 3 * TICK);

        assertThat(driver.sentTo("quiet")).singleElement().satisfies(s -> assertThat(ids(s.notification().firing()))
                .containsExactly("s1", "s2"));
        assertThat(driver.groups).isEmpty();
    }

    @Test
    void anAlertThatFiresAndResolvesWithinGroupWaitIsNeverSent() {
        Alert a1 = late("a1");
        driver.alert(a1, T0);
        driver.alert(resolved(a1, T0 + 10 * SECOND), T0 + 10 * SECOND);
        driver.advanceTo(T0 + HOUR);

        assertThat(driver.sent).isEmpty();
        assertThat(driver.groups).isEmpty();
    }

    @Test
    void aDuplicateFiringChangesNothingAndAResolvedTheGroupNeverSawIsIgnored() {
        Grouping grouping = driver.grouping;
        NotificationGroup group = new NotificationGroup("root:rule=SUPPLIER_LATE");
        Alert a1 = late("a1");
        assertThat(grouping.onAlert(group, a1, T0)).isEqualTo(FIRST);

        assertThat(grouping.onAlert(group, late("a1"), T0 + 5 * SECOND)).isEqualTo(FIRST);
        assertThat(group.members).hasSize(1);
        assertThat(group.members[0].alert).isSameAs(a1);
        assertThat(group.firstSeenAt).isEqualTo(T0);

        NotificationGroup other = new NotificationGroup("root:rule=SUPPLIER_LATE");
        assertThat(grouping.onAlert(other, resolved(a1, T0 + MINUTE), T0 + MINUTE)).isEqualTo(NotificationGroup.NONE);
        assertThat(other.isEmpty()).isTrue();
    }

    @Test
    void aWakeBeforeItIsDueDoesNothing() {
        NotificationGroup group = new NotificationGroup("root:rule=SUPPLIER_LATE");
        driver.grouping.onAlert(group, late("a1"), T0);

        WakeResult early = driver.grouping.onWake(group, FIRST - 1, Muting.NONE);
        assertThat(early.notifications()).isEmpty();
        assertThat(early.nextWakeAt()).isEqualTo(FIRST);
        assertThat(driver.grouping.onWake(group, FIRST, Muting.NONE).nextWakeAt()).isEqualTo(FIRST + TICK);
        assertThat(group.lastNotifiedAt).isEqualTo(FIRST);
        assertThat(group.notifiedFiring).containsExactly("a1");
    }

    @Test
    void aSilencedAlertIsLeftOutButTrackedAndSentWhenTheSilenceEnds() throws Exception {
        Silences silences = Silences.inMemory();
        long silenceEnds = FIRST + 4 * TICK;
        silences.add(new Silence("s-1", List.of(Matcher.equal(AlertField.SUPPLIER_ID, "SUP-2")), T0, silenceEnds, "ana",
                "supplier called, delivery tomorrow"));
        driver.muting = (a, now) -> silences.isSilenced(a, now);

        driver.alert(alert("a1", "SUPPLIER_LATE").supplier("SUP-2").firingAt(T0), T0);
        driver.alert(alert("a2", "SUPPLIER_LATE").supplier("SUP-3").firingAt(T0), T0);
        driver.advanceTo(silenceEnds - 1);
        assertThat(driver.sent).singleElement().satisfies(s -> assertThat(ids(s.notification().firing())).containsExactly("a2"));
        assertThat(driver.groups.get("root:rule=SUPPLIER_LATE").members).hasSize(2);

        driver.advanceTo(silenceEnds);
        assertThat(driver.sent).hasSize(2);
        assertThat(driver.sent.get(1).at()).as("the silence ends at endsAt, exclusive").isEqualTo(silenceEnds);
        assertThat(ids(driver.sent.get(1).notification().firing())).containsExactly("a1", "a2");
    }

    @Test
    void aGroupWhoseAlertsAreAllMutedSendsNothingUntilOneIsNot() {
        driver.muting = (a, now) -> now < FIRST + TICK;
        driver.alert(late("a1"), T0);
        driver.advanceTo(FIRST);
        assertThat(driver.sent).isEmpty();

        driver.advanceTo(FIRST + TICK);
        assertThat(driver.sent).singleElement().satisfies(s -> assertThat(s.notification().sequence()).isEqualTo(1));
    }

    private static Alert late(String id) {
        return alert(id, "SUPPLIER_LATE").supplier("SUP-2").firingAt(T0);
    }

    private static Alert stockOut(String id) {
        return alert(id, "STOCK_OUT").stage("warehouse").severity("CRITICAL").firingAt(T0);
    }
}
