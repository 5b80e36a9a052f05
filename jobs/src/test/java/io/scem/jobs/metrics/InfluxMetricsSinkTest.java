package io.scem.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.InfluxServer;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link InfluxMetricsSink} in a MiniCluster job at parallelism 2, writing to a real InfluxDB. */
class InfluxMetricsSinkTest {

    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    @RegisterExtension
    @Order(1)
    static final InfluxServer INFLUX = InfluxServer.fromEnvOrLocal();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = Flink.miniCluster();

    @Test
    void metricPointIsAFlinkPojo() {
        assertThat(TypeInformation.of(MetricPoint.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void shouldWriteEveryPointOfABoundedJobByTheTimeItEnds() throws Exception {
        String db = "sink_test_" + System.nanoTime();
        List<MetricPoint> points = IntStream.range(0, 2_000)
                .mapToObj(i -> MetricPoint.of("alerts", T0 + i).tag("rule", "R" + (i % 3)).field("count", 1))
                .toList();

        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.fromData(points).rebalance()
                .sinkTo(new InfluxMetricsSink(InfluxSettings.of(INFLUX.url(), db)
                        .withFlushInterval(Duration.ofMillis(100)), "test"))
                .name("metrics");
        env.execute("influx sink test");

        // close() flushed each subtask's buffer before the job finished, so no waiting here.
        assertThat(INFLUX.query(db, "SELECT sum(\"count\") FROM \"alerts\" GROUP BY \"rule\"").getResults().get(0).getSeries())
                .extracting(s -> s.getTags().get("rule") + "=" + s.getValues().get(0).get(1))
                .containsExactlyInAnyOrder("R0=667.0", "R1=667.0", "R2=666.0");
        INFLUX.dropDatabase(db);
    }

    @Test
    void shouldReportTheCountOfPointsItWroteAsScemMetricsWriter() throws Exception {
        String db = "sink_report_test_" + System.nanoTime();
        List<MetricPoint> points = IntStream.range(0, 500)
                .mapToObj(i -> MetricPoint.of("alerts", T0 + i).field("count", 1))
                .toList();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromData(points).rebalance()
                .sinkTo(new InfluxMetricsSink(InfluxSettings.of(INFLUX.url(), db)
                        .withFlushInterval(Duration.ofMillis(100)), "test"))
                .name("metrics");
        env.execute("influx sink self-report test");

        List<QueryResult.Series> reports = INFLUX.query(db, "SELECT sum(\"written\"), count(\"written\")"
                + " FROM \"scem_metrics_writer\" WHERE \"job\" = 'test' GROUP BY \"subtask\"").getResults().get(0).getSeries();
        assertThat(reports).extracting(s -> s.getTags().get("subtask")).containsExactlyInAnyOrder("0", "1");
        // Each report but a subtask's last (made as it closes) is a point written, and counted, too.
        double written = reports.stream().mapToDouble(s -> (Double) s.getValues().get(0).get(1)).sum();
        double earlierReports = reports.stream().mapToDouble(s -> (Double) s.getValues().get(0).get(2) - 1).sum();
        assertThat(written - earlierReports).as("the job's points, the last flush's included").isEqualTo(500.0);
        INFLUX.dropDatabase(db);
    }
}
