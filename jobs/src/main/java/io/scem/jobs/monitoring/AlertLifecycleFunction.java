package io.scem.jobs.monitoring;

import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertEpisodes;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by condition (rule + key): keeps the open episode and turns the rules' signals into
 * alerts with a stable alertId (see {@link AlertEpisodes}). State is the FIRING alert while the
 * episode is open and nothing once it resolves.
 */
public class AlertLifecycleFunction extends KeyedProcessFunction<String, Alert, Alert> {
    private transient ValueState<Alert> openEpisode;

    @Override
    public void open(OpenContext context) {
        openEpisode = getRuntimeContext().getState(new ValueStateDescriptor<>("open-episode", Alert.class));
    }

    @Override
    public void processElement(Alert signal, Context ctx, Collector<Alert> out) throws Exception {
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
}
