package io.scem.jobs.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.InfluxDBIOException;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link MetricPoint}s to InfluxDB 1.x without ever holding up the caller.
 *
 * <p>{@link #offer} puts the point in a bounded in-memory buffer and returns; a background
 * thread writes the buffer in batches of at most {@code batchSize} points, as soon as a batch is
 * full or {@code flushInterval} after the last write. While InfluxDB is down the thread retries
 * the same batch with a growing backoff (100 ms to 5 s) and points pile up to {@code
 * bufferCapacity}; past that the oldest queued points are dropped. A batch the server rejects as
 * malformed (field type conflict, unparsable, beyond retention) is dropped, not retried forever.
 * Retried batches may reach the server twice; InfluxDB keeps one point per series and timestamp.
 *
 * <p>Every offered point ends up counted once: in {@link #written()}, in {@link #dropped()}, or
 * still in {@link #buffered()}. The database is created at start when missing, and again
 * whenever a write finds it gone; a server that is down at start is just retried.
 */
public final class InfluxMetricsWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxMetricsWriter.class);

    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Retries for an error the server answered with; network errors are retried forever. */
    private static final int MAX_SERVER_ERROR_ATTEMPTS = 5;

    private enum Outcome { WRITTEN, RETRY, REJECTED }

    private final InfluxSettings settings;
    private final InfluxDB influx;
    private final ConcurrentLinkedQueue<MetricPoint> queue = new ConcurrentLinkedQueue<>();
    /** Queued points plus the batch in flight. */
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private final Thread drainer;

    private volatile boolean flushRequested;
    private volatile boolean closing;
    private volatile long closeDeadlineNanos;
    private volatile boolean databaseReady;
    private volatile boolean connected = true;

    /** Connects lazily and starts the background writer; never fails because InfluxDB is down. */
    public InfluxMetricsWriter(InfluxSettings settings) {
        this.settings = settings;
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(2, TimeUnit.SECONDS)
                .readTimeout(10, TimeUnit.SECONDS)
                .writeTimeout(10, TimeUnit.SECONDS);
        this.influx = settings.username() == null
                ? InfluxDBFactory.connect(settings.url(), http)
                : InfluxDBFactory.connect(settings.url(), settings.username(), settings.password().reveal(), http);
        this.drainer = new Thread(this::drainLoop, "influx-metrics-" + settings.database());
        drainer.setDaemon(true);
        drainer.start();
    }

    /**
     * Buffers a point for writing. Never blocks and never throws.
     *
     * @return false if the point was refused (null, or the writer is closed; counted as dropped)
     */
    public boolean offer(MetricPoint point) {
        if (point == null) {
            return false;
        }
        if (closing) {
            dropped.incrementAndGet();
            return false;
        }
        queue.add(point);
        int size = buffered.incrementAndGet();
        if (size > settings.bufferCapacity() && queue.poll() != null) {
            buffered.decrementAndGet();
            dropped.incrementAndGet();
        }
        if (size == settings.batchSize()) {
            LockSupport.unpark(drainer);
        }
        return true;
    }

    /** Asks the background thread to write what is buffered now; does not wait for it. */
    public void requestFlush() {
        flushRequested = true;
        LockSupport.unpark(drainer);
    }

    /**
     * Waits up to {@code timeout} for everything offered so far to be written (or dropped).
     *
     * @return true if the buffer emptied in time
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (buffered.get() > 0 && drainer.isAlive()) {
            requestFlush();
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return buffered.get() == 0;
    }

    /** Points written to InfluxDB. */
    public long written() {
        return written.get();
    }

    /**
     * Points lost: pushed out of a full buffer, offered after close, malformed (no measurement or
     * no finite field), rejected by the server, or still buffered when close timed out.
     */
    public long dropped() {
        return dropped.get();
    }

    /** Failed attempts to reach InfluxDB (writes and database creation). */
    public long writeFailures() {
        return writeFailures.get();
    }

    /** Points waiting to be written, including the batch being tried. */
    public int buffered() {
        return buffered.get();
    }

    /**
     * Tries for up to {@code closeTimeout} to write what is buffered, then stops; what is left is
     * counted as dropped.
     */
    @Override
    public void close() throws InterruptedException {
        if (closing) {
            return;
        }
        closeDeadlineNanos = System.nanoTime() + settings.closeTimeout().toNanos();
        closing = true;
        LockSupport.unpark(drainer);
        // A write stuck on a hung server can outlast the deadline by the HTTP timeouts; the
        // thread is a daemon, so give up on it rather than hold the caller.
        drainer.join(settings.closeTimeout().toMillis() + 1_000);
        if (drainer.isAlive()) {
            drainer.interrupt();
            LOG.warn("InfluxDB writer for {} did not stop in time; {} points abandoned",
                    settings.database(), buffered.get());
        }
        influx.close();
    }

    private void drainLoop() {
        List<Point> batch = new ArrayList<>(settings.batchSize());
        long backoff = 0;
        int serverErrorAttempts = 0;
        long nextWrite = System.nanoTime() + settings.flushInterval().toNanos();
        while (!(closing && System.nanoTime() - closeDeadlineNanos >= 0)) {
            if (Thread.interrupted()) {
                break;
            }
            if (batch.isEmpty()) {
                if (!closing && !flushRequested && buffered.get() < settings.batchSize()
                        && System.nanoTime() - nextWrite < 0) {
                    LockSupport.parkNanos(this, nextWrite - System.nanoTime());
                    continue;
                }
                flushRequested = false;
                for (MetricPoint p; batch.size() < settings.batchSize() && (p = queue.poll()) != null; ) {
                    Point point = toPoint(p);
                    if (point != null) {
                        batch.add(point);
                    } else {
                        buffered.decrementAndGet();
                        dropped.incrementAndGet();
                    }
                }
                if (batch.isEmpty()) {
                    if (closing) {
                        break;
                    }
                    nextWrite = System.nanoTime() + settings.flushInterval().toNanos();
                    continue;
                }
            }
            Outcome outcome = databaseReady || createDatabase() ? write(batch) : Outcome.RETRY;
            if (outcome == Outcome.RETRY && !connected) {
                serverErrorAttempts = 0;
            } else if (outcome == Outcome.RETRY && ++serverErrorAttempts >= MAX_SERVER_ERROR_ATTEMPTS) {
                outcome = Outcome.REJECTED;
            }
            if (outcome == Outcome.RETRY) {
                backoff = Math.min(MAX_BACKOFF_NANOS, Math.max(MIN_BACKOFF_NANOS, backoff * 2));
                sleepUninterruptedByOffers(closing ? Math.min(backoff, MIN_BACKOFF_NANOS) : backoff);
                continue;
            }
            if (outcome == Outcome.WRITTEN) {
                written.addAndGet(batch.size());
            } else {
                dropped.addAndGet(batch.size());
            }
            buffered.addAndGet(-batch.size());
            batch.clear();
            backoff = 0;
            serverErrorAttempts = 0;
            if (buffered.get() < settings.batchSize()) {
                nextWrite = System.nanoTime() + settings.flushInterval().toNanos();
            }
        }
        int left = batch.size();
        for (MetricPoint p; (p = queue.poll()) != null; ) {
            left++;
        }
        dropped.addAndGet(left);
        buffered.addAndGet(-left);
    }

    private Outcome write(List<Point> batch) {
        try {
            influx.write(BatchPoints.database(settings.database())
                    .precision(TimeUnit.NANOSECONDS)
                    .points(batch)
                    .build());
            markConnected(true, null);
            return Outcome.WRITTEN;
        } catch (InfluxDBException.DatabaseNotFoundException e) {
            databaseReady = false;
            markConnected(true, null);
            writeFailures.incrementAndGet();
            return Outcome.RETRY;
        } catch (InfluxDBIOException e) {
            writeFailures.incrementAndGet();
            markConnected(false, e);
            return Outcome.RETRY;
        } catch (InfluxDBException e) {
            writeFailures.incrementAndGet();
            markConnected(true, null);
            LOG.warn("InfluxDB refused a batch of {} points: {}", batch.size(), e.getMessage());
            return e.isRetryWorth() ? Outcome.RETRY : Outcome.REJECTED;
        } catch (RuntimeException e) {
            writeFailures.incrementAndGet();
            markConnected(false, e);
            return Outcome.RETRY;
        }
    }

    private boolean createDatabase() {
        try {
            // Quoted identifier: database names may hold characters InfluxQL would otherwise parse.
            String name = settings.database().replace("\\", "\\\\").replace("\"", "\\\"");
            QueryResult result = influx.query(new Query("CREATE DATABASE \"" + name + "\"", null, true));
            if (result.hasError()) {
                throw new InfluxDBException(result.getError());
            }
            markConnected(true, null);
        } catch (InfluxDBIOException e) {
            writeFailures.incrementAndGet();
            markConnected(false, e);
            return false;
        } catch (RuntimeException e) {
            // The server answered, e.g. a user without admin rights: the database may well
            // exist, so go on writing; a write that finds it missing brings us back here.
            markConnected(true, null);
            LOG.warn("CREATE DATABASE {} failed: {}", settings.database(), e.getMessage());
        }
        databaseReady = true;
        return true;
    }

    /** Logs only the transitions, so an outage costs two log lines, not one per retry. */
    private void markConnected(boolean nowConnected, Exception cause) {
        if (connected && !nowConnected) {
            LOG.warn("InfluxDB at {} unreachable, buffering up to {} points: {}",
                    settings.url(), settings.bufferCapacity(), cause.toString());
        } else if (!connected && nowConnected) {
            LOG.info("InfluxDB at {} reachable again", settings.url());
        }
        connected = nowConnected;
    }

    /** Offers unpark the thread when a batch fills up; a backoff must not end early for that. */
    private void sleepUninterruptedByOffers(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && !Thread.currentThread().isInterrupted();
                left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
    }

    private static Point toPoint(MetricPoint p) {
        try {
            if (p.measurement == null || p.measurement.isEmpty()) {
                return null;
            }
            Point.Builder point = Point.measurement(p.measurement)
                    .time(TimeUnit.MILLISECONDS.toNanos(p.timestampMillis) + p.nanos, TimeUnit.NANOSECONDS);
            String[] tags = p.tags == null ? new String[0] : p.tags;
            for (int i = 0; i + 1 < tags.length; i += 2) {
                // InfluxDB stores no empty tags; a null one would fail the whole batch.
                if (tags[i] != null && !tags[i].isEmpty() && tags[i + 1] != null && !tags[i + 1].isEmpty()) {
                    point.tag(tags[i], tags[i + 1]);
                }
            }
            int fields = 0;
            int n = p.fieldNames == null || p.fieldValues == null
                    ? 0 : Math.min(p.fieldNames.length, p.fieldValues.length);
            for (int i = 0; i < n; i++) {
                if (p.fieldNames[i] != null && !p.fieldNames[i].isEmpty() && Double.isFinite(p.fieldValues[i])) {
                    point.addField(p.fieldNames[i], p.fieldValues[i]);
                    fields++;
                }
            }
            int texts = p.textNames == null || p.textValues == null ? 0 : Math.min(p.textNames.length, p.textValues.length);
            for (int i = 0; i < texts; i++) {
                if (p.textNames[i] != null && !p.textNames[i].isEmpty() && p.textValues[i] != null) {
                    point.addField(p.textNames[i], p.textValues[i]);
                }
            }
            return fields == 0 ? null : point.build();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
