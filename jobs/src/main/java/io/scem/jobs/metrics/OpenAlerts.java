package io.scem.jobs.metrics;

import io.scem.core.alert.Alert;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts the open alerts of one rule, severity and stage (the key, see {@link #keyOf}) and writes
 * {@code scem_alerts_open} once per event-time minute in which the count changed, at the start of
 * that minute: a gauge sampled on change, which dashboards carry forward with {@code
 * fill(previous)}. A minute is written when an alert of a later minute comes, or when the
 * watermark passes its end; an alert older than the minute being counted (alerts of different
 * entities arrive in no particular order) counts in that minute, and an alert of a minute the
 * watermark has passed (a resolve held back by AlertEpisodes) in the first minute still open.
 *
 * <p>An alert counts from its FIRING to its RESOLVED, by alertId: a FIRING seen again (a
 * correlation update) does not count twice, and a RESOLVED of an episode never seen open does
 * not count below zero. The open alertIds are the state; the count is cleared when it is back
 * to 0 and written.
 */
public class OpenAlerts extends KeyedProcessFunction<String, Alert, MetricPoint> {
    static final long MINUTE = 60_000L;
    private static final String SEP = "|";

    private transient MapState<String, Boolean> open;
    private transient ValueState<Long> count;
    /** The minute whose count is still to be written; null when written. */
    private transient ValueState<Long> pendingMinute;

    public static String keyOf(Alert alert) {
        return alert.rule + SEP + alert.severity + SEP + alert.stage;
    }

    @Override
    public void open(OpenContext context) {
        open = getRuntimeContext().getMapState(new MapStateDescriptor<>("open-alert-ids", Types.STRING, Types.BOOLEAN));
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("open-count", Types.LONG));
        pendingMinute = getRuntimeContext().getState(new ValueStateDescriptor<>("pending-minute", Types.LONG));
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<MetricPoint> out) throws Exception {
        boolean known = open.contains(alert.alertId);
        if (alert.isFiring() == known) {
            return;
        }
        long minute = minuteOf(alert.at);
        long watermark = ctx.timerService().currentWatermark();
        if (watermark >= minute + MINUTE - 1) {
            // Its minute is closed and may be written behind a later point, which would then keep
            // the old count: count it in the first minute still open.
            minute = minuteOf(watermark + 1);
        }
        Long pending = pendingMinute.value();
        if (pending != null && minute > pending) {
            write(ctx.getCurrentKey(), pending, out);
            ctx.timerService().deleteEventTimeTimer(pending + MINUTE - 1);
            pending = null;
        }
        if (pending == null) {
            pendingMinute.update(minute);
            // The minute has seen its last alert once the watermark passes its end.
            ctx.timerService().registerEventTimeTimer(minute + MINUTE - 1);
        }
        if (alert.isFiring()) {
            open.put(alert.alertId, true);
        } else {
            open.remove(alert.alertId);
        }
        count.update(current() + (alert.isFiring() ? 1 : -1));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MetricPoint> out) throws Exception {
        write(ctx.getCurrentKey(), pendingMinute.value(), out);
    }

    private void write(String key, long minute, Collector<MetricPoint> out) throws Exception {
        long n = current();
        String[] parts = key.split("\\|", -1);
        out.collect(MetricPoint.of("scem_alerts_open", minute).tag("rule", parts[0]).tag("severity", parts[1])
                .tag("stage", parts[2]).field("open", n));
        pendingMinute.clear();
        if (n == 0) {
            count.clear();
        }
    }

    private static long minuteOf(long time) {
        return Math.floorDiv(time, MINUTE) * MINUTE;
    }

    private long current() throws Exception {
        return count.value() == null ? 0 : count.value();
    }
}
