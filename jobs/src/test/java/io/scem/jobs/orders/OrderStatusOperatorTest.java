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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OrderStatusOperator}: signals wait for the watermark and apply in event-time order, the
 * promise flags LATE, the order is released (state and timers gone) a retention after it ended,
 * or when idle, or at the end of a bounded input, which never makes a promise after it pass.
 */
class OrderStatusOperatorTest {
    private static final long HOUR = Instants.HOUR;
    private static final long RETENTION = 24 * HOUR;
    private static final long IDLE_TTL = 30 * Instants.DAY;
    private static final long PLACED = Instants.parse("2026-01-05T08:00:00Z");
    private static final long PROMISED = PLACED + 72 * HOUR;
    private static final int MAX_PARALLELISM = 128;
    private static final CostModel COSTS = new CostModel("EUR", 1.50, 25.00, 0.05, 0.25,
            Map.of("SKU-1", new CostModel.SkuCost(8.00, 12.50)),
            Map.of("DHL", new CostModel.CarrierRate(12.00, 0.40, 36, 30.00)));

    private KeyedTwoInputStreamOperatorTestHarness<String, OrderSignal, Long, OrderStatus> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = openHarness(null);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, OrderSignal, Long, OrderStatus> openHarness(
            OperatorSubtaskState restoreFrom) throws Exception {
        return openHarness(restoreFrom, 1, 0);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, OrderSignal, Long, OrderStatus> openHarness(
            OperatorSubtaskState restoreFrom, int parallelism, int subtask) throws Exception {
        return openHarness(restoreFrom, parallelism, subtask, IDLE_TTL);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, OrderSignal, Long, OrderStatus> openHarness(
            OperatorSubtaskState restoreFrom, int parallelism, int subtask, long idleTtl) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new OrderStatusOperator(COSTS, RETENTION, idleTtl),
                (KeySelector<OrderSignal, String>) s -> s.orderId,
                // Input 2 is broadcast in the job; the harness wants a key all the same.
                (KeySelector<Long, String>) clock -> "clock", Types.STRING, MAX_PARALLELISM, parallelism, subtask);
        h.setup();
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        } else {
            h.initializeEmptyState();
        }
        h.open();
        return h;
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void shouldPublishEachMilestoneOnceTheWatermarkPassesItAndForgetTheOrderAfterTheRetention() throws Exception {
        send(placed(PLACED));
        assertThat(harness.extractOutputValues()).as("held until the watermark passes it").isEmpty();
        watermark(PLACED);
        send(picked(PLACED + HOUR, 10));
        // The dispatch reaches the order and the shipment; the shipment's copy may come first.
        send(dispatch(PLACED + 2 * HOUR));
        send(dispatchedOrder(PLACED + 2 * HOUR));
        send(shipmentEvent("SHIPMENT_CHECKPOINT", PLACED + 5 * HOUR, s -> s.lastLocation = "HUB-VIENNA"));
        send(shipmentEvent("SHIPMENT_DELIVERED", PLACED + 30 * HOUR, s -> s.deliveredAt = PLACED + 30 * HOUR));
        watermark(PLACED + 30 * HOUR);

        assertThat(harness.extractOutputValues()).extracting(s -> s.status + " v" + s.version).containsExactly(
                "ALLOCATED v2", "PICKED v3", "SHIPPED v5", "IN_TRANSIT v6", "DELIVERED v7");
        OrderStatus delivered = last();
        assertThat(delivered.costToServe.margin).as("125.00 - 80.00 - (1.50 + 16.00)").isEqualTo(27.50);
        assertThat(sideOutput(OrderStatusOperator.ENDED)).singleElement().satisfies(s -> assertThat(s.version).isEqualTo(7));

        assertThat(stateEntries()).as("only when it ended, for the retention").isEqualTo(1);
        assertThat(timersArmed()).as("the promise timer is gone, the retention's is left").isEqualTo(1);
        // A straggler within the retention changes nothing and is not kept.
        send(signal(order("ORDER_CANCELLED", PLACED + 31 * HOUR)));
        watermark(PLACED + 30 * HOUR + RETENTION - 1);
        assertThat(harness.extractOutputValues()).hasSize(5);
        assertThat(stateEntries()).isEqualTo(1);
        watermark(PLACED + 30 * HOUR + RETENTION);
        assertThat(stateEntries()).isZero();
        assertThat(timersArmed()).isZero();
        assertThat(sideOutput(OrderStatusOperator.RELEASED)).as("its final status was ENDED").isEmpty();
    }

    @Test
    void shouldFlagLateWhenThePromisePassesAndNotAllocateAnOrderAtRisk() throws Exception {
        send(placed(PLACED));
        send(atRisk(PLACED, Alert.FIRING));
        watermark(PROMISED - 1);
        assertThat(last().status).isEqualTo(Status.PLACED);
        assertThat(last().atRisk).isTrue();

        watermark(PROMISED);
        assertThat(last().late).isTrue();
        assertThat(last().version).as("placed, at risk (one publication), late").isEqualTo(3);
    }

    @Test
    void shouldApplyASignalBehindTheWatermarkAtTheNextOne() throws Exception {
        send(placed(PLACED));
        send(atRisk(PLACED, Alert.FIRING));
        watermark(PLACED + 2 * HOUR);
        // A held RESOLVED comes stamped with when the condition cleared, behind the watermark.
        send(atRisk(PLACED + HOUR, Alert.RESOLVED));
        watermark(PLACED + 3 * HOUR);
        assertThat(last().atRisk).isFalse();
        assertThat(last().allocatedAt).isEqualTo(PLACED + HOUR);
    }

    @Test
    void shouldIgnoreAnAlertAboutAnOrderItDoesNotKnow() throws Exception {
        send(atRisk(PLACED, Alert.FIRING));
        watermark(PLACED + HOUR);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(stateEntries()).isZero();
        assertThat(timersArmed()).isZero();
    }

    @Test
    void shouldReleaseAnOrderThatChangedNothingForTheIdleTtl() throws Exception {
        send(placed(PLACED));
        send(dispatch(PLACED + HOUR));
        // Its shipment is lost: the last change is the LATE flag at the promise.
        watermark(PROMISED + IDLE_TTL - 1);
        assertThat(last().late).isTrue();
        assertThat(stateEntries()).isPositive();
        watermark(PROMISED + IDLE_TTL);
        assertThat(stateEntries()).isZero();
        assertThat(timersArmed()).isZero();
        assertThat(sideOutput(OrderStatusOperator.RELEASED)).singleElement()
                .satisfies(s -> assertThat(s.status).isEqualTo(Status.SHIPPED));
    }

    @Test
    void shouldReleaseEveryOrderAtTheEndOfABoundedInputWithoutPassingLaterPromises() throws Exception {
        send(placed(PLACED));
        endOfInput(PLACED + 10 * HOUR);
        watermark(Long.MAX_VALUE);
        assertThat(sideOutput(OrderStatusOperator.RELEASED)).singleElement().satisfies(s -> {
            assertThat(s.status).isEqualTo(Status.ALLOCATED);
            assertThat(s.late).as("promised after the last event").isFalse();
        });
        assertThat(stateEntries()).isZero();
        assertThat(timersArmed()).isZero();
    }

    /**
     * Without an idle TTL an open order is kept until the end of a bounded input; one that ends
     * leaves no timer behind (a timer for the end would never fire in an unbounded input).
     */
    @Test
    void shouldKeepAnOrderUntilTheEndWithoutAnIdleTtlAndLeaveNoTimerOnceItEnded() throws Exception {
        harness.close();
        harness = openHarness(null, 1, 0, 0);
        send(placed(PLACED));
        send(dispatch(PLACED + 2 * HOUR));
        send(dispatchedOrder(PLACED + 2 * HOUR));
        send(shipmentEvent("SHIPMENT_DELIVERED", PLACED + 30 * HOUR, s -> s.deliveredAt = PLACED + 30 * HOUR));
        watermark(PROMISED);
        assertThat(sideOutput(OrderStatusOperator.ENDED)).hasSize(1);
        assertThat(stateEntries()).isZero();
        assertThat(((OrderStatusOperator) harness.getOperator()).timersQueued()).as("stale ones included").isZero();
        harness.close();

        harness = openHarness(null, 1, 0, 0);
        send(placed(PLACED));
        watermark(PLACED + 40 * Instants.DAY);
        assertThat(sideOutput(OrderStatusOperator.RELEASED)).as("never idle").isEmpty();
        endOfInput(PLACED + 40 * Instants.DAY);
        watermark(Long.MAX_VALUE);
        assertThat(sideOutput(OrderStatusOperator.RELEASED)).singleElement()
                .satisfies(s -> assertThat(s.late).as("its promise passed").isTrue());
        assertThat(stateEntries()).isZero();
    }

    @Test
    void shouldPassAPromiseBeforeTheEndEvenWhenTheOrdersSignalsWaitForTheLastWatermark() throws Exception {
        // The last periodic watermark may come long before the end: everything after it is
        // applied when Flink fires every timer at the end, and must come out as it would have.
        send(placed(PLACED));
        send(dispatch(PLACED + HOUR));
        endOfInput(PROMISED + 10 * HOUR);
        watermark(Long.MAX_VALUE);
        assertThat(sideOutput(OrderStatusOperator.RELEASED)).singleElement().satisfies(s -> {
            assertThat(s.status).isEqualTo(Status.SHIPPED);
            assertThat(s.late).as("promised before the last event").isTrue();
        });
        assertThat(timersArmed()).isZero();
    }

    @Test
    void shouldMoveThePromiseTimerWhenTheOrderIsPlacedAgain() throws Exception {
        send(placed(PLACED));
        watermark(PLACED);
        CustomerOrder again = order("ORDER_PLACED", PLACED + HOUR);
        again.promisedAt = PROMISED + 24 * HOUR;
        send(signal(again));
        watermark(PROMISED);
        assertThat(last().late).as("the old promise no longer counts").isFalse();
        watermark(PROMISED + 24 * HOUR);
        assertThat(last().late).isTrue();
    }

    /**
     * An order that ends leaves its promise and idle timers stale in the queue (the idle one 30
     * days out); the queue drops them as it grows, so it holds fewer than twice the armed timers
     * instead of three times as many (one retention timer armed, two stale, per order).
     */
    @Test
    void shouldDropTheStaleTimersOfEndedOrdersAsTheQueueGrows() throws Exception {
        long at = PLACED;
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 1000; i++) {
                String orderId = "SO-" + round + "-" + i;
                send(ofOrder(orderId, signal(order("ORDER_PLACED", at))));
                send(ofOrder(orderId, signal(order("ORDER_CANCELLED", at + 1))));
            }
            watermark(at + 1);
            at += HOUR;
        }
        assertThat(sideOutput(OrderStatusOperator.ENDED)).hasSize(10_000);
        assertThat(timersArmed()).as("the retention's timer of each order").isEqualTo(10_000);
        assertThat(((OrderStatusOperator) harness.getOperator()).timersQueued()).isLessThan(2 * 10_000);

        watermark(at + RETENTION);
        assertThat(stateEntries()).isZero();
        assertThat(timersArmed()).isZero();
    }

    @Test
    void shouldPassThePromiseBetweenSignalsBeforeAndAfterItThatOneWatermarkReleases() throws Exception {
        send(placed(PLACED));
        send(dispatch(PLACED + HOUR));
        send(shipmentEvent("SHIPMENT_DELIVERED", PROMISED + HOUR, s -> s.deliveredAt = PROMISED + HOUR));
        watermark(PROMISED + 2 * HOUR);
        assertThat(harness.extractOutputValues()).extracting(s -> s.status + (s.late ? " late" : "")).containsExactly(
                "ALLOCATED", "SHIPPED", "SHIPPED late", "DELIVERED late");
        assertThat(last().history).extracting(line -> line.what).contains(
                "late: promised for 2026-01-08T08:00:00Z, not delivered", "delivered, 1 h late");
    }

    @Test
    void shouldTakeBackTheSignalsItHeldAfterARestoreAtAnotherParallelism() throws Exception {
        List<OrderSignal> placements = new ArrayList<>();
        List<OrderSignal> picks = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            placements.add(ofOrder("SO-" + i, placed(PLACED)));
            picks.add(ofOrder("SO-" + i, picked(PLACED + HOUR, 10)));
        }
        for (OrderSignal signal : placements) send(signal);
        for (OrderSignal signal : picks) send(signal);
        watermark(PLACED + HOUR);
        List<String> uninterrupted = changes(harness);

        var before = openHarness(null);
        for (OrderSignal signal : placements) before.processElement1(new StreamRecord<>(signal, signal.at));
        before.processBothWatermarks(new Watermark(PLACED));
        for (OrderSignal signal : picks) before.processElement1(new StreamRecord<>(signal, signal.at));
        OperatorSubtaskState snapshot = before.snapshot(1, 1);
        List<String> all = new ArrayList<>(changes(before));
        before.close();
        assertThat(all).as("only the placements passed the watermark").hasSize(20);

        Set<String> ordersSeen = new HashSet<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            var after = openHarness(KeyedTwoInputStreamOperatorTestHarness.repartitionOperatorState(
                    snapshot, MAX_PARALLELISM, 1, 2, subtask), 2, subtask);
            after.processBothWatermarks(new Watermark(PLACED + HOUR));
            List<String> picked = changes(after);
            for (String change : picked) {
                assertThat(ordersSeen.add(change.split(" ")[0])).as("each order's signals on one subtask: " + change).isTrue();
            }
            all.addAll(picked);
            after.close();
        }
        assertThat(ordersSeen).hasSize(20);
        assertThat(all).containsExactlyInAnyOrderElementsOf(uninterrupted);
    }

    @Test
    void shouldApplyTheSignalsThat010HeldInKeyedStateAfterARestore() throws Exception {
        // Up to 0.1.0 a waiting signal was kept in the order's "order-signals" map, with a timer at its time.
        var before = openHarness(null);
        before.processBothWatermarks(new Watermark(PLACED - HOUR));
        var backend = before.getOperator().getKeyedStateBackend();
        backend.setCurrentKey("SO-1");
        MapState<Long, List<OrderSignal>> held010 = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new MapStateDescriptor<>("order-signals", Types.LONG,
                        Types.LIST(TypeInformation.of(OrderSignal.class))));
        held010.put(PLACED, List.of(placed(PLACED)));
        held010.put(PLACED + HOUR, List.of(picked(PLACED + HOUR, 10)));
        InternalTimerService<VoidNamespace> timers010 = before.getOperator().getInternalTimerService(
                "user-timers", VoidNamespaceSerializer.INSTANCE, (OrderStatusOperator) before.getOperator());
        timers010.registerEventTimeTimer(VoidNamespace.INSTANCE, PLACED);
        timers010.registerEventTimeTimer(VoidNamespace.INSTANCE, PLACED + HOUR);
        OperatorSubtaskState snapshot = before.snapshot(1, 1);
        before.close();

        harness.close();
        harness = openHarness(snapshot);
        watermark(PLACED + HOUR);
        assertThat(harness.extractOutputValues()).extracting(s -> s.status + " v" + s.version)
                .containsExactly("ALLOCATED v2", "PICKED v3");
        watermark(PROMISED - 1);
        assertThat(harness.extractOutputValues()).as("0.1.0's timers fire with nothing left to apply").hasSize(2);
        assertThat(timersArmed()).as("the promise and the release").isEqualTo(2);
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

    private static OrderSignal ofOrder(String orderId, OrderSignal signal) {
        signal.orderId = orderId;
        signal.order.orderId = orderId;
        return signal;
    }

    private static List<String> changes(KeyedTwoInputStreamOperatorTestHarness<String, OrderSignal, Long, OrderStatus> h) {
        return h.extractOutputValues().stream().map(s -> s.orderId + " " + s.status + " v" + s.version).toList();
    }

    private void send(OrderSignal signal) throws Exception {
        harness.processElement1(new StreamRecord<>(signal, signal.at));
    }

    private void watermark(long time) throws Exception {
        harness.processBothWatermarks(new Watermark(time));
    }

    private void endOfInput(long clock) throws Exception {
        harness.processElement2(new StreamRecord<>(clock));
    }

    private OrderStatus last() {
        List<OrderStatus> out = harness.extractOutputValues();
        return out.get(out.size() - 1);
    }

    private List<OrderStatus> sideOutput(org.apache.flink.util.OutputTag<OrderStatus> tag) {
        var records = harness.getSideOutput(tag);
        return records == null ? List.of() : records.stream().map(r -> r.getValue()).toList();
    }

    /** The operator's promise and release timers still armed, and any Flink timer (of an old savepoint) left. */
    private int timersArmed() throws Exception {
        return ((OrderStatusOperator) harness.getOperator()).timersArmed() + harness.numEventTimeTimers();
    }

    private int stateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }
}
