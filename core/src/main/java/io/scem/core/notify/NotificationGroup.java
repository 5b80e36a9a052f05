package io.scem.core.notify;

import io.scem.core.alert.Alert;
import java.util.Arrays;

/**
 * What one notification group (one {@link GroupKey}) remembers between alerts and wake-ups: its
 * alerts, when it last notified its receiver and about which alerts. {@link Grouping} changes it;
 * this class only holds it. A Flink POJO (public fields, arrays, a no-arg constructor) so that it
 * can live in keyed state without Kryo; times are epoch millis, {@link #NONE} when not yet.
 */
public class NotificationGroup {
    public static final long NONE = Long.MIN_VALUE;

    /** The group's {@link GroupKey} in its text form. */
    public String groupKey;
    /** The alerts of the group, one per alertId, in the order they joined. */
    public Member[] members = new Member[0];
    /** When the group's first alert arrived (the group_wait starts then). */
    public long firstSeenAt = NONE;
    /** When the group last decided whether to notify; group_interval counts from here. */
    public long lastFlushAt = NONE;
    /**
     * When the receiver was last brought up to date: a notification sent, or one found unneeded
     * because it would only carry resolved alerts to a receiver without send_resolved.
     */
    public long lastNotifiedAt = NONE;
    /** When {@link Grouping#onWake} has something to do next. */
    public long nextWakeAt = NONE;
    /** The number of the last notification sent for this group (its escalations included). */
    public long sequence;
    /** The alertIds the receiver was last told are firing, sorted. */
    public String[] notifiedFiring = new String[0];
    /** The alertIds the receiver was last told have resolved, sorted. */
    public String[] notifiedResolved = new String[0];
    /** A notification is due but waits for the receiver's active hours. */
    public boolean deferred;

    /** One alert of the group, with what was done about it. */
    public static class Member {
        /** The latest version: the FIRING, replaced by the RESOLVED of the same alertId. */
        public Alert alert;
        /** When a notification first said it fires. */
        public long firstNotifiedAt = NONE;
        /** How many escalation steps it has taken (see {@link Receiver.Escalation}). */
        public int escalations;
        public long lastEscalatedAt = NONE;

        public Member() {}

        public Member(Alert alert) {
            this.alert = alert;
        }
    }

    public NotificationGroup() {}

    public NotificationGroup(String groupKey) {
        this.groupKey = groupKey;
    }

    /** True when the group holds no alert: its state may be cleared. */
    public boolean isEmpty() {
        return members.length == 0;
    }

    /** The member with that alertId, or null. */
    public Member member(String alertId) {
        for (Member m : members) {
            if (m.alert.alertId.equals(alertId)) return m;
        }
        return null;
    }

    void add(Member m) {
        members = Arrays.copyOf(members, members.length + 1);
        members[members.length - 1] = m;
    }

    /** Forgets everything but the key, as a group that has never seen an alert. */
    void reset() {
        NotificationGroup fresh = new NotificationGroup(groupKey);
        members = fresh.members;
        firstSeenAt = fresh.firstSeenAt;
        lastFlushAt = fresh.lastFlushAt;
        lastNotifiedAt = fresh.lastNotifiedAt;
        nextWakeAt = fresh.nextWakeAt;
        sequence = 0;
        notifiedFiring = fresh.notifiedFiring;
        notifiedResolved = fresh.notifiedResolved;
        deferred = false;
    }
}
