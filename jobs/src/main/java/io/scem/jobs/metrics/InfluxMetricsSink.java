package io.scem.jobs.metrics;

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
 * influxPointsDropped}, {@code influxWriteFailures} and {@code influxPointsBuffered}.
 */
public final class InfluxMetricsSink implements Sink<MetricPoint> {

    private static final long serialVersionUID = 1L;

    private final InfluxSettings settings;

    public InfluxMetricsSink(InfluxSettings settings) {
        this.settings = settings;
    }

    @Override
    public SinkWriter<MetricPoint> createWriter(WriterInitContext context) {
        InfluxMetricsWriter writer = new InfluxMetricsWriter(settings);
        registerGauges(context.metricGroup(), writer);
        return new Writer(writer, context.isObjectReuseEnabled());
    }

    private static void registerGauges(MetricGroup group, InfluxMetricsWriter writer) {
        group.gauge("influxPointsWritten", (Gauge<Long>) writer::written);
        group.gauge("influxPointsDropped", (Gauge<Long>) writer::dropped);
        group.gauge("influxWriteFailures", (Gauge<Long>) writer::writeFailures);
        group.gauge("influxPointsBuffered", (Gauge<Integer>) writer::buffered);
    }

    /** One subtask's writer; a thin shell over {@link InfluxMetricsWriter}. */
    private static final class Writer implements SinkWriter<MetricPoint> {
        private final InfluxMetricsWriter writer;
        private final boolean objectReuse;

        Writer(InfluxMetricsWriter writer, boolean objectReuse) {
            this.writer = writer;
            this.objectReuse = objectReuse;
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
            writer.close();
        }
    }
}
