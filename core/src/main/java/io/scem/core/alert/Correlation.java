package io.scem.core.alert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Root causes of alert floods. Alerts are grouped by what may explain them together: a supplier
 * (supplier-stage alerts with a supplierId), a carrier (distribution alerts with a carrierId), a
 * production site (production alerts). Within a group:
 *
 * <ul>
 *   <li>a supplier or carrier with {@code threshold} or more alerts raised within {@link #WINDOW}
 *       (event time) raises a root-cause alert ({@link #SUPPLIER_ISSUE}, {@link #CARRIER_ISSUE})
 *       that lists the keys it explains: a flood, not the steady trickle of a big carrier. It
 *       resolves once fewer than {@code threshold} were raised within the window ({@link #expire},
 *       which callers run at each raise time plus the window);
 *   <li>at a production site, an open LINE_DOWN is the root cause of the other production alerts
 *       of the site.
 * </ul>
 *
 * Every alert raised while its group has a root cause carries it ({@link Alert#rootCause}: the
 * root alert's alertId), so that notification routing can group or inhibit the dependent alerts.
 *
 * <p>The outcome must not depend on the order in which alerts of different conditions arrive, so
 * callers apply a group's alerts in {@link #ORDER} of the event time at which they were decided:
 * the time of the fact or the deadline that made the rule fire ({@code RuleEngine.Signals}), which
 * is later than the alert's {@code at} for a deadline already past when its entity appeared; or the
 * end of a flapping hold. The job sorts them when the watermark passes that time.
 */
public final class Correlation {
    public static final String SUPPLIER_ISSUE = "SUPPLIER_ISSUE";
    public static final String CARRIER_ISSUE = "CARRIER_ISSUE";
    public static final String LINE_DOWN = "LINE_DOWN";
    /** How far back (event time) raised alerts count towards a flood. */
    public static final long WINDOW = 6 * 3_600_000L;

    /**
     * An alert and the event time at which it was decided; an alert of null stands for the end of
     * a window ({@link #expire}) of the group {@code group}.
     */
    public record Decided(long time, Alert alert, String group) {
        public Decided(long time, Alert alert) {
            this(time, alert, groupOf(alert));
        }

        public boolean isExpiry() {
            return alert == null;
        }
    }

    /**
     * The order a group's alerts are applied in: by decision time; at one time the alerts (FIRING
     * first, then by rule and key) before the end of a window.
     */
    public static final Comparator<Decided> ORDER = Comparator.comparingLong(Decided::time)
            .thenComparing(Decided::isExpiry)
            .thenComparing(d -> d.isExpiry() || !d.alert().isFiring())
            .thenComparing(d -> d.isExpiry() ? d.group() : d.alert().rule)
            .thenComparing(d -> d.isExpiry() ? "" : d.alert().key);

    private Correlation() {}

    /**
     * What one group remembers: its open alerts (alertId and key, in the order they fired) and
     * its open root cause. Arrays and public fields keep it a Flink POJO.
     */
    public static final class Group {
        public String[] openIds = new String[0];
        public String[] openKeys = new String[0];
        /** The alerts raised within the window: when, and their keys. */
        public long[] raisedAt = new long[0];
        public String[] raisedKeys = new String[0];
        public Alert root;

        public Group() {}

        public boolean isEmpty() {
            return openIds.length == 0 && raisedAt.length == 0 && root == null;
        }

        void raised(Alert alert) {
            raisedAt = Arrays.copyOf(raisedAt, raisedAt.length + 1);
            raisedKeys = Arrays.copyOf(raisedKeys, raisedKeys.length + 1);
            raisedAt[raisedAt.length - 1] = alert.at;
            raisedKeys[raisedKeys.length - 1] = alert.key;
        }

        /** Forgets the raises at or before {@code until}. */
        void forgetRaisedUpTo(long until) {
            int keep = 0;
            for (long t : raisedAt) if (t > until) keep++;
            long[] at = new long[keep];
            String[] keys = new String[keep];
            for (int i = 0, k = 0; i < raisedAt.length; i++) {
                if (raisedAt[i] > until) {
                    at[k] = raisedAt[i];
                    keys[k++] = raisedKeys[i];
                }
            }
            raisedAt = at;
            raisedKeys = keys;
        }

        void open(Alert alert) {
            if (Arrays.asList(openIds).contains(alert.alertId)) return;
            openIds = Arrays.copyOf(openIds, openIds.length + 1);
            openKeys = Arrays.copyOf(openKeys, openKeys.length + 1);
            openIds[openIds.length - 1] = alert.alertId;
            openKeys[openKeys.length - 1] = alert.key;
        }

        void close(Alert alert) {
            int i = Arrays.asList(openIds).indexOf(alert.alertId);
            if (i < 0) return;
            String[] ids = new String[openIds.length - 1];
            String[] keys = new String[openKeys.length - 1];
            for (int j = 0, k = 0; j < openIds.length; j++) {
                if (j == i) continue;
                ids[k] = openIds[j];
                keys[k++] = openKeys[j];
            }
            openIds = ids;
            openKeys = keys;
        }
    }

    /** The group an alert belongs to, or null for alerts no root cause here explains. */
    public static String groupOf(Alert a) {
        if (a.rule.equals(SUPPLIER_ISSUE) || a.rule.equals(CARRIER_ISSUE) || a.stage == null) return null;
        return switch (a.stage) {
            case "supplier" -> a.supplierId == null ? null : "supplier|" + a.supplierId;
            case "distribution" -> a.carrierId == null ? null : "carrier|" + a.carrierId;
            case "production" -> a.site == null ? null : "production|" + a.site;
            default -> null;
        };
    }

    /**
     * Applies one alert of the group {@code groupKey} to {@code group} and returns what to send,
     * in order: the alert itself (with its root cause, if any) and any root-cause FIRING or
     * RESOLVED it causes.
     */
    public static List<Alert> apply(String groupKey, Group group, Alert alert, int threshold, long wallClock) {
        List<Alert> out = new ArrayList<>(2);
        if (!isFloodGroup(groupKey) && alert.rule.equals(LINE_DOWN)) {
            if (alert.isFiring()) {
                if (group.root == null) group.root = alert;
                alert.related = group.openKeys.clone();
            } else if (group.root != null && group.root.alertId.equals(alert.alertId)) {
                group.root = null;
            }
            out.add(alert);
            return out;
        }
        if (alert.isFiring()) {
            group.open(alert);
            if (isFloodGroup(groupKey)) group.raised(alert);
        } else {
            group.close(alert);
        }
        if (group.root != null) alert.rootCause = group.root.alertId;
        out.add(alert);
        if (!isFloodGroup(groupKey)) {
            return out;
        }
        String rule = groupKey.startsWith("supplier|") ? SUPPLIER_ISSUE : CARRIER_ISSUE;
        if (group.root == null && group.raisedAt.length >= threshold) {
            group.root = rootFiring(rule, groupKey, group, alert, wallClock);
            out.add(group.root);
        }
        return out;
    }

    /** Suppliers and carriers have floods; a production site has its lines (LINE_DOWN) as root cause. */
    private static boolean isFloodGroup(String groupKey) {
        return !groupKey.startsWith("production|");
    }

    /** When the raise of {@code alert} in group {@code groupKey} leaves the window, or null if it never counts. */
    public static Long windowEndOf(String groupKey, Alert alert) {
        return alert.isFiring() && isFloodGroup(groupKey) ? alert.at + WINDOW : null;
    }

    /**
     * The end of a window at {@code time}: raises older than the window no longer count, and a
     * root cause with fewer than {@code threshold} raises left resolves. Returns what to send.
     */
    public static List<Alert> expire(String groupKey, Group group, long time, int threshold, long wallClock) {
        if (!isFloodGroup(groupKey)) {
            return List.of(); // a line's root cause lasts as long as the line is down
        }
        group.forgetRaisedUpTo(time - WINDOW);
        if (group.root == null || group.raisedAt.length >= threshold) {
            return List.of();
        }
        Alert resolved = rootResolved(group.root, time, group, wallClock);
        group.root = null;
        return List.of(resolved);
    }

    private static Alert rootFiring(String rule, String groupKey, Group group, Alert cause, long wallClock) {
        Alert root = new Alert();
        root.rule = rule;
        root.status = Alert.FIRING;
        root.severity = "MAJOR";
        root.stage = cause.stage;
        root.key = groupKey.substring(groupKey.indexOf('|') + 1);
        root.supplierId = cause.supplierId;
        root.carrierId = cause.carrierId;
        root.at = cause.at;
        root.related = group.raisedKeys.clone();
        root.evidence = new String[0];
        String who = rule.equals(SUPPLIER_ISSUE) ? "Supplier " : "Carrier ";
        root.message = who + root.key + " raised " + group.raisedKeys.length + " " + cause.stage + " alerts within "
                + WINDOW / 3_600_000L + " h up to " + io.scem.core.event.Instants.format(cause.at)
                + ", a common cause is likely: " + String.join(", ", group.raisedKeys);
        return AlertEpisodes.apply(AlertEpisodes.Episode.NONE, root, wallClock).emit().get(0);
    }

    private static Alert rootResolved(Alert root, long at, Group group, long wallClock) {
        Alert resolved = new Alert();
        resolved.rule = root.rule;
        resolved.status = Alert.RESOLVED;
        resolved.key = root.key;
        resolved.supplierId = root.supplierId;
        resolved.carrierId = root.carrierId;
        resolved.at = at;
        resolved.related = group.openKeys.clone();
        resolved.evidence = new String[0];
        resolved.message = (root.rule.equals(SUPPLIER_ISSUE) ? "Supplier " : "Carrier ") + root.key + " raised "
                + group.raisedKeys.length + " " + root.stage + " alerts in the last " + WINDOW / 3_600_000L
                + " h; the flood is over (" + group.openKeys.length + " still open)";
        return AlertEpisodes.apply(new AlertEpisodes.Episode(root, null), resolved, wallClock).emit().get(0);
    }
}
