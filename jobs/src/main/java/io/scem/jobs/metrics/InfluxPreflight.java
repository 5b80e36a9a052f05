package io.scem.jobs.metrics;

import io.scem.core.notify.Durations;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;

/**
 * Asks InfluxDB, before a command starts writing metrics, whether it answers. The job never waits
 * for InfluxDB (its writer buffers and drops, {@link InfluxMetricsWriter}), so a wrong URL or a
 * server that is down showed only in the log: {@code ./scem demo --influx-url …} ran on as if its
 * metrics were written, and the dashboards stayed empty.
 */
public final class InfluxPreflight {
    /** Long enough for a server that answers at all. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    private InfluxPreflight() {}

    /**
     * Says {@link #problem} through {@code say}, after {@code command}'s name, if there is one;
     * nothing without {@code settings} (no metrics). The command goes on either way: the job
     * writes once InfluxDB answers.
     */
    public static void warnIfDown(String command, InfluxSettings settings, Consumer<String> say) {
        if (settings == null) return;
        String problem = problem(settings, TIMEOUT);
        if (problem != null) say.accept(command + ": " + problem);
    }

    /** What is wrong, as a sentence that says what happens to the metrics, or null when InfluxDB answers its ping. */
    public static String problem(InfluxSettings settings, Duration timeout) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        InfluxDB influx = InfluxDBFactory.connect(settings.url(), http);
        try {
            if (influx.ping().isGood()) return null;
            return "InfluxDB at " + settings.url() + " does not answer its ping" + whatHappens(settings);
        } catch (RuntimeException e) {
            return "no answer from InfluxDB at " + settings.url() + " within " + Durations.format(timeout) + " (is it up?)"
                    + whatHappens(settings);
        } finally {
            influx.close();
        }
    }

    private static String whatHappens(InfluxSettings settings) {
        return String.format("; metrics are kept (up to %,d points per writer) until it does, the oldest dropped beyond", settings.bufferCapacity());
    }
}
