package io.scem.jobs.demo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.scem.core.entity.EntityKeys;
import io.scem.core.event.SupplyEvent;
import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The publisher's pacing on a virtual clock: what is sent when, and what a failed send does. */
class SimulatorPublisherTest {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    /** A wall clock that only sleeping moves. */
    private static final class VirtualClock {
        long now = NOW.toEpochMilli();
        long slept;

        void sleep(long millis) {
            now += millis;
            slept += millis;
        }
    }

    /** A producer that notes the (virtual) wall-clock time of each send. */
    private static final class TimedProducer extends MockProducer<byte[], byte[]> {
        final VirtualClock clock;
        final List<Long> sentAt = new ArrayList<>();

        TimedProducer(VirtualClock clock) {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
            this.clock = clock;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            sentAt.add(clock.now);
            return super.send(record, callback);
        }
    }

    private static SupplyChainSimulator simulatorFrom(Instant start) {
        return new SupplyChainSimulator(SimulationConfig.defaults(3).withStart(start));
    }

    @Test
    void shouldSendEachEventToItsStageTopicKeyedByItsEntity() throws Exception {
        VirtualClock clock = new VirtualClock();
        TimedProducer producer = new TimedProducer(clock);
        Instant start = SimulationConfig.DEFAULT_START;

        long sent = new SimulatorPublisher(simulatorFrom(start), producer, 0, false, () -> clock.now, clock::sleep)
                .run(start.toEpochMilli() + DAY, null);

        SupplyChainSimulator expected = simulatorFrom(start);
        assertThat(sent).isEqualTo(producer.history().size()).isGreaterThan(1_000);
        for (ProducerRecord<byte[], byte[]> record : producer.history()) {
            SupplyEvent e = expected.next();
            assertThat(record.topic()).isEqualTo(e.type.stage().topic());
            assertThat(new String(record.key(), UTF_8)).isEqualTo(EntityKeys.of(e).get(0));
            assertThat(new String(record.value(), UTF_8)).isEqualTo(SupplyChainSimulator.toJson(e));
        }
        assertThat(clock.slept).as("speed 0 never waits").isZero();
    }

    @Test
    void shouldPaceSimulatedTimeAtTheGivenSpeed() throws Exception {
        VirtualClock clock = new VirtualClock();
        TimedProducer producer = new TimedProducer(clock);
        Instant start = SimulationConfig.DEFAULT_START;
        SimulatorPublisher publisher = new SimulatorPublisher(simulatorFrom(start), producer, 3600, false,
                () -> clock.now, clock::sleep);

        publisher.run(start.toEpochMilli() + 6 * HOUR, null);

        // One simulated hour per wall second: each event goes out at its simulated offset / 3600, never before.
        List<ProducerRecord<byte[], byte[]>> history = producer.history();
        SupplyChainSimulator expected = simulatorFrom(start);
        for (int i = 0; i < history.size(); i++) {
            long due = NOW.toEpochMilli() + (expected.next().occurredAt - start.toEpochMilli()) / 3600;
            assertThat(producer.sentAt.get(i)).isGreaterThanOrEqualTo(due).isLessThan(due + 1_000);
        }
        assertThat(clock.now - NOW.toEpochMilli()).isBetween(5_000L, 6_000L);
    }

    @Test
    void shouldCatchUpWithTheWallClockThenKeepPaceWithIt() throws Exception {
        VirtualClock clock = new VirtualClock();
        TimedProducer producer = new TimedProducer(clock);
        Instant start = NOW.minus(Duration.ofDays(2));
        List<String> progress = new ArrayList<>();
        SimulatorPublisher publisher = new SimulatorPublisher(simulatorFrom(start), producer, 3600, true,
                () -> clock.now, clock::sleep);

        publisher.run(NOW.toEpochMilli() + 6 * HOUR, progress::add);

        SupplyChainSimulator expected = simulatorFrom(start);
        // At 3600x the simulated clock catches up with the wall clock 2 days / 3599 after NOW (~48 s):
        // what happens before that is sent at 3600x (an event a few seconds after NOW included),
        // what happens after in real time.
        long caughtUp = NOW.toEpochMilli() + Duration.ofDays(2).toMillis() / 3599 + 1;
        for (long sentAt : producer.sentAt) {
            long occurredAt = expected.next().occurredAt;
            assertThat(sentAt).as("never ahead of the wall clock").isGreaterThanOrEqualTo(occurredAt);
            if (occurredAt < caughtUp) {
                assertThat(sentAt).as("the past at 3600x").isLessThan(caughtUp + 1_000);
            } else {
                assertThat(sentAt).as("the future in real time").isLessThan(occurredAt + 1_000);
            }
        }
        // Two days caught up in ~48 s, then six hours in real time: about 6 h of wall clock in all.
        assertThat(clock.now - NOW.toEpochMilli()).isBetween(6 * HOUR - 60 * 60_000, 6 * HOUR + 60_000);
        assertThat(progress).as("a line every 10 s, also while waiting").hasSizeGreaterThan(2_000);
        assertThat(progress.get(0)).contains("behind the wall clock");
        assertThat(progress).anyMatch(line -> line.contains("keeping pace with the wall clock"));
        assertThat(progress.get(progress.size() - 1)).doesNotContain("behind").doesNotContain("ahead");
    }

    @Test
    void shouldStopAtTheFirstFailedSend() {
        VirtualClock clock = new VirtualClock();
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        Instant start = SimulationConfig.DEFAULT_START;
        SimulatorPublisher publisher = new SimulatorPublisher(simulatorFrom(start), producer, 3600, false,
                () -> clock.now, millis -> {
                    clock.sleep(millis);
                    // The broker gives up on what was sent so far.
                    boolean more = true;
                    while (more) more = producer.errorNext(new TimeoutException("no broker"));
                });

        assertThatThrownBy(() -> publisher.run(Long.MAX_VALUE, null)).isInstanceOf(TimeoutException.class);
        assertThat(clock.now - NOW.toEpochMilli()).as("stopped within a second of the failure").isLessThan(2_000);
    }

    @Test
    void shouldStopWhenInterruptedEvenAtFullSpeed() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        SimulatorPublisher publisher = new SimulatorPublisher(simulatorFrom(SimulationConfig.DEFAULT_START), producer, 0, false);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                publisher.run(Long.MAX_VALUE, null);
            } catch (Throwable t) {
                outcome.set(t);
            }
        });

        thread.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() > 1_000);
        thread.interrupt();
        thread.join(10_000);

        assertThat(thread.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void dueIsThePacedTimeOrTheEventTimeWhicheverIsLater() {
        long simStart = 0;
        long wallStart = 10 * DAY;
        assertThat(SimulatorPublisher.due(HOUR, simStart, wallStart, 3600, false)).isEqualTo(wallStart + 1_000);
        assertThat(SimulatorPublisher.due(HOUR, simStart, wallStart, 0, false)).isEqualTo(Long.MIN_VALUE);
        // Behind the wall clock: paced. Ahead of it: at its own time.
        assertThat(SimulatorPublisher.due(HOUR, simStart, wallStart, 3600, true)).isEqualTo(wallStart + 1_000);
        assertThat(SimulatorPublisher.due(11 * DAY, simStart, wallStart, 3600, true)).isEqualTo(11 * DAY);
        assertThat(SimulatorPublisher.due(11 * DAY, simStart, wallStart, 0, true)).isEqualTo(11 * DAY);
    }
}
