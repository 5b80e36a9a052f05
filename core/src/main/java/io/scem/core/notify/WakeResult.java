package io.scem.core.notify;

import java.util.List;

/**
 * What a wake-up of a group decided: the notifications to send now (often none) and when to wake
 * the group next, or {@link NotificationGroup#NONE} when the group is done and its state can go.
 */
public record WakeResult(List<Notification> notifications, long nextWakeAt) {
    public WakeResult {
        notifications = List.copyOf(notifications);
    }

    public boolean isDone() {
        return nextWakeAt == NotificationGroup.NONE;
    }
}
