package io.scem.core.order;

import static io.scem.core.order.OrderStory.HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scem.core.event.Instants;
import io.scem.core.order.OrderStatus.Status;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link OrderStatus}: the lifecycle, its flags, and what counts as a change. */
class OrderStatusTest {
    private static final long PLACED = Instants.parse("2026-01-05T08:00:00Z");
    private static final long PROMISED = PLACED + 72 * HOUR;

    private final OrderStory story = new OrderStory("SO-1");
    private final OrderStatus status = OrderStatus.of("SO-1");

    @Test
    void shouldWalkThroughEveryMilestoneInOrder() {
        apply(story.placed(PLACED, "SKU-1", 10, PROMISED));
        assertThat(status.status).isEqualTo(Status.PLACED);
        assertThat(status.allocateIfClear(PLACED)).isTrue();
        assertThat(status.status).isEqualTo(Status.ALLOCATED);
        apply(story.picked(PLACED + 2 * HOUR, 10));
        assertThat(status.status).isEqualTo(Status.PICKED);
        apply(story.dispatchedToOrder(PLACED + 4 * HOUR, "SH-1"));
        apply(story.dispatchedToShipment(PLACED + 4 * HOUR, "SH-1", "DHL", PROMISED));
        assertThat(status.status).isEqualTo(Status.SHIPPED);
        apply(story.checkpoint(PLACED + 10 * HOUR, "HUB-VIENNA"));
        assertThat(status.status).isEqualTo(Status.IN_TRANSIT);
        apply(story.eta(PLACED + 11 * HOUR, PLACED + 30 * HOUR));
        apply(story.delivered(PLACED + 30 * HOUR));

        assertThat(status.status).isEqualTo(Status.DELIVERED);
        assertThat(status.hasEnded()).isTrue();
        assertThat(status.late).isFalse();
        assertThat(status.carrierId).isEqualTo("DHL");
        assertThat(status.lastLocation).isEqualTo("HUB-VIENNA");
        assertThat(status.eta).isEqualTo(PLACED + 30 * HOUR);
        assertThat(Arrays.stream(Status.values()).filter(s -> s != Status.CANCELLED).map(status::milestone))
                .containsExactly(PLACED, PLACED, PLACED + 2 * HOUR, PLACED + 4 * HOUR, PLACED + 10 * HOUR, PLACED + 30 * HOUR);
        assertThat(Arrays.stream(status.history).map(h -> h.what)).containsExactly(
                "placed: 10 x SKU-1 from DC1 for CUST-1, promised for 2026-01-08T08:00:00Z",
                "allocated: placed and not at risk",
                "picked 10: 10 of 10",
                "shipped in SH-1 by DHL to Lyon",
                "checkpoint HUB-VIENNA",
                "ETA 2026-01-06T14:00:00Z",
                "delivered on time");
        assertThat(status.version).as("one version per change").isEqualTo(8);
        assertThat(status.updatedAt).isEqualTo(PLACED + 30 * HOUR);
    }

    @Test
    void shouldCountAPartialPickAsPickedAndEveryIssueAsAPick() {
        apply(story.placed(PLACED, "SKU-1", 10, PROMISED));
        apply(story.picked(PLACED + HOUR, 6));
        assertThat(status.status).isEqualTo(Status.PICKED);
        assertThat(status.history[status.history.length - 1].what).isEqualTo("picked 6: 6 of 10 (partly picked)");
        apply(story.picked(PLACED + 2 * HOUR, 4));
        assertThat(status.pickedAt).as("the first pick").isEqualTo(PLACED + HOUR);
        assertThat(status.issuedQuantity).isEqualTo(10);
        assertThat(status.picks).isEqualTo(2);
    }

    @Test
    void shouldNotAllocateAnOrderAtRiskUntilTheRiskClears() {
        apply(story.placed(PLACED, "SKU-1", 10, PROMISED));
        apply(story.atRisk(PLACED, true));
        assertThat(status.allocateIfClear(PLACED)).isFalse();
        assertThat(status.atRisk).isTrue();
        assertThat(status.atRiskSince).isEqualTo(PLACED);
        assertThat(status.status).isEqualTo(Status.PLACED);

        apply(story.atRisk(PLACED + 5 * HOUR, false));
        assertThat(status.atRisk).isFalse();
        assertThat(status.allocateIfClear(PLACED + 5 * HOUR)).isTrue();
        assertThat(status.allocatedAt).isEqualTo(PLACED + 5 * HOUR);
    }

    @Test
    void shouldFlagLateWhenThePromisePassesWithoutDeliveryAndKeepItOnALateDelivery() {
        apply(story.placed(PLACED, "SKU-1", 10, PROMISED));
        assertThat(status.promisePassed(PROMISED - 1)).as("not yet").isFalse();
        assertThat(status.promisePassed(PROMISED)).isTrue();
        assertThat(status.late).isTrue();
        assertThat(status.promisePassed(PROMISED + HOUR)).as("flagged once").isFalse();
        apply(story.dispatchedToShipment(PROMISED + HOUR, "SH-1", "UPS", PROMISED));
        apply(story.delivered(PROMISED + 30 * HOUR));
        assertThat(status.late).isTrue();
        assertThat(status.latenessMillis(PROMISED + 99 * HOUR)).as("final at delivery").isEqualTo(30 * HOUR);
        assertThat(status.history[status.history.length - 1].what).isEqualTo("delivered, 30 h late");
    }

    @Test
    void shouldNotFlagLateADeliveredOrCancelledOrder() {
        apply(story.placed(PLACED, "SKU-1", 10, PROMISED));
        apply(story.cancelled(PLACED + HOUR));
        assertThat(status.status).isEqualTo(Status.CANCELLED);
        assertThat(status.promisePassed(PROMISED)).isFalse();
        assertThat(status.endedAt()).isEqualTo(PLACED + HOUR);
    }

    @Test
    void shouldKeepTheFirstEndAndOnlyRecordALaterOne() {
        apply(story.placed(PLACED, "SKU-1", 10, PROMISED));
        apply(story.dispatchedToShipment(PLACED + HOUR, "SH-1", "DHL", PROMISED));
        apply(story.delivered(PLACED + 20 * HOUR));
        apply(story.cancelled(PLACED + 21 * HOUR));
        assertThat(status.status).isEqualTo(Status.DELIVERED);
        assertThat(status.cancelledAt).isNull();
        assertThat(status.history[status.history.length - 1].what).isEqualTo("cancellation after it was delivered: ignored");
    }

    @Test
    void shouldFillAMilestoneThatArrivesLateWithoutMovingTheStatusBack() {
        apply(story.placed(PLACED, "SKU-1", 10, PROMISED));
        OrderSignal pick = story.picked(PLACED + HOUR, 10);
        apply(story.dispatchedToShipment(PLACED + 2 * HOUR, "SH-1", "DHL", PROMISED));
        apply(pick);
        assertThat(status.status).isEqualTo(Status.SHIPPED);
        assertThat(status.pickedAt).isEqualTo(PLACED + HOUR);
    }

    @Test
    void shouldCountExceptionsAndIgnoreTheTrackingOfAShipmentItNoLongerTravelsIn() {
        OrderStory first = new OrderStory("SO-1");
        apply(story.placed(PLACED, "SKU-1", 10, PROMISED));
        apply(first.dispatchedToShipment(PLACED + HOUR, "SH-1", "DHL", PROMISED));
        apply(first.exception(PLACED + 2 * HOUR, "DAMAGED"));
        apply(story.dispatchedToShipment(PLACED + 3 * HOUR, "SH-2", "UPS", PROMISED));
        apply(first.delivered(PLACED + 4 * HOUR));

        assertThat(status.shipmentId).isEqualTo("SH-2");
        assertThat(status.carrierId).isEqualTo("UPS");
        assertThat(status.exceptions).isEqualTo(1);
        assertThat(status.status).as("SH-1's delivery is not the order's").isEqualTo(Status.SHIPPED);
    }

    @Test
    void shouldNotCountARepeatAsAChange() {
        OrderSignal placed = story.placed(PLACED, "SKU-1", 10, PROMISED);
        assertThat(status.apply(placed)).isTrue();
        long version = status.version;
        assertThat(status.apply(placed)).as("the same placement again").isFalse();
        assertThat(status.apply(story.atRisk(PLACED, false))).as("a resolution of nothing").isFalse();
        assertThat(status.version).isEqualTo(version);
    }

    @Test
    void shouldRoundTripThroughJson() {
        apply(story.placed(PLACED, "SKU-1", 10, PROMISED));
        status.allocateIfClear(PLACED);
        apply(story.dispatchedToOrder(PLACED + 4 * HOUR, "SH-1"));
        apply(story.dispatchedToShipment(PLACED + 4 * HOUR, "SH-1", "DHL", PROMISED));
        apply(story.checkpoint(PLACED + 5 * HOUR, "HUB-X"));

        String json = OrderStatusJson.write(status);
        assertThat(OrderStatusJson.write(OrderStatusJson.read(json))).isEqualTo(json);
        assertThat(json).contains("\"status\":\"IN_TRANSIT\"",
                "\"milestones\":{\"PLACED\":\"2026-01-05T08:00:00Z\",\"ALLOCATED\":\"2026-01-05T08:00:00Z\","
                        + "\"SHIPPED\":\"2026-01-05T12:00:00Z\",\"IN_TRANSIT\":\"2026-01-05T13:00:00Z\"}");
    }

    @Test
    void shouldRefuseJsonThatIsNotAnOrderStatusNamingWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> OrderStatusJson.read("{\"eventId\":\"e1\",\"orderId\":\"SO-1\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("updatedAt is required");
        assertThatThrownBy(() -> OrderStatusJson.read(
                "{\"orderId\":\"SO-1\",\"status\":\"LOST\",\"updatedAt\":\"2026-01-05T10:00:00Z\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("status LOST is none of [PLACED");
        assertThatThrownBy(() -> OrderStatusJson.read(
                "{\"orderId\":\"SO-1\",\"status\":\"PLACED\",\"updatedAt\":\"yesterday\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("updatedAt is not an ISO-8601 instant: yesterday");
    }

    @Test
    void shouldPrintTheStatusMilestonesAndHistoryForAPerson() {
        apply(story.placed(PLACED, "SKU-1", 10, PROMISED));
        status.allocateIfClear(PLACED);
        apply(story.dispatchedToShipment(PLACED + 4 * HOUR, "SH-1", "DHL", PROMISED));
        apply(story.exception(PLACED + 5 * HOUR, "DAMAGED"));
        status.promisePassed(PROMISED);

        assertThat(OrderStatusText.render(status).lines()).containsExactly(
                "Order SO-1: SHIPPED, LATE",
                "  10 x SKU-1 from DC1 for CUST-1; issued 0 in 0 picks",
                "  promised for 2026-01-08T08:00:00Z, not delivered: late since 2026-01-08T08:00:00Z",
                "  shipment SH-1 by DHL to Lyon; 1 exception (latest: DAMAGED)",
                "Milestones",
                "  PLACED      2026-01-05T08:00:00Z",
                "  ALLOCATED   2026-01-05T08:00:00Z",
                "  SHIPPED     2026-01-05T12:00:00Z",
                "History",
                "  2026-01-05T08:00:00Z  placed: 10 x SKU-1 from DC1 for CUST-1, promised for 2026-01-08T08:00:00Z",
                "  2026-01-05T08:00:00Z  allocated: placed and not at risk",
                "  2026-01-05T12:00:00Z  shipped in SH-1 by DHL to Lyon",
                "  2026-01-05T13:00:00Z  exception: DAMAGED",
                "  2026-01-08T08:00:00Z  late: promised for 2026-01-08T08:00:00Z, not delivered",
                "(version 5, updated 2026-01-08T08:00:00Z)");
    }

    @Test
    void shouldKeepOnlyTheNewestHistoryLines() {
        apply(story.placed(PLACED, "SKU-1", 10, PROMISED));
        apply(story.dispatchedToShipment(PLACED + HOUR, "SH-1", "DHL", PROMISED));
        for (int i = 0; i < OrderStatus.MAX_HISTORY + 5; i++) apply(story.checkpoint(PLACED + (2 + i) * HOUR, "HUB-" + i));
        assertThat(status.history).hasSize(OrderStatus.MAX_HISTORY);
        assertThat(status.history[status.history.length - 1].what).isEqualTo("checkpoint HUB-" + (OrderStatus.MAX_HISTORY + 4));
        assertThat(status.placedAt).as("milestones stay").isEqualTo(PLACED);
    }

    private void apply(OrderSignal signal) {
        status.apply(signal);
    }
}
