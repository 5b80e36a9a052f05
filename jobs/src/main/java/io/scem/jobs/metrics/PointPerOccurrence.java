package io.scem.jobs.metrics;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;

/**
 * One point per occurrence (a PO received, an alert resolved), for measurements that dashboards
 * aggregate themselves (mean on-time, percentiles of lead times). Each point gets its own
 * sub-millisecond offset so that InfluxDB, which keeps one point per series and timestamp, keeps
 * two occurrences of one millisecond and tag set: up to 1,000 per millisecond and subtask.
 */
public class PointPerOccurrence<T> extends RichFlatMapFunction<T, MetricPoint> {
    /** The record's point, or null for a record that is no occurrence. */
    private final SerializableFunction<T, MetricPoint> pointOf;
    private transient int subtask;
    private transient int sequence;

    public PointPerOccurrence(SerializableFunction<T, MetricPoint> pointOf) {
        this.pointOf = pointOf;
    }

    @Override
    public void open(OpenContext context) {
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() % 1000;
    }

    @Override
    public void flatMap(T record, Collector<MetricPoint> out) {
        MetricPoint point = pointOf.apply(record);
        if (point != null) {
            sequence = (sequence + 1) % 1000;
            out.collect(point.nanos(sequence * 1000 + subtask));
        }
    }
}
