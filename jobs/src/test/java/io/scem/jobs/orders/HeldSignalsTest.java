package io.scem.jobs.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.entity.CustomerOrder;
import io.scem.core.entity.Shipment;
import io.scem.core.order.OrderSignal;
import java.util.ArrayList;
import java.util.List;
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
