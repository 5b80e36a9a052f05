package io.scem.jobs.metrics;

import java.time.Duration;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * Best-effort Flink sink for metrics: each subtask hands its points to its own {@link
 * InfluxMetricsWriter}, so neither {@code write} nor a checkpoint's {@code flush} ever waits for
 * InfluxDB. Points buffered when a job fails are lost (metrics are not worth exactly-once); the
 * counters show up as the subtask gauges {@code influxPointsWritten}, {@code
 * influxPointsDropped}, {@code influxWriteFailures} and {@code influxPointsBuffered}, and every
 * {@link #REPORT_INTERVAL_MS} in InfluxDB itself as {@code scem_metrics_writer} (tags job,
 * subtask; fields written, dropped, failed_batches over the interval, and buffered), so that a
 * dashboard shows the metrics it is missing. While InfluxDB is down those points wait in the
 * same buffer and arrive when it is back.
 */
public final class InfluxMetricsSink implements Sink<MetricPoint> {

    private static final long serialVersionUID = 1L;
    static final long REPORT_INTERVAL_MS = 10_000;

    private final InfluxSettings settings;
    /** The {@code job} tag of the writer's own points. */
    private final String job;

    public InfluxMetricsSink(InfluxSettings settings, String job) {
        this.settings = settings;
        this.job = job;
    }

    @Override
    public SinkWriter<MetricPoint> createWriter(WriterInitContext context) {
        InfluxMetricsWriter writer = new InfluxMetricsWriter(settings);
        registerGauges(context.metricGroup(), writer);
        SelfReport report = new SelfReport(writer, context.getProcessingTimeService(), job,
                Integer.toString(context.getTaskInfo().getIndexOfThisSubtask()));
        report.schedule();
        return new Writer(writer, report, context.isObjectReuseEnabled(), settings.closeTimeout());
    }

    private static void registerGauges(MetricGroup group, InfluxMetricsWriter writer) {
        group.gauge("influxPointsWritten", (Gauge<Long>) writer::written);
        group.gauge("influxPointsDropped", (Gauge<Long>) writer::dropped);
        group.gauge("influxWriteFailures", (Gauge<Long>) writer::writeFailures);
        group.gauge("influxPointsBuffered", (Gauge<Integer>) writer::buffered);
    }

    /** Offers the writer's own counters, as deltas over the last interval, on a processing-time timer. */
    private static final class SelfReport {
        private final InfluxMetricsWriter writer;
        private final ProcessingTimeService time;
        private final String job;
        private final String subtask;
        private long written;
        private long dropped;
        private long failures;
        private boolean closed;

        SelfReport(InfluxMetricsWriter writer, ProcessingTimeService time, String job, String subtask) {
            this.writer = writer;
            this.time = time;
            this.job = job;
            this.subtask = subtask;
        }

        void schedule() {
            long now = time.getCurrentProcessingTime();
            time.registerTimer(now - now % REPORT_INTERVAL_MS + REPORT_INTERVAL_MS, this::onTimer);
        }

        private void onTimer(long at) {
            if (closed) return;
            report(at);
            schedule();
        }

        private void report(long at) {
            long w = writer.written();
            long d = writer.dropped();
            long f = writer.writeFailures();
            writer.offer(MetricPoint.of("scem_metrics_writer", at).tag("job", job).tag("subtask", subtask)
                    .field("written", w - written).field("dropped", d - dropped)
                    .field("failed_batches", f - failures).field("buffered", writer.buffered()));
            written = w;
            dropped = d;
            failures = f;
        }

        /**
         * The last report, for the time since the one before; timers that fire later do nothing.
         * No timer is registered here: a cancelled task closes its writers after its timer service
         * shut down, and registering one then throws, which Flink treats as fatal for the whole
         * TaskManager (seen on a session cluster: cancelling the job killed the TaskManager).
         */
        void close() {
            if (closed) return;
            closed = true;
            report(time.getCurrentProcessingTime());
        }
    }

    /** One subtask's writer; a thin shell over {@link InfluxMetricsWriter}. */
    private static final class Writer implements SinkWriter<MetricPoint> {
        private final InfluxMetricsWriter writer;
        private final SelfReport report;
        private final boolean objectReuse;
        private final Duration closeTimeout;

        Writer(InfluxMetricsWriter writer, SelfReport report, boolean objectReuse, Duration closeTimeout) {
            this.writer = writer;
            this.report = report;
            this.objectReuse = objectReuse;
            this.closeTimeout = closeTimeout;
        }

        @Override
        public void write(MetricPoint point, Context context) {
            // The point outlives this call in the buffer; with object reuse Flink would
            // overwrite it underneath us.
            writer.offer(objectReuse ? point.copy() : point);
        }

        @Override
        public void flush(boolean endOfInput) {
            writer.requestFlush();
        }

        @Override
        public void close() throws InterruptedException {
            // The last report is to count the points of the last flush too (for a short replay,
            // all of them): let that flush end first. With InfluxDB down, closing takes up to
            // twice the close timeout.
            writer.flush(closeTimeout);
            report.close();
            writer.close();
        }
    }
}
