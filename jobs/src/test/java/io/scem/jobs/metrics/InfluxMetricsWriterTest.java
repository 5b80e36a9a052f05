package io.scem.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scem.jobs.testing.InfluxServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.UUID;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link InfluxMetricsWriter} against a real InfluxDB: points come back through InfluxQL, an
 * outage costs the caller nothing, the buffer keeps the newest points up to its bound, and what
 * it kept is written once the server is back.
 */
class InfluxMetricsWriterTest {

    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.fromEnvOrLocal();

    private static final List<String> DATABASES = new CopyOnWriteArrayList<>();

    @AfterAll
    static void dropDatabases() {
        DATABASES.forEach(INFLUX::dropDatabase);
    }

    @Test
    void shouldWritePointsThatAreQueryableWithInfluxQl() throws Exception {
        String db = freshDatabase();
        try (InfluxMetricsWriter writer = new InfluxMetricsWriter(quick(INFLUX.url(), db))) {
            for (int i = 0; i < 1_000; i++) {
                writer.offer(MetricPoint.of("shipment_delay", T0 + i)
                        .tag("site", i % 2 == 0 ? "DC1" : "DC2")
                        .tag("carrier", "")
                        .field("minutes", i));
            }
            await().atMost(PATIENCE).until(() -> writer.written() == 1_000);
            assertThat(writer.dropped()).isZero();
            assertThat(writer.buffered()).isZero();
        }

        assertThat(single(INFLUX.query(db, "SELECT count(\"minutes\") FROM \"shipment_delay\" WHERE \"site\" = 'DC2'")))
                .element(1).isEqualTo(500.0);
        // Millisecond precision survives the trip: T0 + 7 ms is its own point.
        assertThat(single(INFLUX.query(db, "SELECT \"minutes\", \"site\" FROM \"shipment_delay\" WHERE time = " + (T0 + 7) + "ms")))
                .containsExactly((double) (T0 + 7), 7.0, "DC2");
    }

    @Test
    void shouldKeepTheNewestPointsWithoutBlockingWhileInfluxIsDownAndWriteThemWhenItIsBack() throws Exception {
        try (InfluxServer server = InfluxServer.local().start();
                InfluxMetricsWriter writer = new InfluxMetricsWriter(
                        quick(server.url(), "outage").withBufferCapacity(1_000).withBatchSize(100))) {
            System.out.printf("influxd started in %d ms%n", server.startMillis());
            writer.offer(MetricPoint.of("lag", T0).field("value", -1));
            await().atMost(PATIENCE).until(() -> writer.written() == 1);

            server.stop();
            long t0 = System.nanoTime();
            for (int i = 0; i < 5_000; i++) {
                assertThat(writer.offer(MetricPoint.of("lag", T0 + 1 + i).field("value", i))).isTrue();
            }
            long offerMillis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("5000 offers with InfluxDB down took %d ms%n", offerMillis);
            assertThat(offerMillis).isLessThan(1_000);

            await().atMost(PATIENCE).until(() -> writer.writeFailures() > 0);
            assertThat(writer.buffered()).isEqualTo(1_000);
            assertThat(writer.dropped()).isEqualTo(4_000);

            server.start();
            System.out.printf("influxd restarted in %d ms%n", server.startMillis());
            await().atMost(PATIENCE).until(() -> writer.written() == 1_001);
            assertThat(writer.buffered()).isZero();
            assertThat(writer.dropped()).isEqualTo(4_000);

            assertThat(single(server.query("outage", "SELECT count(\"value\") FROM \"lag\""))).element(1).isEqualTo(1_001.0);
            // The newest points are the ones kept; the batch in flight when the outage began is
            // kept too, so a few older ones are there as well.
            assertThat(single(server.query("outage", "SELECT count(\"value\") FROM \"lag\" WHERE \"value\" >= 4100")))
                    .element(1).isEqualTo(900.0);
        }
    }

    @Test
    void shouldStartWhileInfluxIsDownAndCreateTheDatabaseWhenItComesUp() throws Exception {
        try (InfluxServer server = InfluxServer.local().start()) {
            server.stop();
            try (InfluxMetricsWriter writer = new InfluxMetricsWriter(quick(server.url(), "late"))) {
                writer.offer(MetricPoint.of("up", T0).field("value", 1));
                await().atMost(PATIENCE).until(() -> writer.writeFailures() > 0);
                assertThat(writer.written()).isZero();

                server.start();
                await().atMost(PATIENCE).until(() -> writer.written() == 1);
            }
            assertThat(single(server.query("late", "SELECT \"value\" FROM \"up\""))).containsExactly((double) T0, 1.0);
        }
    }

    @Test
    void shouldFlushWhatIsBufferedOnCloseAndRefuseLaterPoints() throws Exception {
        String db = freshDatabase();
        InfluxMetricsWriter writer = new InfluxMetricsWriter(
                quick(INFLUX.url(), db).withFlushInterval(Duration.ofHours(1)).withBatchSize(10_000));
        for (int i = 0; i < 300; i++) {
            writer.offer(MetricPoint.of("alerts", T0 + i).tag("rule", "LATE_SHIPMENT").field("count", 1));
        }
        writer.close();

        assertThat(writer.written()).isEqualTo(300);
        assertThat(writer.offer(MetricPoint.of("alerts", T0).field("count", 1))).isFalse();
        assertThat(writer.dropped()).isEqualTo(1);
        assertThat(single(INFLUX.query(db, "SELECT sum(\"count\") FROM \"alerts\""))).element(1).isEqualTo(300.0);
    }

    @Test
    void shouldDropPointsInfluxCannotStoreAndWriteTheRest() throws Exception {
        String db = freshDatabase();
        try (InfluxMetricsWriter writer = new InfluxMetricsWriter(quick(INFLUX.url(), db))) {
            writer.offer(MetricPoint.of("ratio", T0).field("value", Double.NaN));
            writer.offer(MetricPoint.of("ratio", T0 + 1));
            writer.offer(MetricPoint.of(null, T0 + 2).field("value", 1));
            writer.offer(MetricPoint.of("ratio", T0 + 3).field("value", 0.5).field("inf", Double.POSITIVE_INFINITY));
            await().atMost(PATIENCE).until(() -> writer.written() + writer.dropped() == 4);
            assertThat(writer.written()).isEqualTo(1);
            assertThat(writer.dropped()).isEqualTo(3);
        }
        assertThat(single(INFLUX.query(db, "SELECT * FROM \"ratio\""))).containsExactly((double) (T0 + 3), 0.5);
    }

    @Test
    void shouldWriteAHundredThousandPointsQuickly() throws Exception {
        String db = freshDatabase();
        int n = 100_000;
        try (InfluxMetricsWriter writer = new InfluxMetricsWriter(InfluxSettings.of(INFLUX.url(), db).withBufferCapacity(n))) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                writer.offer(MetricPoint.of("throughput", T0 + i).tag("stage", "S" + (i % 4)).field("value", i));
            }
            long offered = System.nanoTime();
            await().atMost(PATIENCE).until(() -> writer.written() == n);
            long done = System.nanoTime();
            System.out.printf("offer: %.0f points/s; written %d, dropped %d, end to end %.0f points/s%n",
                    n / ((offered - t0) / 1e9), writer.written(), writer.dropped(), writer.written() / ((done - t0) / 1e9));
        }
    }

    private static InfluxSettings quick(String url, String database) {
        return InfluxSettings.of(url, database).withFlushInterval(Duration.ofMillis(50));
    }

    private static String freshDatabase() {
        String name = "test_" + UUID.randomUUID().toString().replace("-", "");
        DATABASES.add(name);
        return name;
    }

    /** The only row of the only series of the only statement. */
    private static List<Object> single(QueryResult result) {
        List<QueryResult.Series> series = result.getResults().get(0).getSeries();
        assertThat(series).as("series").hasSize(1);
        assertThat(series.get(0).getValues()).as("rows").hasSize(1);
        return series.get(0).getValues().get(0);
    }
}
