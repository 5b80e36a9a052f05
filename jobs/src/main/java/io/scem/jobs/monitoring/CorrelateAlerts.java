package io.scem.jobs.monitoring;

import io.scem.core.alert.Alert;
import io.scem.core.alert.Correlation;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by correlation group ({@link Correlation#groupOf}): finds the root causes of alert floods
 * and stamps the alerts they explain. Alerts of one group come from many conditions, hence from
 * many upstream subtasks in no fixed order; they wait here until the watermark passes the time
 * they were decided and are then applied in {@link Correlation#ORDER}, so the outcome is the same
 * whatever the parallelism. Timers: at each alert's decision time, and when each raise leaves the
 * flood window and its hour the history ({@link Correlation#expiryTimes}). State: the group, and
 * the alerts waiting; nothing once the group has no open alert and no raise in its window or its
 * history.
 */
public class CorrelateAlerts extends KeyedProcessFunction<String, Alert, Alert> {
    private final int threshold;

    private transient ValueState<Correlation.Group> group;
    private transient ListState<Waiting> waiting;

    /** An alert waiting for the watermark, with the event time at which it was decided (a Flink POJO). */
    public static class Waiting {
        public long time;
        public Alert alert;

        public Waiting() {}

        Waiting(long time, Alert alert) {
            this.time = time;
            this.alert = alert;
        }
    }

    /** @param threshold how many open alerts of one supplier or carrier make a root-cause alert */
    public CorrelateAlerts(int threshold) {
        this.threshold = threshold;
    }

    @Override
    public void open(OpenContext context) {
        group = getRuntimeContext().getState(new ValueStateDescriptor<>("group", TypeInformation.of(Correlation.Group.class)));
        waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting", Waiting.class));
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
        long decided = ctx.timestamp() == null ? alert.at : ctx.timestamp();
        waiting.add(new Waiting(decided, alert));
        // Already behind the watermark (a rule rebuild reporting the past): the next watermark.
        ctx.timerService().registerEventTimeTimer(Math.max(decided, ctx.timerService().currentWatermark() + 1));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        List<Correlation.Decided> due = new ArrayList<>();
        List<Waiting> later = new ArrayList<>();
        for (Waiting w : waiting.get()) {
            if (w.time <= timestamp) due.add(new Correlation.Decided(w.time, w.alert));
            else later.add(w);
        }
        due.sort(Correlation.ORDER);
        Correlation.Group state = group.value();
        if (state == null) {
            if (due.isEmpty()) return;
            state = new Correlation.Group();
        }
        String groupKey = ctx.getCurrentKey();
        for (Correlation.Decided decided : due) {
            Correlation.apply(groupKey, state, decided.time(), decided.alert(), threshold, System.currentTimeMillis())
                    .forEach(out::collect);
            for (long expiry : Correlation.expiryTimes(groupKey, decided.alert())) {
                ctx.timerService().registerEventTimeTimer(expiry);
            }
        }
        Correlation.expire(groupKey, state, timestamp, threshold, System.currentTimeMillis()).forEach(out::collect);
        if (state.isEmpty()) group.clear();
        else group.update(state);
        if (later.isEmpty()) waiting.clear();
        else if (!due.isEmpty()) waiting.update(later);
    }
}
