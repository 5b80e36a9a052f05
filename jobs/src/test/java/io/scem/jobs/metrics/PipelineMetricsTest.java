package io.scem.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.cost.CostToServe;
import io.scem.core.entity.StockLevel;
import io.scem.core.event.Instants;
import io.scem.core.kpi.Completion;
import io.scem.core.kpi.Completion.Kind;
import io.scem.core.order.OrderStatus;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/** The points {@link PipelineMetrics} makes of one completion, alert or stock level, on hand-computed examples. */
class PipelineMetricsTest {
    private static final long HOUR = Instants.HOUR;
    private static final long DAY = Instants.DAY;
    private static final long RECEIVED = Instants.parse("2026-01-15T12:00:00Z");

    @Test
    void shouldMeasureAPoReceivedTwoDaysLateTenDaysAfterItWasPlaced() {
        Completion po = completion(Kind.SUPPLIER_DELIVERY, RECEIVED);
        po.supplierId = "SUP-1";
        po.startedAt = RECEIVED - 10 * DAY;
        po.promisedAt = RECEIVED - 2 * DAY;
        po.ordered = 10L;
        po.provided = 10L;

        assertThat(PipelineMetrics.kpiPoint(po)).isEqualTo(MetricPoint.of("scem_supplier_deliveries", RECEIVED)
                .tag("supplier", "SUP-1").tag("site", "DC1")
                .field("on_time", 0).field("in_full", 1).field("lateness_hours", 48).field("lead_time_hours", 240));
    }

    @Test
    void shouldMeasureAnOrderDeliveredOnTimeWithEightOfTenUnitsAndItsCostToServe() {
        OrderStatus order = delivered(RECEIVED, RECEIVED + HOUR);
        order.issuedQuantity = 8;
        order.costToServe = new CostToServe();
        order.costToServe.revenue = 100;
        order.costToServe.productCost = 60;
        order.costToServe.handling = 1.5;
        order.costToServe.transport = 12;
        order.costToServe.costToServe = 13.5;
        order.costToServe.margin = 26.5;

        assertThat(PipelineMetrics.orderPoint(order))
                .isEqualTo(MetricPoint.of("scem_orders", RECEIVED).tag("site", "DC1").tag("customer", "CUST-1")
                        .tag("carrier", "DHL")
                        .field("on_time", 1).field("in_full", 0).field("otif", 0).field("perfect", 0).field("fill_rate", 0.8)
                        .field("cycle_time_hours", 72).field("revenue", 100).field("product_cost", 60)
                        .field("handling_cost", 1.5).field("transport_cost", 12).field("expedite_cost", 0)
                        .field("exception_cost", 0).field("penalty_cost", 0).field("cost_to_serve", 13.5)
                        .field("margin", 26.5));
    }

    @Test
    void shouldCountAPerfectOrderOnlyWithoutAShipmentException() {
        OrderStatus order = delivered(RECEIVED, RECEIVED);
        assertThat(PipelineMetrics.orderPoint(order).fieldValues).as("on time, in full, no exception, unpriced")
                .containsExactly(1, 1, 1, 1, 1, 72);
        order.exceptions = 1;
        assertThat(PipelineMetrics.orderPoint(order).fieldValues).containsExactly(1, 1, 1, 0, 1, 72);
    }

    @Test
    void shouldMeasureNoOrderThatWasCancelledOrWhosePlacementWasNotSeen() {
        OrderStatus cancelled = delivered(RECEIVED, RECEIVED);
        cancelled.status = OrderStatus.Status.CANCELLED;
        assertThat(PipelineMetrics.orderPoint(cancelled)).isNull();
        OrderStatus unseen = delivered(RECEIVED, RECEIVED);
        unseen.placedAt = null;
        assertThat(PipelineMetrics.orderPoint(unseen)).isNull();
    }

    /** An order of 10 units placed three days before {@code at}, delivered then by DHL, all issued. */
    private static OrderStatus delivered(long at, long promisedAt) {
        OrderStatus s = OrderStatus.of("SO-1");
        s.status = OrderStatus.Status.DELIVERED;
        s.site = "DC1";
        s.customerId = "CUST-1";
        s.carrierId = "DHL";
        s.quantity = 10L;
        s.issuedQuantity = 10;
        s.placedAt = at - 3 * DAY;
        s.promisedAt = promisedAt;
        s.deliveredAt = at;
        return s;
    }

    @Test
    void shouldMeasureAShipmentDeliveredThreeHoursLate() {
        Completion shipment = completion(Kind.SHIPMENT, RECEIVED);
        shipment.carrierId = "DHL";
        shipment.startedAt = RECEIVED - 30 * HOUR;
        shipment.promisedAt = RECEIVED - 3 * HOUR;

        assertThat(PipelineMetrics.kpiPoint(shipment)).isEqualTo(MetricPoint.of("scem_shipments", RECEIVED)
                .tag("carrier", "DHL").tag("site", "DC1")
                .field("on_time", 0).field("transit_hours", 30).field("lateness_hours", 3));
    }

    @Test
    void shouldGiveDaysOfCoverAsOnHandOverDailyDemandAndSafetyStockFromItems() {
        HashMap<String, Double> safetyStock = new HashMap<>();
        safetyStock.put("DC1|A", 20.0);

        // 70 units issued over the 7 days before a midnight: 10 a day, so 35 on hand last 3.5 days.
        assertThat(PipelineMetrics.stockValues(stock("A", 35, 10), safetyStock)).containsExactly(35, 20, 10, 3.5);
        assertThat(PipelineMetrics.stockValues(stock("B", 35, 10), safetyStock)).as("not in items.csv")
                .containsExactly(35, Double.NaN, 10, 3.5);
        assertThat(PipelineMetrics.stockValues(stock("A", -5, 10), safetyStock)).as("backordered: no cover")
                .containsExactly(-5, 20, 10, 0);
        assertThat(PipelineMetrics.stockValues(stock("A", 35, 0), safetyStock)).as("no demand: cover unknown")
                .containsExactly(35, 20, 0, Double.NaN);
    }

    @Test
    void shouldMeasureTheTimeToResolveInMinutesOnTheResolveOnly() {
        Alert resolved = alert(Alert.RESOLVED, RECEIVED);
        resolved.firingSince = RECEIVED - (95 * 60_000 + 30_000);

        assertThat(PipelineMetrics.resolutionPoint(resolved)).isEqualTo(MetricPoint.of("scem_alert_resolutions", RECEIVED)
                .tag("rule", "LATE_SHIPMENT").tag("severity", "MAJOR").tag("stage", "delivery").field("minutes", 95.5));
        assertThat(PipelineMetrics.resolutionPoint(alert(Alert.FIRING, RECEIVED))).isNull();
    }

    @Test
    void shouldLogEveryAlertWithItsMessageAndKeyAsText() {
        Alert firing = alert(Alert.FIRING, RECEIVED);

        assertThat(PipelineMetrics.alertLogPoint(firing)).isEqualTo(MetricPoint.of("scem_alert_log", RECEIVED)
                .tag("rule", "LATE_SHIPMENT").tag("severity", "MAJOR").tag("stage", "delivery")
                .tag("status", "FIRING").tag("site", "DC1").field("value", 1)
                .text("message", "SH-1 is late").text("key", "SH-1"));
    }

    private static Completion completion(Kind kind, long at) {
        Completion c = new Completion();
        c.kind = kind;
        c.at = at;
        c.site = "DC1";
        return c;
    }

    /** DC1's {@code sku} at midnight, tracked for a month, {@code perDay} issued on each of the last 7 days. */
    private static StockLevel stock(String sku, long onHand, long perDay) {
        StockLevel s = new StockLevel();
        s.site = "DC1";
        s.sku = sku;
        s.onHand = onHand;
        s.occurredAt = Instants.parse("2026-01-12T00:00:00Z");
        s.trackedSince = s.occurredAt - 30 * DAY;
        s.issuedDay = Instants.epochDay(s.occurredAt);
        for (int day = 1; day <= 7; day++) {
            s.dailyIssued[day] = perDay;
        }
        return s;
    }

    private static Alert alert(String status, long at) {
        Alert a = new Alert();
        a.alertId = "A1";
        a.rule = "LATE_SHIPMENT";
        a.status = status;
        a.severity = "MAJOR";
        a.stage = "delivery";
        a.site = "DC1";
        a.key = "SH-1";
        a.message = "SH-1 is late";
        a.at = at;
        return a;
    }
}
