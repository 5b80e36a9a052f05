package io.scem.jobs.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.entity.CustomerOrder;
import io.scem.core.entity.Shipment;
import io.scem.core.order.OrderSignal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class HeldSignalsTest {
    @Test
    void releasesByTimeThenOrderThenRankThenArrivalOneOrdersTimeAtATime() {
        HeldSignals held = new HeldSignals();
        OrderSignal lateAlert = alert("B", 20, "late alert");
        OrderSignal shipmentB = shipment("B", 20);
        OrderSignal orderB = order("B", 20);
        OrderSignal orderA = order("A", 20);
        OrderSignal firstAlertA = alert("A", 20, "first");
        OrderSignal secondAlertA = alert("A", 20, "second");
        OrderSignal earlier = order("Z", 10);
        OrderSignal notDue = order("A", 31);
        for (OrderSignal s : List.of(lateAlert, shipmentB, orderB, firstAlertA, orderA, notDue, secondAlertA, earlier)) {
            held.add(s);
        }

        List<List<OrderSignal>> released = new ArrayList<>();
        for (List<OrderSignal> due = held.pollNextDue(30); !due.isEmpty(); due = held.pollNextDue(30)) released.add(due);

        assertThat(released).containsExactly(
                List.of(earlier),
                List.of(orderA, firstAlertA, secondAlertA),
                List.of(orderB, shipmentB, lateAlert));
        assertThat(held.inOrder()).containsExactly(notDue);
        assertThat(held.pollNextDue(31)).containsExactly(notDue);
        assertThat(held.inOrder()).isEmpty();
    }

    @Test
    void aCheckpointsOrderAddedBackReleasesTheSame() {
        HeldSignals held = new HeldSignals();
        OrderSignal first = alert("A", 5, "first");
        OrderSignal second = alert("A", 5, "second");
        OrderSignal other = order("B", 4);
        held.add(first);
        held.add(other);
        held.add(second);

        HeldSignals restored = new HeldSignals();
        held.inOrder().forEach(restored::add);

        assertThat(restored.pollNextDue(5)).containsExactly(other);
        assertThat(restored.pollNextDue(5)).containsExactly(first, second);
        assertThat(restored.pollNextDue(5)).isEmpty();
    }

    @Test
    void releasesByTheSameOrderWhateverTheNumberOfInterleavedStreamsAndStragglers() {
        Random random = new Random(11);
        HeldSignals held = new HeldSignals();
        // The contract, by brute force: every signal held, sorted by time, order, rank and arrival.
        Map<OrderSignal, Integer> arrival = new IdentityHashMap<>();
        TreeSet<OrderSignal> expectedHeld = new TreeSet<>(Comparator.<OrderSignal>comparingLong(s -> s.at)
                .thenComparing(s -> s.orderId).thenComparingInt(OrderSignal::rank).thenComparingInt(arrival::get));
        List<List<OrderSignal>> released = new ArrayList<>();
        List<List<OrderSignal>> expected = new ArrayList<>();
        // Eleven upstream streams interleaved, each in time order, and now and then a signal behind its stream.
        long[] streamTime = new long[11];
        for (int i = 1; i <= 20_000; i++) {
            int stream = random.nextInt(streamTime.length);
            long at = random.nextInt(20) == 0 ? streamTime[stream] - random.nextInt(50) : (streamTime[stream] += random.nextInt(4));
            String orderId = "SO-" + random.nextInt(40);
            OrderSignal signal = random.nextBoolean() ? order(orderId, at) : alert(orderId, at, "alert " + i);
            arrival.put(signal, i);
            held.add(signal);
            expectedHeld.add(signal);
            if (i % 500 == 0 || i == 20_000) {
                long watermark = i == 20_000 ? Long.MAX_VALUE : Arrays.stream(streamTime).min().orElseThrow() - 20;
                for (List<OrderSignal> due = held.pollNextDue(watermark); !due.isEmpty(); due = held.pollNextDue(watermark)) {
                    released.add(due);
                }
                while (!expectedHeld.isEmpty() && expectedHeld.first().at <= watermark) {
                    OrderSignal first = expectedHeld.pollFirst();
                    List<OrderSignal> due = new ArrayList<>(List.of(first));
                    while (!expectedHeld.isEmpty() && expectedHeld.first().at == first.at
                            && expectedHeld.first().orderId.equals(first.orderId)) {
                        due.add(expectedHeld.pollFirst());
                    }
                    expected.add(due);
                }
            }
        }

        assertThat(released).hasSizeGreaterThan(5_000).containsExactlyElementsOf(expected);
        assertThat(held.inOrder()).isEmpty();
    }

    private static OrderSignal order(String orderId, long at) {
        CustomerOrder o = new CustomerOrder();
        o.orderId = orderId;
        o.occurredAt = at;
        return OrderSignal.of(o);
    }

    private static OrderSignal shipment(String orderId, long at) {
        Shipment sh = new Shipment();
        sh.orderId = orderId;
        sh.occurredAt = at;
        return OrderSignal.of(sh);
    }

    private static OrderSignal alert(String orderId, long at, String message) {
        Alert a = new Alert();
        a.rule = OrderSignal.AT_RISK_RULE;
        a.status = Alert.FIRING;
        a.orderId = orderId;
        a.at = at;
        a.message = message;
        return OrderSignal.of(a);
    }
}
