package io.scem.jobs.monitoring;

import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertEpisodes;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by condition (rule + key): keeps the open episode and turns the rules' signals into
 * alerts with a stable alertId (see {@link AlertEpisodes}). State is the FIRING alert while the
 * episode is open (plus a RESOLVED on hold, with its timer, while a flapping condition may still
 * return) and nothing once it resolves. A retired rule (broadcast) has every open
 * episode of that rule resolved, since nothing else will resolve them.
 */
public class AlertLifecycleFunction extends KeyedBroadcastProcessFunction<String, Alert, RuleRetired, Alert> {
    /** Flink wants a broadcast state to connect to; retirements need none. */
    static final MapStateDescriptor<String, Long> RETIRED_RULES =
            new MapStateDescriptor<>("retired-rules", Types.STRING, Types.LONG);
    private static final ValueStateDescriptor<Alert> OPEN_EPISODE = new ValueStateDescriptor<>("open-episode", Alert.class);
    private static final ValueStateDescriptor<Alert> HELD_RESOLVE = new ValueStateDescriptor<>("held-resolve", Alert.class);

    private transient ValueState<Alert> openEpisode;
    /** A RESOLVED waiting for its hold to end (flapping), with an event-time timer at that end. */
    private transient ValueState<Alert> heldResolve;

    @Override
    public void open(OpenContext context) {
        openEpisode = getRuntimeContext().getState(OPEN_EPISODE);
        heldResolve = getRuntimeContext().getState(HELD_RESOLVE);
    }

    @Override
    public void processElement(Alert signal, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        Alert heldBefore = heldResolve.value();
        AlertEpisodes.Step step = AlertEpisodes.apply(
                new AlertEpisodes.Episode(openEpisode.value(), heldBefore), signal, System.currentTimeMillis());
        Alert firing = step.after().firing();
        Alert held = step.after().held();
        if (firing == null) openEpisode.clear();
        else openEpisode.update(firing);
        if (held != heldBefore) {
            if (heldBefore != null) ctx.timerService().deleteEventTimeTimer(AlertEpisodes.holdEnds(heldBefore));
            if (held != null) ctx.timerService().registerEventTimeTimer(AlertEpisodes.holdEnds(held));
        }
        if (held == null) heldResolve.clear();
        else heldResolve.update(held);
        step.emit().forEach(out::collect);
    }

    /** A hold ended with no new FIRING: the episode resolves, as of when its condition cleared. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Alert held = heldResolve.value();
        if (held != null && AlertEpisodes.holdEnds(held) == timestamp) {
            out.collect(AlertEpisodes.release(held, System.currentTimeMillis()));
            heldResolve.clear();
            openEpisode.clear();
        }
    }

    @Override
    public void processBroadcastElement(RuleRetired retired, Context ctx, Collector<Alert> out) throws Exception {
        ctx.applyToKeyedState(OPEN_EPISODE, (condition, episode) -> {
            Alert open = episode.value();
            if (open != null && open.rule.equals(retired.rule)) {
                out.collect(AlertEpisodes.retired(open, retired.at, System.currentTimeMillis(), retired.why));
                episode.clear();
            }
        });
        // A resolve on hold of the retired rule: its hold timer finds the episode gone and sends
        // nothing; drop it too.
        ctx.applyToKeyedState(HELD_RESOLVE, (condition, held) -> {
            Alert resolve = held.value();
            if (resolve != null && resolve.rule.equals(retired.rule)) held.clear();
        });
    }
}
