package io.scem.core.notify;

import io.scem.core.alert.Alert;
import io.scem.core.notify.NotificationGroup.Member;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * When a notification group notifies, with Alertmanager's semantics; it reads no clock: callers
 * pass the time, and wake the group when {@link #onAlert} or {@link #onWake} says.
 *
 * <ul>
 *   <li>A new group waits {@code group_wait} so that alerts that come together leave together.
 *   <li>From then on the group wakes every {@code group_interval} while it holds alerts. At each
 *       wake it notifies if a firing alert is new to the receiver, if alerts resolved that the
 *       receiver should hear of, or if nothing changed but alerts still fire and the last
 *       notification is {@code repeat_interval} old. Resolved alerts leave the group after the
 *       wake that reported them (or found no need to).
 *   <li>Muted alerts (silenced, inhibited) are left out, as if absent; the group still tracks them.
 *   <li>Outside the receiver's active hours a due notification waits for the next active instant
 *       and is then sent with whatever the group holds by then: even if everything has resolved,
 *       a receiver with send_resolved hears what happened meanwhile.
 *   <li>A CRITICAL alert still firing {@code escalate.after} past the notification that first
 *       reported it goes to the escalation receiver, once; from there on the escalation
 *       receiver's own {@code escalate} applies.
 * </ul>
 *
 * A group whose alerts have all resolved and been dealt with is done: {@link WakeResult#isDone()}.
 */
public final class Grouping {
    private static final String CRITICAL = "CRITICAL";

    private final RoutingConfig config;

    public Grouping(RoutingConfig config) {
        this.config = Objects.requireNonNull(config);
    }

    /**
     * Takes an alert into its group. A duplicate FIRING, and a RESOLVED of an alert the group never
     * saw (or already saw resolve), change nothing.
     *
     * @return when to wake the group next ({@link NotificationGroup#NONE}: no need)
     */
    public long onAlert(NotificationGroup group, Alert alert, long now) {
        Objects.requireNonNull(alert.alertId, "alertId");
        Member known = group.member(alert.alertId);
        if (alert.isFiring()) {
            // A FIRING after its RESOLVED is a replay: an episode fires once.
            if (known != null) return group.nextWakeAt;
            group.add(new Member(alert));
            if (group.nextWakeAt == NotificationGroup.NONE) {
                group.firstSeenAt = now;
                group.nextWakeAt = now + routeOf(group).timing().groupWait().toMillis();
            }
        } else if (known != null && known.alert.isFiring()) {
            known.alert = alert;
        }
        return group.nextWakeAt;
    }

    /**
     * Does what is due at {@code now}: the group's notification if one is needed, and escalations.
     * A wake before the group's {@code nextWakeAt} (a stale timer) does nothing.
     */
    public WakeResult onWake(NotificationGroup group, long now, Muting muting) {
        if (group.nextWakeAt == NotificationGroup.NONE || now < group.nextWakeAt) {
            return new WakeResult(List.of(), group.nextWakeAt);
        }
        Route route = routeOf(group);
        Receiver receiver = receiver(route.receiver());
        GroupKey key = GroupKey.parse(group.groupKey);
        List<Notification> out = new ArrayList<>();

        long next = flush(group, key, receiver, route.timing(), now, muting, out);
        next = Math.min(next, escalate(group, key, receiver, now, muting, out));

        if (group.isEmpty()) {
            group.reset();
            return new WakeResult(out, NotificationGroup.NONE);
        }
        group.nextWakeAt = next;
        return new WakeResult(out, next);
    }

    /** The group's own notification; returns when to wake for it next. */
    private long flush(NotificationGroup group, GroupKey key, Receiver receiver, GroupTiming timing, long now,
            Muting muting, List<Notification> out) {
        List<Alert> firing = new ArrayList<>();
        List<Alert> resolved = new ArrayList<>();
        for (Member m : group.members) {
            if (muting.isMuted(m.alert, now)) continue;
            (m.alert.isFiring() ? firing : resolved).add(m.alert);
        }
        List<Alert> resolvedToSend = receiver.sendResolved() ? resolved : List.of();
        boolean update = needsUpdate(group, firing, resolved, receiver.sendResolved(), timing, now);
        boolean hasNews = !firing.isEmpty() || !resolvedToSend.isEmpty();
        group.lastFlushAt = now;
        if (update && hasNews && !receiver.isActiveAt(now)) {
            // Keep everything, resolved alerts included, for the first instant the receiver is back.
            group.deferred = true;
            return receiver.nextActiveAt(now);
        }
        group.deferred = false;
        if (update) {
            if (hasNews) {
                out.add(new Notification(receiver.name(), key, group.firstSeenAt, ++group.sequence, firing, resolvedToSend, false));
                for (Member m : group.members) {
                    if (firing.contains(m.alert) && m.firstNotifiedAt == NotificationGroup.NONE) m.firstNotifiedAt = now;
                }
            }
            group.notifiedFiring = sortedIds(firing);
            group.notifiedResolved = sortedIds(resolved);
            group.lastNotifiedAt = now;
        }
        group.members = Arrays.stream(group.members).filter(m -> m.alert.isFiring()).toArray(Member[]::new);
        return now + timing.groupInterval().toMillis();
    }

    /** Alertmanager's test (its DedupStage), plus: a notification deferred by active hours is owed. */
    private static boolean needsUpdate(NotificationGroup group, List<Alert> firing, List<Alert> resolved,
            boolean sendResolved, GroupTiming timing, long now) {
        boolean owedResolved = group.deferred && sendResolved && !resolved.isEmpty();
        if (group.lastNotifiedAt == NotificationGroup.NONE) return !firing.isEmpty() || owedResolved;
        if (!isSubset(firing, group.notifiedFiring)) return true;
        // All clear: the receiver must hear it if it was told something fires.
        if (firing.isEmpty()) return group.notifiedFiring.length > 0 || owedResolved;
        if (sendResolved && !isSubset(resolved, group.notifiedResolved)) return true;
        return now >= group.lastNotifiedAt + timing.repeatInterval().toMillis();
    }

    /** Escalates the CRITICAL alerts due; returns when the next escalation falls due. */
    private long escalate(NotificationGroup group, GroupKey key, Receiver receiver, long now, Muting muting,
            List<Notification> out) {
        long next = Long.MAX_VALUE;
        Map<String, List<Alert>> toSend = new LinkedHashMap<>();
        for (Member m : group.members) {
            if (!m.alert.isFiring() || !CRITICAL.equals(m.alert.severity) || m.firstNotifiedAt == NotificationGroup.NONE
                    || muting.isMuted(m.alert, now)) {
                continue; // a muted alert waits: the next group_interval wake looks again
            }
            Receiver current = escalationLevel(receiver, m.escalations);
            if (current == null || current.escalation() == null) continue;
            long since = m.escalations == 0 ? m.firstNotifiedAt : m.lastEscalatedAt;
            long due = since + current.escalation().after().toMillis();
            Receiver target = receiver(current.escalation().receiver());
            if (now < due) {
                next = Math.min(next, due);
            } else if (!target.isActiveAt(now)) {
                next = Math.min(next, target.nextActiveAt(now));
            } else {
                toSend.computeIfAbsent(target.name(), n -> new ArrayList<>()).add(m.alert);
                m.escalations++;
                m.lastEscalatedAt = now;
                if (target.escalation() != null) next = Math.min(next, now + target.escalation().after().toMillis());
            }
        }
        for (Map.Entry<String, List<Alert>> e : toSend.entrySet()) {
            out.add(new Notification(e.getKey(), key, group.firstSeenAt, ++group.sequence, e.getValue(), List.of(), true));
        }
        return next;
    }

    /** The receiver {@code steps} escalations down the chain from {@code first}, or null past its end. */
    private Receiver escalationLevel(Receiver first, int steps) {
        Receiver r = first;
        for (int i = 0; i < steps && r != null; i++) {
            r = r.escalation() == null ? null : config.receiver(r.escalation().receiver());
        }
        return r;
    }

    /**
     * The group's route. A group whose route is gone (the routing file changed under running
     * groups) is finished by the root route, so that its alerts are not lost.
     */
    private Route routeOf(NotificationGroup group) {
        Route r = config.route(GroupKey.parse(group.groupKey).routePath());
        return r == null ? config.root() : r;
    }

    private Receiver receiver(String name) {
        Receiver r = config.receiver(name);
        if (r == null) throw new IllegalStateException("no receiver named " + name);
        return r;
    }

    private static boolean isSubset(List<Alert> alerts, String[] sortedIds) {
        for (Alert a : alerts) {
            if (Arrays.binarySearch(sortedIds, a.alertId) < 0) return false;
        }
        return true;
    }

    private static String[] sortedIds(List<Alert> alerts) {
        return alerts.stream().map(a -> a.alertId).sorted().toArray(String[]::new);
    }
}
