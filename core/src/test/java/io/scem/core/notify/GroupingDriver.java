package io.scem.core.notify;

import io.scem.core.alert.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drives {@link Grouping} the way the Flink function will: one {@link NotificationGroup} per group
 * key, alerts routed by {@link RoutingConfig#routesFor}, wake-ups in time order (a timer service
 * in miniature), and a group's state dropped once it is done.
 */
final class GroupingDriver {
    record Sent(long at, Notification notification) {}

    final RoutingConfig config;
    final Grouping grouping;
    final Map<String, NotificationGroup> groups = new TreeMap<>();
    final List<Sent> sent = new ArrayList<>();
    Muting muting = Muting.NONE;

    GroupingDriver(String routingYaml) {
        try {
            config = RoutingConfig.parse(routingYaml, "routing.yaml");
        } catch (RoutingException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        grouping = new Grouping(config);
    }

    /** Wakes what is due up to {@code at}, then takes the alert into each of its groups. */
    void alert(Alert alert, long at) {
        advanceTo(at);
        for (RouteMatch m : config.routesFor(alert)) {
            String key = m.groupKey().toString();
            NotificationGroup group = groups.computeIfAbsent(key, NotificationGroup::new);
            grouping.onAlert(group, alert, at);
            if (group.isEmpty()) groups.remove(key);
        }
    }

    /** Runs every wake-up due at or before {@code until}, earliest first. */
    void advanceTo(long until) {
        while (true) {
            NotificationGroup next = null;
            for (NotificationGroup g : groups.values()) {
                if (g.nextWakeAt != NotificationGroup.NONE && g.nextWakeAt <= until
                        && (next == null || g.nextWakeAt < next.nextWakeAt)) {
                    next = g;
                }
            }
            if (next == null) return;
            long at = next.nextWakeAt;
            WakeResult r = grouping.onWake(next, at, muting);
            r.notifications().forEach(n -> sent.add(new Sent(at, n)));
            if (r.isDone()) groups.remove(next.groupKey);
        }
    }

    List<Sent> sentTo(String receiver) {
        return sent.stream().filter(s -> s.notification().receiver().equals(receiver)).toList();
    }

    static List<String> ids(List<Alert> alerts) {
        return alerts.stream().map(a -> a.alertId).toList();
    }
}
