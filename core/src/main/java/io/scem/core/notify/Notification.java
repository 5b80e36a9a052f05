package io.scem.core.notify;

import io.scem.core.alert.Alert;
import java.util.List;
import java.util.Objects;

/**
 * One notification to one receiver about one group: the alerts firing and those resolved since it
 * last heard. {@link MessageTemplates} turns it into emails and SMS.
 *
 * @param groupSince when the group began (its first alert): a group that ends and comes back under
 *     the same key counts its notifications from 1 again, so this tells its lives apart
 * @param sequence the group's notification number, from 1
 * @param escalation true when it goes to an escalation receiver because CRITICAL alerts kept firing
 */
public record Notification(String receiver, GroupKey groupKey, long groupSince, long sequence, List<Alert> firing,
        List<Alert> resolved, boolean escalation) {

    public Notification {
        Objects.requireNonNull(receiver);
        Objects.requireNonNull(groupKey);
        firing = List.copyOf(firing);
        resolved = List.copyOf(resolved);
    }

    /**
     * The same for a retry or a replay (from restored state), different for every other
     * notification: {@code receiver|groupKey|groupSince#sequence}.
     */
    public String dedupKey() {
        return receiver + '|' + groupKey + '|' + groupSince + '#' + sequence;
    }
}
