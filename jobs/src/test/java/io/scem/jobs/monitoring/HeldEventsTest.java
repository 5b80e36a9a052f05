package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.event.EventType;
import io.scem.core.event.SupplyEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeldEventsTest {
    @Test
    void releasesInEventTimeThenArrivalOrderAcrossPartitionsAndStragglers() {
        HeldEvents held = new HeldEvents();
        Random random = new Random(42);
        List<SupplyEvent> added = new ArrayList<>();
        long[] clocks = new long[4];
        for (int i = 0; i < 2_000; i++) {
            int partition = random.nextInt(4);
            // Mostly forward in time per partition, sometimes a step back (a straggler).
            clocks[partition] += random.nextInt(10) - (random.nextInt(10) == 0 ? 15 : 0);
            SupplyEvent e = new SupplyEvent("e" + i, EventType.GOODS_ISSUED, clocks[partition]);
            e.partition = partition;
            added.add(e);
            held.add(new KeyedEvent("k", e, true));
        }
        List<SupplyEvent> expected = new ArrayList<>(added);
        expected.sort((a, b) -> Long.compare(a.occurredAt, b.occurredAt)); // stable: arrival order on ties

        assertThat(held.inOrder()).extracting(k -> k.event).containsExactlyElementsOf(expected);
        long cut = expected.get(1_000).occurredAt;
        List<SupplyEvent> released = new ArrayList<>();
        KeyedEvent next;
        while ((next = held.pollUpTo(cut)) != null) released.add(next.event);
        assertThat(released).containsExactlyElementsOf(expected.stream().filter(e -> e.occurredAt <= cut).toList());
        while ((next = held.pollUpTo(Long.MAX_VALUE)) != null) released.add(next.event);
        assertThat(released).containsExactlyElementsOf(expected);
        assertThat(held.pollUpTo(Long.MAX_VALUE)).isNull();
    }
}
