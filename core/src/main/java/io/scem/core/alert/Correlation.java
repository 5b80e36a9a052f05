package io.scem.core.alert;

import io.scem.core.event.Instants;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Root causes of alert floods. Alerts are grouped by what may explain them together: a supplier
 * (supplier-stage alerts with a supplierId), a carrier (distribution alerts with a carrierId), a
 * production site (production alerts). Within a group:
 *
 * <ul>
 *   <li>a supplier or carrier with alerts on {@code threshold} or more keys (POs, shipments) raised
 *       within {@link #WINDOW} (event time) raises a root-cause alert ({@link #SUPPLIER_ISSUE},
 *       {@link #CARRIER_ISSUE}) that lists those keys, provided that is also at least
 *       {@link #FLOOD_FACTOR} times its usual number in a window (a flood, not the steady trickle
 *       of a big carrier) and more than chance alone reaches at the usual rate in all but
 *       {@link #CHANCE} of the windows (not a small carrier's unlucky day). The usual number is
 *       measured over the group's {@link #HISTORY} before the window, and no flood is judged
 *       until the group has been watched for {@link #WATCHED_BEFORE_JUDGING} before it. The root
 *       cause resolves once the keys raised within the window fall below {@code
 *       (FLOOD_FACTOR - 1) / FLOOD_FACTOR} of the number that starts one ({@link #expire}, which
 *       callers run at the times {@link #expiryTimes} gives);
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
    private static final long HOUR = 3_600_000L;
    /** How far back (event time) raised alerts count towards a flood. */
    public static final long WINDOW = 6 * HOUR;
    /** How far back (event time) a group's usual number of raises in a window is measured. */
    public static final long HISTORY = 7 * 24 * HOUR;
    /**
     * How long before the window a group must have been watched (from its first raise) for its
     * usual number to be known; until then no flood is judged. Without it, a job started on a
     * live stream judged each carrier's first hours by the threshold alone, and every carrier with
     * a few late shipments a day had a CARRIER_ISSUE on the first day.
     */
    public static final long WATCHED_BEFORE_JUDGING = 24 * HOUR;
    /**
     * A supplier or carrier with no alert raised for this long is forgotten, its watch with it:
     * a few values each, but a producer that puts a shipment's number in {@code carrierId} would
     * otherwise leave a group per shipment for good.
     */
    public static final long QUIET_FORGOTTEN_AFTER = 4 * 7 * 24 * HOUR;
    /** A flood is at least this many times the group's usual number of keys raised in a window. */
    public static final int FLOOD_FACTOR = 3;
    /**
     * A flood is also a number of keys that chance alone, raising at the usual rate, reaches in fewer
     * than one window in a thousand ({@link #floodLevel}). Against a usual of 1.5 in a window,
     * three times is 5, which chance reaches once in 54: a small carrier, with its window sliding
     * at each raise, had "floods" every few days. At 1.5 a flood is 7, at 3 it is 11; from about 4
     * on, three times the usual is rarer than this already.
     */
    static final double CHANCE = 0.001;
    /**
     * From this usual number on, {@link #FLOOD_FACTOR} times it is far beyond what chance reaches
     * (already at 5, chance reaches 15 once in 4,400 windows; at 20, 60 once in 2 × 10^12), so the
     * tail is not computed, nor does its sum lose precision.
     */
    private static final double TAIL_NEGLIGIBLE_FROM = 20;
    /** How many keys a root cause's message names; its {@code related} lists them all. */
    static final int KEYS_NAMED = 10;

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
     * What one group remembers: a production site's open alerts (alertId and key, in the order
     * they fired), a supplier's or carrier's keys raised within the window, its history of
     * raises and when it was first seen, and the open root cause. Arrays and public fields keep
     * it a Flink POJO; a field added later must be restorable from state written before it (the
     * initializer is its value then).
     */
    public static final class Group {
        static final long UNKNOWN = Long.MIN_VALUE;

        /**
         * A production site's open alerts, which a LINE_DOWN lists. Not kept for suppliers and
         * carriers: the alerts of lost shipments never resolve, and the list would only grow.
         */
        public String[] openIds = new String[0];
        public String[] openKeys = new String[0];
        /** The keys raised within the window, each once, and when each was last raised. */
        public long[] raisedAt = new long[0];
        public String[] raisedKeys = new String[0];
        /**
         * The history: each hour (its start, event time, oldest first) in which keys new to the
         * window were raised, and how many.
         */
        public long[] historyHours = new long[0];
        public int[] historyCounts = new int[0];
        /**
         * When a supplier's or carrier's first alert was raised (event time): the watch its usual
         * number is measured over. Kept until {@link #QUIET_FORGOTTEN_AFTER} without a raise, so
         * that a supplier back after a quiet week is judged at once. {@link #UNKNOWN} in state
         * written before this field: the group counts as watched since its oldest hour of history.
         */
        public long watchedSince = UNKNOWN;
        /** The latest {@code at} of the group's raises, while it is watched. */
        public long lastRaisedAt = UNKNOWN;
        public Alert root;

        public Group() {}

        public boolean isEmpty() {
            return openIds.length == 0 && raisedAt.length == 0 && historyHours.length == 0 && root == null
                    && watchedSince == UNKNOWN;
        }

        void raised(Alert alert) {
            int i = Arrays.asList(raisedKeys).indexOf(alert.key);
            if (i >= 0) {
                // One shipment's second alert is not a second shipment in trouble.
                raisedAt[i] = Math.max(raisedAt[i], alert.at);
                return;
            }
            raisedAt = Arrays.copyOf(raisedAt, raisedAt.length + 1);
            raisedKeys = Arrays.copyOf(raisedKeys, raisedKeys.length + 1);
            raisedAt[raisedAt.length - 1] = alert.at;
            raisedKeys[raisedKeys.length - 1] = alert.key;
            countInHistory(hourOf(alert.at));
        }

        private void countInHistory(long hour) {
            int i = Arrays.binarySearch(historyHours, hour);
            if (i >= 0) {
                historyCounts[i]++;
                return;
            }
            int at = -i - 1;
            long[] hours = new long[historyHours.length + 1];
            int[] counts = new int[historyCounts.length + 1];
            System.arraycopy(historyHours, 0, hours, 0, at);
            System.arraycopy(historyCounts, 0, counts, 0, at);
            hours[at] = hour;
            counts[at] = 1;
            System.arraycopy(historyHours, at, hours, at + 1, historyHours.length - at);
            System.arraycopy(historyCounts, at, counts, at + 1, historyCounts.length - at);
            historyHours = hours;
            historyCounts = counts;
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

        /** Forgets the hours of history that begin at or before {@code until}. */
        void forgetHistoryUpTo(long until) {
            int drop = 0;
            while (drop < historyHours.length && historyHours[drop] <= until) drop++;
            if (drop == 0) return;
            historyHours = Arrays.copyOfRange(historyHours, drop, historyHours.length);
            historyCounts = Arrays.copyOfRange(historyCounts, drop, historyCounts.length);
        }

        /**
         * The usual number of keys raised in a window, from the watch before the window that ends
         * at {@code now} (at most {@link #HISTORY}), or -1 while that is shorter than {@link
         * #WATCHED_BEFORE_JUDGING}.
         */
        double usualPerWindow(long now) {
            long windowStart = now - WINDOW;
            long since = watchedSince != UNKNOWN ? watchedSince : historyHours.length > 0 ? historyHours[0] : now - HISTORY;
            long from = Math.max(since, now - HISTORY);
            long span = windowStart - from;
            if (span < WATCHED_BEFORE_JUDGING) return -1;
            long raised = 0;
            for (int i = 0; i < historyHours.length && historyHours[i] < windowStart; i++) {
                if (historyHours[i] >= from) raised += historyCounts[i];
            }
            return raised * (double) WINDOW / span;
        }

        /**
         * How many keys raised within the window make a flood at {@code now}: the threshold,
         * {@link #FLOOD_FACTOR} times the usual number, and a number that chance alone reaches in
         * fewer than {@link #CHANCE} of the windows, the raises counted as a Poisson process at the
         * usual rate. None while the usual number is not known yet.
         */
        int floodLevel(long now, int threshold) {
            double usual = usualPerWindow(now);
            if (usual < 0) return Integer.MAX_VALUE;
            int level = Math.max(threshold, (int) Math.ceil(FLOOD_FACTOR * usual));
            if (usual >= TAIL_NEGLIGIBLE_FROM) return level;
            while (chanceOfAtLeast(level, usual) >= CHANCE) level++;
            return level;
        }

        /**
         * Below how many keys raised within the window a flood is over at {@code now}: two thirds
         * of what starts one, so that a window which slides along a flood's edge does not end it
         * when its oldest raise leaves and begin it again at the next raise (a small carrier's
         * outage, at the threshold, did that every hour or two).
         */
        int floodEndLevel(long now, int threshold) {
            return (int) Math.ceil(floodLevel(now, threshold) * (FLOOD_FACTOR - 1) / (double) FLOOD_FACTOR);
        }

        /** Versions before the flood history kept suppliers' and carriers' open alerts: dropped. */
        void forgetOpenAlerts() {
            if (openIds.length > 0) {
                openIds = new String[0];
                openKeys = new String[0];
            }
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
     * Applies one alert of the group {@code groupKey}, decided at event time {@code time}, to
     * {@code group} and returns what to send, in order: the alert itself (with its root cause, if
     * any) and any root-cause FIRING it causes.
     */
    public static List<Alert> apply(String groupKey, Group group, long time, Alert alert, int threshold, long wallClock) {
        List<Alert> out = new ArrayList<>(2);
        if (!isFloodGroup(groupKey)) {
            applyToSite(group, alert);
            out.add(alert);
            return out;
        }
        boolean unseen = group.isEmpty(); // new, or forgotten; not restored from state before the watch
        if (group.root != null) alert.rootCause = group.root.alertId;
        out.add(alert);
        group.forgetOpenAlerts();
        group.forgetHistoryUpTo(time - HISTORY);
        if (alert.isFiring()) {
            if (unseen) group.watchedSince = time;
            if (group.watchedSince != Group.UNKNOWN) group.lastRaisedAt = Math.max(group.lastRaisedAt, alert.at);
            group.forgetRaisedUpTo(time - WINDOW);
            // An alert decided a window or more after it became true (a shipment handed to its
            // carrier long after its promise) was not raised within the window.
            if (alert.at > time - WINDOW) group.raised(alert);
        }
        // The threshold first: the flood level (the history's sum, the tail) is never below it.
        if (group.root == null && group.raisedAt.length >= threshold
                && group.raisedAt.length >= group.floodLevel(time, threshold)) {
            group.root = rootFiring(groupKey, group, time, alert, wallClock);
            out.add(group.root);
        }
        return out;
    }

    /** A production site: a LINE_DOWN is the root cause of the others while it lasts. */
    private static void applyToSite(Group group, Alert alert) {
        if (alert.rule.equals(LINE_DOWN)) {
            if (alert.isFiring()) {
                if (group.root == null) group.root = alert;
                alert.related = group.openKeys.clone();
            } else if (group.root != null && group.root.alertId.equals(alert.alertId)) {
                group.root = null;
            }
            return;
        }
        if (alert.isFiring()) group.open(alert);
        else group.close(alert);
        if (group.root != null) alert.rootCause = group.root.alertId;
    }

    /** Suppliers and carriers have floods; a production site has its lines (LINE_DOWN) as root cause. */
    private static boolean isFloodGroup(String groupKey) {
        return !groupKey.startsWith("production|");
    }

    /**
     * When to run {@link #expire} after applying {@code alert} to group {@code groupKey}: when
     * its raise leaves the window, when the hour of history it counts in leaves the history, and
     * when the group is forgotten unless it raises again.
     */
    public static long[] expiryTimes(String groupKey, Alert alert) {
        if (!alert.isFiring() || !isFloodGroup(groupKey)) return new long[0];
        // The last two by the hour, as the history counts: at most one timer an hour of each kind.
        return new long[] {alert.at + WINDOW, hourOf(alert.at) + HISTORY, hourOf(alert.at) + QUIET_FORGOTTEN_AFTER};
    }

    /**
     * The end of a window at {@code time}: raises older than the window no longer count, nor
     * hours older than the history, a root cause whose flood is over resolves, and a group
     * without a raise for {@link #QUIET_FORGOTTEN_AFTER} is forgotten. Returns what to send.
     */
    public static List<Alert> expire(String groupKey, Group group, long time, int threshold, long wallClock) {
        if (!isFloodGroup(groupKey)) {
            return List.of(); // a line's root cause lasts as long as the line is down
        }
        group.forgetOpenAlerts();
        group.forgetRaisedUpTo(time - WINDOW);
        group.forgetHistoryUpTo(time - HISTORY);
        if (group.lastRaisedAt != Group.UNKNOWN && time >= hourOf(group.lastRaisedAt) + QUIET_FORGOTTEN_AFTER) {
            // Its raises and history left long before, and so did any flood.
            group.watchedSince = Group.UNKNOWN;
            group.lastRaisedAt = Group.UNKNOWN;
        }
        if (group.root == null || group.raisedAt.length >= group.floodEndLevel(time, threshold)) {
            return List.of();
        }
        Alert resolved = rootResolved(groupKey, group.root, time, group, wallClock);
        group.root = null;
        return List.of(resolved);
    }

    private static long hourOf(long time) {
        return Math.floorDiv(time, HOUR) * HOUR;
    }

    /**
     * The chance that a Poisson variable of mean {@code mean} (under {@link
     * #TAIL_NEGLIGIBLE_FROM}) is {@code k} or more.
     */
    static double chanceOfAtLeast(int k, double mean) {
        double below = 0, term = Math.exp(-mean);
        for (int i = 0; i < k; i++) {
            below += term;
            term *= mean / (i + 1);
        }
        return Math.max(0, 1 - below);
    }

    private static Alert rootFiring(String groupKey, Group group, long time, Alert cause, long wallClock) {
        Alert root = new Alert();
        root.rule = groupKey.startsWith("supplier|") ? SUPPLIER_ISSUE : CARRIER_ISSUE;
        root.status = Alert.FIRING;
        root.severity = "MAJOR";
        root.stage = cause.stage;
        root.key = groupKey.substring(groupKey.indexOf('|') + 1);
        root.supplierId = cause.supplierId;
        root.carrierId = cause.carrierId;
        root.at = cause.at;
        root.related = group.raisedKeys.clone();
        root.evidence = new String[0];
        double usual = group.usualPerWindow(time);
        root.message = partyOf(groupKey) + " " + root.key + " raised " + cause.stage + " alerts on " + group.raisedKeys.length
                + " " + keysOf(groupKey) + " within " + WINDOW / HOUR + " h up to " + Instants.format(cause.at)
                + against(usual) + ": a common cause is likely. " + named(group.raisedKeys);
        return AlertEpisodes.apply(AlertEpisodes.Episode.NONE, root, wallClock).emit().get(0);
    }

    private static Alert rootResolved(String groupKey, Alert root, long at, Group group, long wallClock) {
        Alert resolved = new Alert();
        resolved.rule = root.rule;
        resolved.status = Alert.RESOLVED;
        resolved.key = root.key;
        resolved.supplierId = root.supplierId;
        resolved.carrierId = root.carrierId;
        resolved.at = at;
        resolved.related = group.raisedKeys.clone();
        resolved.evidence = new String[0];
        double usual = group.usualPerWindow(at);
        resolved.message = partyOf(groupKey) + " " + root.key + " raised " + root.stage + " alerts on " + group.raisedKeys.length
                + " " + keysOf(groupKey) + " in the last " + WINDOW / HOUR + " h" + against(usual) + ": the flood is over";
        return AlertEpisodes.apply(new AlertEpisodes.Episode(root, null), resolved, wallClock).emit().get(0);
    }

    private static String against(double usual) {
        return String.format(Locale.ROOT, ", against %.1f in a usual %d h", usual, WINDOW / HOUR);
    }

    private static String partyOf(String groupKey) {
        return groupKey.startsWith("supplier|") ? "Supplier" : "Carrier";
    }

    /** What a flood group's keys are: its rules key supplier alerts by PO and carrier alerts by shipment. */
    private static String keysOf(String groupKey) {
        return groupKey.startsWith("supplier|") ? "POs" : "shipments";
    }

    /** The first {@link #KEYS_NAMED} keys, and how many more: a message read on a phone stays short. */
    private static String named(String[] keys) {
        if (keys.length <= KEYS_NAMED) return String.join(", ", keys);
        return String.join(", ", Arrays.copyOf(keys, KEYS_NAMED)) + " and " + (keys.length - KEYS_NAMED) + " more";
    }
}
