package io.scem.core.cost;

import static io.scem.core.order.OrderStory.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.event.Instants;
import io.scem.core.order.OrderStatus;
import io.scem.core.order.OrderStory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cost to serve of small orders worked out by hand, with the arithmetic beside each figure. The
 * reference data is that of the example in {@code rules/README.md}:
 * SKU-1 costs 8.00 and sells for 12.50; handling 1.50 a pick; DHL 12.00 a shipment plus 0.40 a
 * unit, 36 h standard transit, expedite 30.00; an exception 25.00; lateness 5 % of revenue per
 * started day, at most 25 %.
 */
class CostModelTest {
    private static final CostModel COSTS = new CostModel("EUR", 1.50, 25.00, 0.05, 0.25,
            Map.of("SKU-1", new CostModel.SkuCost(8.00, 12.50)),
            Map.of("DHL", new CostModel.CarrierRate(12.00, 0.40, 36, 30.00)));
    private static final long PLACED = Instants.parse("2026-01-05T08:00:00Z");
    private static final long PROMISED = Instants.parse("2026-01-08T12:00:00Z");

    @Test
    void shouldPriceALateExpeditedOrderWithAnExceptionPickedTwice() {
        OrderStory story = new OrderStory("SO-1");
        OrderStatus order = OrderStatus.of("SO-1");
        order.apply(story.placed(PLACED, "SKU-1", 10, PROMISED));
        order.apply(story.picked(PLACED + 2 * HOUR, 6));
        order.apply(story.picked(PLACED + 3 * HOUR, 4));
        // Dispatched 2026-01-07T06:00, after the promise minus DHL's 36 h (2026-01-07T00:00): expedited.
        long dispatched = Instants.parse("2026-01-07T06:00:00Z");
        order.apply(story.dispatchedToOrder(dispatched, "SH-1"));
        order.apply(story.dispatchedToShipment(dispatched, "SH-1", "DHL", PROMISED));
        order.apply(story.exception(dispatched + 5 * HOUR, "DAMAGED"));
        // Delivered 2026-01-09T18:00: 30 h after the promise, two started days.
        order.apply(story.delivered(Instants.parse("2026-01-09T18:00:00Z")));

        CostModel.Priced priced = COSTS.price(order);

        assertThat(priced.unknown()).isNull();
        CostToServe c = priced.cost();
        assertThat(c.currency).isEqualTo("EUR");
        assertThat(c.revenue).as("12.50 x 10 units").isEqualTo(125.00);
        assertThat(c.productCost).as("8.00 x 10 units").isEqualTo(80.00);
        assertThat(c.handling).as("1.50 x 2 picks").isEqualTo(3.00);
        assertThat(c.transport).as("12.00 + 0.40 x 10 units").isEqualTo(16.00);
        assertThat(c.expedite).as("DHL's surcharge").isEqualTo(30.00);
        assertThat(c.exceptions).as("25.00 x 1 exception").isEqualTo(25.00);
        assertThat(c.latenessPenalty).as("125.00 x 5 % x 2 days").isEqualTo(12.50);
        assertThat(c.costToServe).as("3.00 + 16.00 + 30.00 + 25.00 + 12.50").isEqualTo(86.50);
        assertThat(c.margin).as("125.00 - 80.00 - 86.50").isEqualTo(-41.50);
    }

    @Test
    void shouldPriceAnOnTimeOrderShortPickedWithoutSurcharges() {
        OrderStory story = new OrderStory("SO-2");
        OrderStatus order = OrderStatus.of("SO-2");
        order.apply(story.placed(PLACED, "SKU-1", 10, PROMISED));
        order.apply(story.picked(PLACED + HOUR, 7));
        // Dispatched 2026-01-05T12:00, well before the promise minus 36 h: no expedite.
        order.apply(story.dispatchedToShipment(PLACED + 4 * HOUR, "SH-2", "DHL", PROMISED));
        order.apply(story.delivered(PROMISED));

        CostToServe c = COSTS.price(order).cost();

        assertThat(c.revenue).as("12.50 x 7 units delivered").isEqualTo(87.50);
        assertThat(c.productCost).as("8.00 x 7").isEqualTo(56.00);
        assertThat(c.handling).as("1.50 x 1 pick").isEqualTo(1.50);
        assertThat(c.transport).as("12.00 + 0.40 x 7").isEqualTo(14.80);
        assertThat(c.expedite).isZero();
        assertThat(c.exceptions).isZero();
        assertThat(c.latenessPenalty).as("delivered exactly at the promise").isZero();
        assertThat(c.costToServe).as("1.50 + 14.80").isEqualTo(16.30);
        assertThat(c.margin).as("87.50 - 56.00 - 16.30").isEqualTo(15.20);
    }

    @Test
    void shouldCapTheLatenessPenalty() {
        OrderStatus order = deliveredLate("SKU-1", "DHL", 9 * 24 * HOUR);
        // 9 days x 5 % = 45 %, capped at 25 % of 12.50 x 10 = 31.25.
        assertThat(COSTS.price(order).cost().latenessPenalty).isEqualTo(31.25);
    }

    @Test
    void shouldLeaveAnOrderUnpricedWhenItsSkuOrCarrierIsUnknown() {
        assertThat(COSTS.price(deliveredLate("SKU-9", "DHL", 0)).unknown()).isEqualTo("no price for SKU-9 in costs.yaml");
        assertThat(COSTS.price(deliveredLate("SKU-1", "UPS", 0)).unknown()).isEqualTo("no rate for carrier UPS in costs.yaml");
        assertThat(CostModel.NONE.price(deliveredLate("SKU-1", "DHL", 0)).cost()).isNull();
    }

    @Test
    void shouldUseTheDefaultsForSkusAndCarriersNotListed() {
        CostModel withDefaults = new CostModel("EUR", 0, 0, 0, 0,
                Map.of(CostModel.DEFAULT, new CostModel.SkuCost(1.00, 2.00)),
                Map.of(CostModel.DEFAULT, new CostModel.CarrierRate(3.00, 0, 24, 0)));
        CostToServe c = withDefaults.price(deliveredLate("SKU-9", "UPS", 0)).cost();
        assertThat(c.margin).as("2.00 x 10 - 1.00 x 10 - 3.00").isEqualTo(7.00);
    }

    private static OrderStatus deliveredLate(String sku, String carrier, long late) {
        OrderStory story = new OrderStory("SO-3");
        OrderStatus order = OrderStatus.of("SO-3");
        order.apply(story.placed(PLACED, sku, 10, PROMISED));
        order.apply(story.picked(PLACED + HOUR, 10));
        order.apply(story.dispatchedToShipment(PLACED + 2 * HOUR, "SH-3", carrier, PROMISED));
        order.apply(story.delivered(PROMISED + late));
        return order;
    }
}
