package io.scem.jobs.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.entity.EntityFact;
import io.scem.core.entity.EntityKeys;
import io.scem.core.entity.EntityState;
import io.scem.core.event.SupplyEvent;
import io.scem.core.order.OrderSignal;
import io.scem.core.order.OrderStatus;
import io.scem.core.order.OrderStatusJson;
import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import io.scem.jobs.monitoring.RuleEvaluationOperator;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class OrderSignalWireTest {
    private static final long DAY = 86_400_000L;

    /**
     * The wire leaves out what a status does not read: every order of a simulated fortnight must
     * come out the same from the signals as sent and as received.
     */
    @Test
    void statusesFromSignalsThroughTheWireEqualThoseFromTheSignalsSent() throws IOException {
        SupplyChainSimulator simulator = new SupplyChainSimulator(SimulationConfig.defaults(11));
        Map<String, EntityState> entities = new HashMap<>();
        Map<String, OrderStatus> direct = new HashMap<>();
        Map<String, OrderStatus> throughWire = new HashMap<>();
        DataOutputSerializer out = new DataOutputSerializer(256);
        int signals = 0;
        int alerts = 0;
        SupplyEvent first = simulator.next();
        for (SupplyEvent e = first; e.occurredAt < first.occurredAt + 14 * DAY; e = simulator.next()) {
            for (String key : EntityKeys.of(e)) {
                EntityFact fact = entities.computeIfAbsent(key, k -> new EntityState())
                        .apply(EntityKeys.kindOf(key), e, DAY, DAY);
                OrderSignal signal = fact == null ? null : OrderSignal.of(fact);
                if (signal == null) continue;
                signals++;
                applyBothWays(signal, direct, throughWire, out);
                // Some orders are flagged at risk, and cleared an hour later, to send alerts too.
                if (signal.order != null && "ORDER_PLACED".equals(signal.order.eventType) && signals % 5 == 0) {
                    applyBothWays(atRisk(signal.orderId, signal.at, true), direct, throughWire, out);
                    applyBothWays(atRisk(signal.orderId, signal.at + 3_600_000L, false), direct, throughWire, out);
                    alerts += 2;
                }
            }
        }

        assertThat(signals).isGreaterThan(20_000);
        assertThat(alerts).isGreaterThan(500);
        assertThat(throughWire).hasSameSizeAs(direct);
        for (Map.Entry<String, OrderStatus> order : direct.entrySet()) {
            assertThat(OrderStatusJson.write(throughWire.get(order.getKey())))
                    .as(order.getKey()).isEqualTo(OrderStatusJson.write(order.getValue()));
        }
    }

    @Test
    void theRuleStageSendsSignalsInIt() {
        assertThat(RuleEvaluationOperator.ORDER_SIGNALS.getTypeInfo().createSerializer(new SerializerConfigImpl()))
                .isSameAs(OrderSignalWire.INSTANCE);
    }

    @Test
    void nullFieldsAndLongTextsComeBack() throws IOException {
        OrderSignal alert = atRisk("ORD-1", 42L, true);
        alert.alertMessage = "cannot be met ✓ ".repeat(10_000);
        OrderSignal back = roundTrip(alert, new DataOutputSerializer(16));
        assertThat(back.at).isEqualTo(42L);
        assertThat(back.orderId).isEqualTo("ORD-1");
        assertThat(back.alertStatus).isEqualTo(Alert.FIRING);
        assertThat(back.alertMessage).isEqualTo(alert.alertMessage);
        assertThat(back.order).isNull();
        assertThat(back.shipment).isNull();
        assertThat(back.rank()).isEqualTo(alert.rank());
    }

    private static void applyBothWays(OrderSignal signal, Map<String, OrderStatus> direct,
            Map<String, OrderStatus> throughWire, DataOutputSerializer out) throws IOException {
        OrderSignal received = roundTrip(signal, out);
        assertThat(received.rank()).isEqualTo(signal.rank());
        boolean changed = direct.computeIfAbsent(signal.orderId, OrderStatus::of).apply(signal);
        assertThat(throughWire.computeIfAbsent(received.orderId, OrderStatus::of).apply(received)).isEqualTo(changed);
    }

    private static OrderSignal roundTrip(OrderSignal signal, DataOutputSerializer out) throws IOException {
        out.clear();
        OrderSignalWire.INSTANCE.serialize(signal, out);
        return OrderSignalWire.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private static OrderSignal atRisk(String orderId, long at, boolean firing) {
        Alert a = new Alert();
        a.rule = OrderSignal.AT_RISK_RULE;
        a.status = firing ? Alert.FIRING : Alert.RESOLVED;
        a.orderId = orderId;
        a.at = at;
        a.message = firing ? "Order " + orderId + " cannot be met by its promise" : "cleared";
        return OrderSignal.of(a);
    }
}
