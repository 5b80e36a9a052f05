package io.scem.jobs.metrics;

import io.scem.core.alert.Alert;
import io.scem.core.kpi.Percentile;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's health as {@code scem_pipeline} points (tag job), measured at the end of the
 * pipeline, on the alerts just before they are written (parallelism 1, so its watermark is the
 * job's):
 *
 * <ul>
 *   <li>{@code watermark_lag_ms}: wall clock minus the watermark, every {@link #INTERVAL_MS};
 *       live, it is the out-of-order bound plus whatever the job is behind;
 *   <li>{@code alert_latency_p50_ms}, {@code alert_latency_p99_ms}: over the alerts of the last
 *       interval, {@code detectedAt} (wall clock) minus {@code at} (the event time the condition
 *       began or cleared); live, this is the event-to-alert latency, out-of-order bound included;
 *   <li>{@code checkpoint_duration_ms}: per completed checkpoint, from its barrier reaching this
 *       operator to the checkpoint being complete (the last acknowledgement and the job
 *       manager's commit), which is most of a checkpoint's duration when the barrier flows freely;
 *   <li>{@code consumer_lag_records}: with a {@link ConsumerLagProbe}, the input's lag.
 * </ul>
 *
 * It emits only these points (the alerts reach their sink on another branch). Nothing here is
 * state: a restored job starts measuring afresh.
 */
public class PipelineHealth extends AbstractStreamOperator<MetricPoint>
        implements OneInputStreamOperator<Alert, MetricPoint>, BoundedOneInput {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineHealth.class);
    static final long INTERVAL_MS = 10_000;
    /** Latency samples kept per interval; beyond it, every other one is kept (still a fair sample). */
    private static final int MAX_SAMPLES = 100_000;

    private final String job;
    private final ConsumerLagProbe lagProbe;

    private transient long[] latencies;
    private transient int sampled;
    private transient int sampleStride;
    private transient long seen;
    private transient long watermark;
    private transient Map<Long, Long> barrierSeenAt;
    private transient ExecutorService lagThread;
    private transient AtomicLong lastLag;
    private transient volatile boolean lagFailing;

    /** {@code lagProbe} null: the input is not Kafka. */
    public PipelineHealth(String job, ConsumerLagProbe lagProbe) {
        this.job = job;
        this.lagProbe = lagProbe;
    }

    @Override
    public void open() throws Exception {
        super.open();
        latencies = new long[1024];
        sampleStride = 1;
        watermark = Long.MIN_VALUE;
        barrierSeenAt = new HashMap<>();
        lastLag = new AtomicLong(-1);
        if (lagProbe != null) {
            // The admin calls block for up to seconds when Kafka is slow: never in the task thread.
            lagThread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "scem-consumer-lag");
                t.setDaemon(true);
                return t;
            });
            lagThread.execute(this::probeLag);
        }
        schedule();
    }

    private void schedule() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService().registerTimer(now - now % INTERVAL_MS + INTERVAL_MS, this::report);
    }

    private void report(long now) {
        MetricPoint point = MetricPoint.of("scem_pipeline", now).tag("job", job);
        if (watermark != Long.MIN_VALUE) {
            point.field("watermark_lag_ms", now - watermark);
        }
        if (sampled > 0) {
            long[] sorted = Arrays.copyOf(latencies, sampled);
            Arrays.sort(sorted);
            point.field("alert_latency_p50_ms", Percentile.ofSorted(sorted, 50)).field("alert_latency_p99_ms", Percentile.ofSorted(sorted, 99));
            sampled = 0;
            sampleStride = 1;
            seen = 0;
        }
        long lag = lastLag.getAndSet(-1);
        if (lag >= 0) {
            point.field("consumer_lag_records", lag);
        }
        if (point.fieldNames.length > 0) {
            output.collect(new StreamRecord<>(point, now));
        }
        if (lagThread != null) {
            lagThread.execute(this::probeLag);
        }
        schedule();
    }

    private void probeLag() {
        try {
            lastLag.set(lagProbe.lag());
            lagFailing = false;
        } catch (Exception e) {
            // Once per outage, not every 10 s.
            if (!lagFailing) LOG.warn("consumer lag not measured: {}", e.toString());
            lagFailing = true;
        }
    }

    /** The nearest-rank percentile of sorted values. */
    @Override
    public void processElement(StreamRecord<Alert> record) {
        Alert alert = record.getValue();
        if (seen++ % sampleStride != 0) {
            return;
        }
        if (sampled == latencies.length) {
            if (sampled >= MAX_SAMPLES) {
                // Thin out: keep every other sample and from now on every other alert.
                for (int i = 0; i < sampled / 2; i++) latencies[i] = latencies[2 * i];
                sampled /= 2;
                sampleStride *= 2;
            } else {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
        }
        latencies[sampled++] = alert.detectedAt - alert.at;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // The end of a bounded input is no time: keep the last real watermark.
        if (mark.getTimestamp() != Long.MAX_VALUE) watermark = mark.getTimestamp();
        super.processWatermark(mark);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        barrierSeenAt.put(context.getCheckpointId(), getProcessingTimeService().getCurrentProcessingTime());
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        Long seenAt = barrierSeenAt.remove(checkpointId);
        // Older checkpoints that never completed (subsumed or aborted) are forgotten.
        barrierSeenAt.keySet().removeIf(id -> id < checkpointId);
        if (seenAt != null) {
            long now = getProcessingTimeService().getCurrentProcessingTime();
            output.collect(new StreamRecord<>(MetricPoint.of("scem_pipeline", now).tag("job", job)
                    .field("checkpoint_duration_ms", now - seenAt), now));
        }
    }

    /** A bounded input (a replay) may end before the first interval: report what it saw. */
    @Override
    public void endInput() {
        report(getProcessingTimeService().getCurrentProcessingTime());
    }

    @Override
    public void close() throws Exception {
        if (lagThread != null) {
            lagThread.shutdownNow();
        }
        if (lagProbe != null) {
            lagProbe.close();
        }
        super.close();
    }
}
