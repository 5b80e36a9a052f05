package io.scem.jobs.monitoring;

import io.scem.core.alert.Alert;
import io.scem.core.rules.RuleFailing;
import java.util.Comparator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@link RuleFailing} condition: makes one report of what every rule subtask (of both
 * stages) says about one failing statement, the one a single engine running every fact would
 * give. Each subtask raises the failure it met first; the earliest of them (by event time, then
 * by eventId) waits until the watermark passes its time and is then passed on. No earlier one
 * can come after that, since a subtask reports a failure before it passes the watermark on.
 * A report already behind the watermark (met while rebuilding the engine for a reload, on a fact
 * of the past) is passed on at once: those come when the subtasks' reloads do, in no set order.
 * A RESOLVED is passed on at once, after a FIRING still waiting. Without this, whichever FIRING
 * reached the alert lifecycle first would set the alert's time and id, and these would depend on
 * parallelism and timing.
 *
 * <p>State: the earliest FIRING while it waits, with an event-time timer at its time; nothing
 * once it is passed on (later reports of the same failure are passed on too, and the lifecycle
 * takes them as the same episode).
 */
public class FirstRuleFailure extends KeyedProcessFunction<String, Alert, Alert> {
    private static final ValueStateDescriptor<Alert> WAITING = new ValueStateDescriptor<>("earliest-failure", Alert.class);
    private static final Comparator<Alert> EARLIEST = Comparator.<Alert>comparingLong(a -> a.at)
            .thenComparing(a -> a.evidence.length == 0 ? "" : a.evidence[0]);

    private transient ValueState<Alert> waiting;

    @Override
    public void open(OpenContext context) {
        waiting = getRuntimeContext().getState(WAITING);
    }

    @Override
    public void processElement(Alert report, Context ctx, Collector<Alert> out) throws Exception {
        Alert earliest = waiting.value();
        if (report.isFiring()) {
            if (earliest != null && EARLIEST.compare(report, earliest) >= 0) return;
            if (earliest != null) {
                ctx.timerService().deleteEventTimeTimer(earliest.at);
                waiting.clear();
            }
            if (report.at <= ctx.timerService().currentWatermark()) {
                // Met while an engine was rebuilt for a reload, on a fact of the past: no later
                // watermark may come to release it (a quiet input), and it cannot wait for one.
                out.collect(report);
                return;
            }
            waiting.update(report);
            ctx.timerService().registerEventTimeTimer(report.at);
            return;
        }
        if (earliest != null) {
            ctx.timerService().deleteEventTimeTimer(earliest.at);
            waiting.clear();
            out.collect(earliest);
        }
        out.collect(report);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Alert earliest = waiting.value();
        if (earliest != null) {
            waiting.clear();
            out.collect(earliest);
        }
    }
}
