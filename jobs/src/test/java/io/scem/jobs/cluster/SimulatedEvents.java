package io.scem.jobs.cluster;

import io.scem.core.entity.EntityKeys;
import io.scem.core.event.EventType;
import io.scem.core.event.Stage;
import io.scem.core.event.SupplyEvent;
import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import io.scem.jobs.kafka.KafkaIo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/**
 * The simulator's events for a span of days (the demo's world, a fixed seed): the same content in
 * every run, so that runs with and without a fault can be compared alert for alert.
 */
record SimulatedEvents(Instant start, Instant end, List<SupplyEvent> events) {

    static SimulatedEvents of(long seed, int days) {
        SupplyChainSimulator simulator = new SupplyChainSimulator(SimulationConfig.defaults(seed));
        Instant start = Instant.ofEpochMilli(simulator.currentTime());
        Instant end = start.plus(Duration.ofDays(days));
        List<SupplyEvent> events = new ArrayList<>();
        for (SupplyEvent e = simulator.next(); e.occurredAt < end.toEpochMilli(); e = simulator.next()) {
            events.add(e);
        }
        return new SimulatedEvents(start, end, List.copyOf(events));
    }

    /** The events with {@code from <= occurredAt < to}, in order. */
    List<SupplyEvent> between(Instant from, Instant to) {
        return events.stream()
                .filter(e -> e.occurredAt >= from.toEpochMilli() && e.occurredAt < to.toEpochMilli())
                .toList();
    }

    /** The ids of the events before {@code t}. */
    Set<String> idsBefore(Instant t) {
        return events.stream().filter(e -> e.occurredAt < t.toEpochMilli()).map(e -> e.eventId).collect(Collectors.toSet());
    }

    /**
     * The watermark (and with it the rule clock) a job reaches once it has read every event before
     * {@code split} and nothing after: the minimum over the input partitions of the newest event
     * time in each, minus the out-of-order bound (Flink's bounded-out-of-orderness watermark is
     * that minus 1 ms). Events are placed as {@link KafkaIo#eventRecord} places them: their
     * stage's topic, the partition Kafka's default partitioner gives their entity key.
     */
    Instant watermarkAfter(Instant split, int partitionsPerTopic, Duration outOfOrderBound) {
        Map<String, Long> newest = new HashMap<>();
        for (SupplyEvent e : events) {
            if (e.occurredAt >= split.toEpochMilli()) continue;
            byte[] key = EntityKeys.of(e).get(0).getBytes(StandardCharsets.UTF_8);
            String partition = e.type.stage().topic() + "-" + BuiltInPartitioner.partitionForKey(key, partitionsPerTopic);
            newest.merge(partition, e.occurredAt, Math::max);
        }
        if (newest.size() < Stage.values().length * partitionsPerTopic) {
            throw new IllegalStateException("an input partition has no event before " + split);
        }
        long min = newest.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        return Instant.ofEpochMilli(min - outOfOrderBound.toMillis() - 1);
    }

    /**
     * Whether some production line is stopped at any time within {@code margin} of {@code t}
     * (from its LINE_STOPPED to its LINE_RESUMED; a stop never resumed lasts to the end).
     */
    boolean lineStoppedNear(Instant t, Duration margin) {
        long from = t.minus(margin).toEpochMilli();
        long to = t.plus(margin).toEpochMilli();
        Map<String, Long> stoppedSince = new HashMap<>();
        for (SupplyEvent e : events) {
            String line = e.site + "|" + e.lineId;
            if (e.type == EventType.LINE_STOPPED) {
                stoppedSince.putIfAbsent(line, e.occurredAt);
            } else if (e.type == EventType.LINE_RESUMED) {
                Long since = stoppedSince.remove(line);
                if (since != null && since <= to && e.occurredAt >= from) return true;
            }
        }
        return stoppedSince.values().stream().anyMatch(since -> since <= to);
    }
}
