package io.scem.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.event.Instants;
import io.scem.core.kpi.Completion;
import io.scem.core.kpi.Completion.Kind;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OrderDeliveries}: an order's dispatch and its shipment's delivery, in either order,
 * make one ORDER_DELIVERY; a side whose other never comes is forgotten after {@link
 * OrderDeliveries#WAIT}; no state or timer is left either way.
 */
class OrderDeliveriesTest {
    private static final long PLACED = Instants.parse("2026-01-05T08:00:00Z");
    private static final long DISPATCHED = Instants.parse("2026-01-06T08:00:00Z");
    private static final long PROMISED = Instants.parse("2026-01-08T00:00:00Z");
    private static final long DELIVERED = Instants.parse("2026-01-07T15:00:00Z");

    private KeyedOneInputStreamOperatorTestHarness<String, Completion, Completion> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new OrderDeliveries(), c -> c.orderId, Types.STRING);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void shouldJoinADispatchWithTheLaterDeliveryAndLeaveNoState() throws Exception {
        side(dispatch("SO-1"));
        side(delivery("SO-1", DELIVERED));

        assertOneDeliveryOfSo1();
    }

    @Test
    void shouldJoinADeliveryThatArrivesBeforeItsDispatchAndLeaveNoState() throws Exception {
        side(delivery("SO-1", DELIVERED));
        side(dispatch("SO-1"));

        assertOneDeliveryOfSo1();
    }

    @Test
    void shouldForgetASideWhoseOtherSideDoesNotComeWithinTheWait() throws Exception {
        side(dispatch("SO-2"));
        harness.processWatermark(DISPATCHED + OrderDeliveries.WAIT - 1);
        assertThat(harness.numKeyedStateEntries()).as("still waiting").isPositive();

        harness.processWatermark(DISPATCHED + OrderDeliveries.WAIT);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        side(delivery("SO-2", DISPATCHED + OrderDeliveries.WAIT + 1));
        assertThat(harness.extractOutputValues()).as("the dispatch was forgotten").isEmpty();
    }

    @Test
    void shouldJoinOnlyOrderDispatchesAndShipmentsThatNameAnOrder() {
        assertThat(OrderDeliveries.joins(dispatch("SO-1"))).isTrue();
        assertThat(OrderDeliveries.joins(delivery("SO-1", DELIVERED))).isTrue();
        assertThat(OrderDeliveries.joins(delivery(null, DELIVERED))).as("a shipment for no order").isFalse();
        assertThat(OrderDeliveries.joins(completion(Kind.SUPPLIER_DELIVERY, "SO-1", DELIVERED))).isFalse();
        assertThat(OrderDeliveries.joins(completion(Kind.ORDER_DELIVERY, "SO-1", DELIVERED))).isFalse();
    }

    private void assertOneDeliveryOfSo1() throws Exception {
        assertThat(harness.extractOutputValues()).singleElement().satisfies(c -> {
            assertThat(c.kind).isEqualTo(Kind.ORDER_DELIVERY);
            assertThat(c.at).as("delivered").isEqualTo(DELIVERED);
            assertThat(c.startedAt).as("placed").isEqualTo(PLACED);
            assertThat(c.promisedAt).isEqualTo(PROMISED);
            assertThat(c.ordered).isEqualTo(10L);
            assertThat(c.provided).isEqualTo(8L);
            assertThat(c.customerId).isEqualTo("CUST-1");
            assertThat(c.site).isEqualTo("DC1");
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private void side(Completion c) throws Exception {
        harness.processElement(c, c.at);
    }

    /** SO-x placed 8:00 on the 5th, dispatched a day later with 8 of 10 units, promised for the 8th. */
    private static Completion dispatch(String orderId) {
        Completion c = completion(Kind.ORDER_DISPATCH, orderId, DISPATCHED);
        c.site = "DC1";
        c.customerId = "CUST-1";
        c.startedAt = PLACED;
        c.promisedAt = PROMISED;
        c.ordered = 10L;
        c.provided = 8L;
        return c;
    }

    /** The order's shipment delivered: the carrier's own promise and dispatch are not the order's. */
    private static Completion delivery(String orderId, long at) {
        Completion c = completion(Kind.SHIPMENT, orderId, at);
        c.site = "DC1";
        c.carrierId = "DHL";
        c.startedAt = DISPATCHED + 3_600_000L;
        c.promisedAt = at - 1;
        return c;
    }

    private static Completion completion(Kind kind, String orderId, long at) {
        Completion c = new Completion();
        c.kind = kind;
        c.orderId = orderId;
        c.at = at;
        return c;
    }
}
