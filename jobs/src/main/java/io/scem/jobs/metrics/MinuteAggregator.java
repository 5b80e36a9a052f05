package io.scem.jobs.metrics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Folds a stream into one point per minute and tag set: a count (or sum), or the last values (a
 * sampled gauge such as on-hand). Minutes are event time and close when the watermark passes them, so
 * a replayed month gives the same series as the live run did. Chained to its input: no shuffle.
 * Points carry a {@code subtask} tag so that subtasks do not overwrite each other's counts.
 *
 * <p>Wall-clock minutes ({@link #countByWallClock}, for records with no event time such as dead
 * letters) close on a processing-time timer at each minute boundary, so that on an unbounded
 * stream a minute is written even when no later record arrives to close it.
 *
 * <p>Not checkpointed: after a failure the minute in progress may be counted short. Metrics are
 * for trends; the alerts are the exact output.
 */
public class MinuteAggregator<T> extends AbstractStreamOperator<MetricPoint>
        implements OneInputStreamOperator<T, MetricPoint>, BoundedOneInput {
    private static final long MINUTE = 60_000L;
    private static final String[] COUNT = {"count"};

    /** What a record adds to its minute's count. */
    @FunctionalInterface
    public interface Amount<T> extends java.io.Serializable {
        double of(T record);
    }

    private final String measurement;
    private final String[] fields;
    /** The point's tags for a record, or null to leave the record out. */
    private final SerializableFunction<T, String[]> tagsOf;
    /** Null for a gauge; for a count, what each record adds. */
    private final Amount<T> amountOf;
    /** Null for a count; otherwise the gauge's values (one per field), of which the minute keeps the last. */
    private final SerializableFunction<T, double[]> valuesOf;
    /** When true the minute is the wall clock's (for records with no event time). */
    private final boolean wallClock;

    private transient Map<Bucket, double[]> open;
    /** Minutes before this have been written. */
    private transient long writtenBefore;
    private transient String subtask;

    private record Bucket(long minute, String[] tags) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bucket b && b.minute == minute && Arrays.equals(b.tags, tags);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(minute) * 31 + Arrays.hashCode(tags);
        }
    }

    private MinuteAggregator(String measurement, String[] fields, SerializableFunction<T, String[]> tagsOf,
            Amount<T> amountOf, SerializableFunction<T, double[]> valuesOf, boolean wallClock) {
        this.measurement = measurement;
        this.fields = fields;
        this.tagsOf = tagsOf;
        this.amountOf = amountOf;
        this.valuesOf = valuesOf;
        this.wallClock = wallClock;
    }

    public static <T> MinuteAggregator<T> countByEventTime(String measurement, SerializableFunction<T, String[]> tagsOf) {
        return new MinuteAggregator<>(measurement, COUNT, tagsOf, record -> 1, null, false);
    }

    /** A count in which each record counts for {@code amountOf} (a record that says "3 more"). */
    public static <T> MinuteAggregator<T> sumByEventTime(String measurement, SerializableFunction<T, String[]> tagsOf,
            Amount<T> amountOf) {
        return new MinuteAggregator<>(measurement, COUNT, tagsOf, amountOf, null, false);
    }

    public static <T> MinuteAggregator<T> countByWallClock(String measurement, SerializableFunction<T, String[]> tagsOf) {
        return new MinuteAggregator<>(measurement, COUNT, tagsOf, record -> 1, null, true);
    }

    /** The last values of each minute; a NaN value leaves its field out of the point. */
    public static <T> MinuteAggregator<T> lastByEventTime(String measurement, String[] fields,
            SerializableFunction<T, String[]> tagsOf, SerializableFunction<T, double[]> valuesOf) {
        return new MinuteAggregator<>(measurement, fields, tagsOf, null, valuesOf, false);
    }

    @Override
    public void open() throws Exception {
        super.open();
        open = new HashMap<>();
        writtenBefore = Long.MIN_VALUE;
        subtask = Integer.toString(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        if (wallClock) {
            scheduleFlush();
        }
    }

    /** Wakes up at the next minute boundary to write the minute that just closed. */
    private void scheduleFlush() {
        long next = minuteOf(now()) + MINUTE;
        // Runs in the task's mailbox thread, never concurrently with processElement.
        getProcessingTimeService().registerTimer(next, time -> {
            flushBefore(minuteOf(time));
            scheduleFlush();
        });
    }

    /** The processing time service's clock: the system clock in a job, settable in tests. */
    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }

    private static long minuteOf(long time) {
        return Math.floorDiv(time, MINUTE) * MINUTE;
    }

    @Override
    public void processElement(StreamRecord<T> record) {
        long time = wallClock || !record.hasTimestamp() ? now() : record.getTimestamp();
        // A record of a minute already written (an alert resolve held back past the watermark)
        // counts in the first minute still open: a second point for a written minute would
        // replace the first in InfluxDB, one point per series and time.
        long minute = Math.max(minuteOf(time), writtenBefore);
        if (wallClock) {
            flushBefore(minute);
        }
        String[] tags = tagsOf.apply(record.getValue());
        if (tags == null) {
            return;
        }
        if (valuesOf == null) {
            open.computeIfAbsent(new Bucket(minute, tags), b -> new double[1])[0] += amountOf.of(record.getValue());
        } else {
            open.put(new Bucket(minute, tags), valuesOf.apply(record.getValue()));
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (!wallClock && mark.getTimestamp() != Long.MIN_VALUE) {
            flushBefore(mark.getTimestamp() == Long.MAX_VALUE ? Long.MAX_VALUE : mark.getTimestamp() + 1 - MINUTE);
        }
        super.processWatermark(mark);
    }

    @Override
    public void endInput() {
        flushBefore(Long.MAX_VALUE);
    }

    /** Emits every bucket whose minute starts before {@code limit}. */
    private void flushBefore(long limit) {
        writtenBefore = Math.max(writtenBefore, limit == Long.MAX_VALUE ? limit : minuteOf(limit + MINUTE - 1));
        Iterator<Map.Entry<Bucket, double[]>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Bucket, double[]> e = it.next();
            if (e.getKey().minute() < limit) {
                MetricPoint point = MetricPoint.of(measurement, e.getKey().minute());
                String[] tags = e.getKey().tags();
                for (int i = 0; i + 1 < tags.length; i += 2) point.tag(tags[i], tags[i + 1]);
                point.tag("subtask", subtask);
                for (int i = 0; i < fields.length; i++) point.field(fields[i], e.getValue()[i]);
                output.collect(new StreamRecord<>(point, point.timestampMillis));
                it.remove();
            }
        }
    }
}
