package io.scem.jobs.metrics;

import io.scem.jobs.config.Secret;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Where and how {@link InfluxMetricsWriter} writes: an InfluxDB 1.x URL and database, optional
 * credentials, and the buffering knobs. Serializable so a Flink sink can carry it to its
 * subtasks. Start from {@link #of(String, String)} and adjust with the {@code with…} methods.
 *
 * @param url InfluxDB base URL, e.g. {@code http://127.0.0.1:8086}
 * @param database created at start if missing
 * @param username null when authentication is off
 * @param password with {@code username}, else null
 * @param bufferCapacity points kept while InfluxDB is slow or down; beyond it the oldest drop
 * @param batchSize most points per HTTP write
 * @param flushInterval longest time a point waits before a write is attempted
 * @param closeTimeout how long {@code close()} keeps trying to write what is left
 */
public record InfluxSettings(
        String url,
        String database,
        String username,
        Secret password,
        int bufferCapacity,
        int batchSize,
        Duration flushInterval,
        Duration closeTimeout)
        implements Serializable {

    public static final int DEFAULT_BUFFER_CAPACITY = 50_000;
    public static final int DEFAULT_BATCH_SIZE = 5_000;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    public InfluxSettings {
        checkUrl(url);
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("username and password go together");
        }
        if (database.isBlank()) {
            throw new IllegalArgumentException("database must not be blank");
        }
        if (bufferCapacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("bufferCapacity and batchSize must be positive");
        }
        if (flushInterval.isNegative() || flushInterval.isZero() || closeTimeout.isNegative()) {
            throw new IllegalArgumentException("flushInterval must be positive, closeTimeout not negative");
        }
        // The batch being retried counts against the capacity, so it cannot be larger.
        batchSize = Math.min(batchSize, bufferCapacity);
    }

    /**
     * Returns {@code url} if it is an http or https URL with a host, else throws with why. Checked
     * here rather than left to influxdb-java, which rejects it only when each subtask's writer
     * opens: the job then fails and restarts, over and over, and writes nothing.
     */
    public static String checkUrl(String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + url + "' is not an http:// or https:// URL with a host, like http://localhost:8086");
        }
        return url;
    }

    /** No credentials, 50 000 buffered points, batches of 5 000 or every second, 5 s to close. */
    public static InfluxSettings of(String url, String database) {
        return new InfluxSettings(url, database, null, null, DEFAULT_BUFFER_CAPACITY,
                DEFAULT_BATCH_SIZE, DEFAULT_FLUSH_INTERVAL, DEFAULT_CLOSE_TIMEOUT);
    }

    /** The keys {@link #parse} reads, in {@code scem.properties} and {@code notify.properties}. */
    public static final Set<String> KEYS = Set.of("influx.url", "influx.database", "influx.username", "influx.password");

    /**
     * {@code influx.url} (empty or absent: no metrics, null), {@code influx.database} (default
     * {@code scem}), {@code influx.username} and {@code influx.password} (a {@link Secret}:
     * {@code env:NAME} or {@code file:PATH}) of a configuration file. Problems are added to
     * {@code errors}, naming the key and never the password; null then too.
     *
     * @param env looks up environment variables for an {@code env:} password
     */
    public static InfluxSettings parse(Properties p, UnaryOperator<String> env, List<String> errors) {
        String url = text(p, "influx.url");
        String database = text(p, "influx.database");
        String username = text(p, "influx.username");
        String passwordReference = text(p, "influx.password");
        int before = errors.size();
        Secret password = null;
        if (passwordReference != null) {
            try {
                password = Secret.resolve(passwordReference, env);
            } catch (IllegalArgumentException e) {
                errors.add("influx.password: " + e.getMessage()); // Secret's messages never quote the value
            }
        }
        if (username != null && passwordReference == null) errors.add("influx.password is required with influx.username");
        if (username == null && passwordReference != null) errors.add("influx.username is required with influx.password");
        if (url == null && username != null) {
            errors.add("influx.url is required with influx.username (leave both out to write no metrics)");
        }
        if (url != null) {
            try {
                checkUrl(url);
            } catch (IllegalArgumentException e) {
                errors.add("influx.url: " + e.getMessage());
            }
        }
        if (url == null || errors.size() > before) return null;
        InfluxSettings settings = of(url, database == null ? "scem" : database);
        return username == null ? settings : settings.withCredentials(username, password);
    }

    private static String text(Properties p, String key) {
        String value = p.getProperty(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public InfluxSettings withCredentials(String username, Secret password) {
        return new InfluxSettings(url, database, username, password, bufferCapacity, batchSize,
                flushInterval, closeTimeout);
    }

    public InfluxSettings withBufferCapacity(int bufferCapacity) {
        return new InfluxSettings(url, database, username, password, bufferCapacity, batchSize,
                flushInterval, closeTimeout);
    }

    public InfluxSettings withBatchSize(int batchSize) {
        return new InfluxSettings(url, database, username, password, bufferCapacity, batchSize,
                flushInterval, closeTimeout);
    }

    public InfluxSettings withFlushInterval(Duration flushInterval) {
        return new InfluxSettings(url, database, username, password, bufferCapacity, batchSize,
                flushInterval, closeTimeout);
    }

    public InfluxSettings withCloseTimeout(Duration closeTimeout) {
        return new InfluxSettings(url, database, username, password, bufferCapacity, batchSize,
                flushInterval, closeTimeout);
    }

    /** Never prints the password: settings end up in Flink's logs and web UI. */
    @Override
    public String toString() {
        return "InfluxSettings[url=" + url + ", database=" + database + ", username=" + username
                + ", password=" + (password == null ? null : "***") + ", bufferCapacity="
                + bufferCapacity + ", batchSize=" + batchSize + ", flushInterval=" + flushInterval
                + ", closeTimeout=" + closeTimeout + "]";
    }
}
