package io.scem.jobs.demo;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.scem.core.event.SupplyEvent;
import io.scem.core.sim.SupplyChainSimulator;
import io.scem.jobs.kafka.KafkaIo;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;

/**
 * The simulator's events published to Kafka as a producer should publish them ({@link
 * KafkaIo#eventRecord}: each to its stage's topic, keyed by the entity it is about), paced so that
 * {@code speed} simulated seconds pass per wall-clock second (0: as fast as the producer takes
 * them). With {@code followClock}, simulated time never runs ahead of the wall clock: a simulation
 * that starts in the past catches up at {@code speed}, then goes on in real time, so that its
 * events (and the metrics and alerts they cause) fall within "the last hours" of a dashboard.
 */
public final class SimulatorPublisher {
    /** How often {@code progress} hears how far the simulation got, also while it waits. */
    static final long REPORT_MILLIS = 10_000;

    /** Waits; {@link Thread#sleep} outside tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final SupplyChainSimulator simulator;
    private final Producer<byte[], byte[]> producer;
    private final double speed;
    private final boolean followClock;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public SimulatorPublisher(SupplyChainSimulator simulator, Producer<byte[], byte[]> producer, double speed,
            boolean followClock) {
        this(simulator, producer, speed, followClock, System::currentTimeMillis, Thread::sleep);
    }

    SimulatorPublisher(SupplyChainSimulator simulator, Producer<byte[], byte[]> producer, double speed,
            boolean followClock, LongSupplier clock, Sleeper sleeper) {
        if (speed < 0) throw new IllegalArgumentException("speed must be >= 0");
        this.simulator = simulator;
        this.producer = producer;
        this.speed = speed;
        this.followClock = followClock;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Publishes events until the simulated clock reaches {@code endMillis} (exclusive; {@code
     * Long.MAX_VALUE}: endlessly), then flushes the producer. Every {@link #REPORT_MILLIS}
     * {@code progress} gets a line saying how far it got, but only while every send so far
     * succeeded: the first failed send is thrown instead.
     *
     * @return the events sent
     * @throws InterruptedException when the thread is interrupted (the way to stop an endless run)
     */
    public long run(long endMillis, Consumer<String> progress) throws Exception {
        long wallStart = clock.getAsLong();
        long simStart = simulator.currentTime();
        long lastReport = wallStart;
        long sent = 0;
        long simNow = simStart;
        while (true) {
            if (Thread.interrupted()) throw new InterruptedException("stopped");
            SupplyEvent e = simulator.next();
            if (e.occurredAt >= endMillis) break;
            long due = due(e.occurredAt, simStart, wallStart, speed, followClock);
            boolean clockBound = followClock && due == e.occurredAt;
            for (long now = clock.getAsLong(); now < due; now = clock.getAsLong()) {
                // Waits are cut into slices, so that progress (a container's health) goes on in a lull.
                sleeper.sleep(Math.min(due - now, 1_000));
                lastReport = report(lastReport, simNow, clockBound, progress);
            }
            producer.send(KafkaIo.eventRecord(e, SupplyChainSimulator.toJson(e).getBytes(UTF_8)), (metadata, error) -> {
                if (error == null) acknowledged.incrementAndGet();
                else failure.compareAndSet(null, error);
            });
            sent++;
            simNow = e.occurredAt;
            lastReport = report(lastReport, simNow, false, progress);
        }
        producer.flush();
        throwIfFailed();
        return sent;
    }

    /** When (wall clock) the event of simulated time {@code t} is due. */
    static long due(long t, long simStart, long wallStart, double speed, boolean followClock) {
        long paced = speed > 0 ? wallStart + (long) ((t - simStart) / speed) : Long.MIN_VALUE;
        return followClock ? Math.max(paced, t) : paced;
    }

    private long report(long lastReport, long simNow, boolean clockBound, Consumer<String> progress) throws Exception {
        throwIfFailed();
        long now = clock.getAsLong();
        if (now - lastReport < REPORT_MILLIS) return lastReport;
        if (progress != null) progress.accept(progressLine(simNow, now, clockBound));
        return now;
    }

    private String progressLine(long simNow, long now, boolean clockBound) {
        long behind = now - simNow;
        String where = clockBound ? "keeping pace with the wall clock"
                : Math.abs(behind) < 60_000 ? "at the wall clock"
                : behind > 0 ? human(behind) + " behind the wall clock" : human(-behind) + " ahead of the wall clock";
        return String.format("%,d events acknowledged; last event time %s (%s)", acknowledged.get(),
                Instant.ofEpochMilli(simNow), where);
    }

    private static String human(long millis) {
        Duration d = Duration.ofMillis(millis);
        return d.toDays() > 0 ? String.format("%.1f days", millis / 86_400_000.0)
                : d.toHours() > 0 ? String.format("%.1f h", millis / 3_600_000.0) : d.toMinutes() + " min";
    }

    private void throwIfFailed() throws Exception {
        Exception e = failure.get();
        if (e != null) throw e;
    }
}
