package io.scem.core.notify;

import java.time.Duration;

/**
 * When a route notifies about a group of alerts, as in Alertmanager: wait {@code groupWait} after
 * the group's first alert (to batch what comes together), then at most every {@code groupInterval}
 * when the group changed, and every {@code repeatInterval} while it is unchanged and still firing.
 */
public record GroupTiming(Duration groupWait, Duration groupInterval, Duration repeatInterval) {
    public static final GroupTiming DEFAULTS =
            new GroupTiming(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4));
}
