package io.scem.jobs.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.cost.CostModel;
import io.scem.core.entity.CustomerOrder;
import io.scem.core.entity.Shipment;
import io.scem.core.event.Instants;
import io.scem.core.order.OrderSignal;
import io.scem.core.order.OrderStatus;
import io.scem.core.order.OrderStatus.Status;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OrderStatusFunction}: signals wait for the watermark and apply in event-time order, the
 * promise flags LATE, the order is released (state and timers gone) a retention after it ended,
 * or when idle, or at the end of a bounded input, which never makes a promise after it pass.
 */
class OrderStatusFunctionTest {
    private static final long HOUR = Instants.HOUR;
    private static final long RETENTION = 24 * HOUR;
    private static final long IDLE_TTL = 30 * Instants.DAY;
    private static final long PLACED = Instants.parse("2026-01-05T08:00:00Z");
    private static final long PROMISED = PLACED + 72 * HOUR;
    private static final CostModel COSTS = new CostModel("EUR", 1.50, 25.00, 0.05, 0.25,
            Map.of("SKU-1", new CostModel.SkuCost(8.00, 12.50)),
            Map.of("DHL", new CostModel.CarrierRate(12.00, 0.40, 36, 30.00)));

    private KeyedBroadcastOperatorTestHarness<String, OrderSignal, Long, OrderStatus> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new OrderStatusFunction(COSTS, RETENTION, IDLE_TTL), s -> s.orderId, Types.STRING,
                OrderStatusFunction.END_OF_INPUT);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void shouldPublishEachMilestoneOnceTheWatermarkPassesItAndForgetTheOrderAfterTheRetention() throws Exception {
        send(placed(PLACED));
        assertThat(harness.extractOutputValues()).as("held until the watermark passes it").isEmpty();
        harness.watermark(PLACED);
        send(picked(PLACED + HOUR, 10));
        // The dispatch reaches the order and the shipment; the shipment's copy may come first.
        send(dispatch(PLACED + 2 * HOUR));
        send(dispatchedOrder(PLACED + 2 * HOUR));
        send(shipmentEvent("SHIPMENT_CHECKPOINT", PLACED + 5 * HOUR, s -> s.lastLocation = "HUB-VIENNA"));
        send(shipmentEvent("SHIPMENT_DELIVERED", PLACED + 30 * HOUR, s -> s.deliveredAt = PLACED + 30 * HOUR));
        harness.watermark(PLACED + 30 * HOUR);

        assertThat(harness.extractOutputValues()).extracting(s -> s.status + " v" + s.version).containsExactly(
                "ALLOCATED v2", "PICKED v3", "SHIPPED v5", "IN_TRANSIT v6", "DELIVERED v7");
        OrderStatus delivered = last();
        assertThat(delivered.costToServe.margin).as("125.00 - 80.00 - (1.50 + 16.00)").isEqualTo(27.50);
        assertThat(sideOutput(OrderStatusFunction.ENDED)).singleElement().satisfies(s -> assertThat(s.version).isEqualTo(7));

        assertThat(stateEntries()).as("only when it ended, for the retention").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).as("the promise timer is gone, the retention's is left").isEqualTo(1);
        // A straggler within the retention changes nothing and is not kept.
        send(signal(order("ORDER_CANCELLED", PLACED + 31 * HOUR)));
        harness.watermark(PLACED + 30 * HOUR + RETENTION - 1);
        assertThat(harness.extractOutputValues()).hasSize(5);
        assertThat(stateEntries()).isEqualTo(1);
        harness.watermark(PLACED + 30 * HOUR + RETENTION);
        assertThat(stateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(sideOutput(OrderStatusFunction.RELEASED)).as("its final status was ENDED").isEmpty();
    }

    @Test
    void shouldFlagLateWhenThePromisePassesAndNotAllocateAnOrderAtRisk() throws Exception {
        send(placed(PLACED));
        send(atRisk(PLACED, Alert.FIRING));
        harness.watermark(PROMISED - 1);
        assertThat(last().status).isEqualTo(Status.PLACED);
        assertThat(last().atRisk).isTrue();

        harness.watermark(PROMISED);
        assertThat(last().late).isTrue();
        assertThat(last().version).as("placed, at risk (one publication), late").isEqualTo(3);
    }

    @Test
    void shouldApplyASignalBehindTheWatermarkAtTheNextOne() throws Exception {
        send(placed(PLACED));
        send(atRisk(PLACED, Alert.FIRING));
        harness.watermark(PLACED + 2 * HOUR);
        // A held RESOLVED comes stamped with when the condition cleared, behind the watermark.
        send(atRisk(PLACED + HOUR, Alert.RESOLVED));
        harness.watermark(PLACED + 3 * HOUR);
        assertThat(last().atRisk).isFalse();
        assertThat(last().allocatedAt).isEqualTo(PLACED + HOUR);
    }

    @Test
    void shouldIgnoreAnAlertAboutAnOrderItDoesNotKnow() throws Exception {
        send(atRisk(PLACED, Alert.FIRING));
        harness.watermark(PLACED + HOUR);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(stateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldReleaseAnOrderThatChangedNothingForTheIdleTtl() throws Exception {
        send(placed(PLACED));
        send(dispatch(PLACED + HOUR));
        // Its shipment is lost: the last change is the LATE flag at the promise.
        harness.watermark(PROMISED + IDLE_TTL - 1);
        assertThat(last().late).isTrue();
        assertThat(stateEntries()).isPositive();
        harness.watermark(PROMISED + IDLE_TTL);
        assertThat(stateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(sideOutput(OrderStatusFunction.RELEASED)).singleElement()
                .satisfies(s -> assertThat(s.status).isEqualTo(Status.SHIPPED));
    }

    @Test
    void shouldReleaseEveryOrderAtTheEndOfABoundedInputWithoutPassingLaterPromises() throws Exception {
        send(placed(PLACED));
        harness.processBroadcastElement(PLACED + 10 * HOUR, Long.MIN_VALUE);
        harness.watermark(Long.MAX_VALUE);
        assertThat(sideOutput(OrderStatusFunction.RELEASED)).singleElement().satisfies(s -> {
            assertThat(s.status).isEqualTo(Status.ALLOCATED);
            assertThat(s.late).as("promised after the last event").isFalse();
        });
        assertThat(stateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldPassAPromiseBeforeTheEndEvenWhenTheOrdersSignalsWaitForTheLastWatermark() throws Exception {
        // The last periodic watermark may come long before the end: everything after it is
        // applied when Flink fires every timer at the end, and must come out as it would have.
        send(placed(PLACED));
        send(dispatch(PLACED + HOUR));
        harness.processBroadcastElement(PROMISED + 10 * HOUR, Long.MIN_VALUE);
        harness.watermark(Long.MAX_VALUE);
        assertThat(sideOutput(OrderStatusFunction.RELEASED)).singleElement().satisfies(s -> {
            assertThat(s.status).isEqualTo(Status.SHIPPED);
            assertThat(s.late).as("promised before the last event").isTrue();
        });
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldMoveThePromiseTimerWhenTheOrderIsPlacedAgain() throws Exception {
        send(placed(PLACED));
        harness.watermark(PLACED);
        CustomerOrder again = order("ORDER_PLACED", PLACED + HOUR);
        again.promisedAt = PROMISED + 24 * HOUR;
        send(signal(again));
        harness.watermark(PROMISED);
        assertThat(last().late).as("the old promise no longer counts").isFalse();
        harness.watermark(PROMISED + 24 * HOUR);
        assertThat(last().late).isTrue();
    }

    // ---- test data: the facts the first rule stage makes of one order's events ----------------

    private OrderSignal placed(long at) {
        return signal(order("ORDER_PLACED", at));
    }

    private OrderSignal picked(long at, long issued) {
        CustomerOrder o = order("GOODS_ISSUED", at);
        o.issuedQuantity = issued;
        return signal(o);
    }

    private OrderSignal dispatchedOrder(long at) {
        CustomerOrder o = order("SHIPMENT_DISPATCHED", at);
        o.issuedQuantity = 10;
        o.shipmentId = "SH-1";
        o.dispatchedAt = at;
        return signal(o);
    }

    private OrderSignal dispatch(long at) {
        return shipmentEvent("SHIPMENT_DISPATCHED", at, s -> {});
    }

    private static CustomerOrder order(String eventType, long at) {
        CustomerOrder o = new CustomerOrder();
        o.orderId = "SO-1";
        o.customerId = "CUST-1";
        o.site = "DC1";
        o.sku = "SKU-1";
        o.quantity = 10L;
        o.placedAt = PLACED;
        o.promisedAt = PROMISED;
        o.eventType = eventType;
        o.occurredAt = at;
        return o;
    }

    private static OrderSignal shipmentEvent(String eventType, long at, java.util.function.Consumer<Shipment> fill) {
        Shipment s = new Shipment();
        s.shipmentId = "SH-1";
        s.orderId = "SO-1";
        s.carrierId = "DHL";
        s.destination = "Lyon";
        s.promisedAt = PROMISED;
        s.dispatchedAt = PLACED + 2 * HOUR;
        s.eventType = eventType;
        s.occurredAt = at;
        fill.accept(s);
        return signal(s);
    }

    private static OrderSignal signal(io.scem.core.entity.EntityFact fact) {
        return OrderSignal.of(fact);
    }

    private static OrderSignal atRisk(long at, String status) {
        Alert a = new Alert();
        a.rule = OrderSignal.AT_RISK_RULE;
        a.status = status;
        a.orderId = "SO-1";
        a.at = at;
        a.message = "SKU-1 at DC1 cannot meet the promise";
        return OrderSignal.of(a);
    }

    private void send(OrderSignal signal) throws Exception {
        harness.processElement(signal, signal.at);
    }

    private OrderStatus last() {
        List<OrderStatus> out = harness.extractOutputValues();
        return out.get(out.size() - 1);
    }

    private List<OrderStatus> sideOutput(org.apache.flink.util.OutputTag<OrderStatus> tag) {
        var records = harness.getSideOutput(tag);
        return records == null ? List.of() : records.stream().map(r -> r.getValue()).toList();
    }

    private int stateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }
}
