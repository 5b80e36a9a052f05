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
 * episode is open and nothing once it resolves. A retired rule (broadcast) has every open
 * episode of that rule resolved, since nothing else will resolve them.
 */
public class AlertLifecycleFunction extends KeyedBroadcastProcessFunction<String, Alert, RuleRetired, Alert> {
    /** Flink wants a broadcast state to connect to; retirements need none. */
    static final MapStateDescriptor<String, Long> RETIRED_RULES =
            new MapStateDescriptor<>("retired-rules", Types.STRING, Types.LONG);
    private static final ValueStateDescriptor<Alert> OPEN_EPISODE = new ValueStateDescriptor<>("open-episode", Alert.class);

    private transient ValueState<Alert> openEpisode;

    @Override
    public void open(OpenContext context) {
        openEpisode = getRuntimeContext().getState(OPEN_EPISODE);
    }

    @Override
    public void processElement(Alert signal, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        AlertEpisodes.Step step = AlertEpisodes.apply(openEpisode.value(), signal, System.currentTimeMillis());
        if (step.openAfter() == null) {
            openEpisode.clear();
        } else if (step.emit() != null) {
            openEpisode.update(step.openAfter());
        }
        if (step.emit() != null) {
            out.collect(step.emit());
        }
    }

    @Override
    public void processBroadcastElement(RuleRetired retired, Context ctx, Collector<Alert> out) throws Exception {
        ctx.applyToKeyedState(OPEN_EPISODE, (condition, episode) -> {
            Alert open = episode.value();
            if (open != null && open.rule.equals(retired.rule)) {
                out.collect(AlertEpisodes.retired(open, retired.at, System.currentTimeMillis()));
                episode.clear();
            }
        });
    }
}
