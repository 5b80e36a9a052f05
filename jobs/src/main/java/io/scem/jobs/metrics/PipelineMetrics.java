package io.scem.jobs.metrics;

import io.scem.core.alert.Alert;
import io.scem.core.atp.AtpProfile;
import io.scem.core.entity.StockLevel;
import io.scem.core.event.DeadLetter;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import io.scem.core.cost.CostToServe;
import io.scem.core.kpi.Completion;
import io.scem.core.order.OrderStatus;
import io.scem.core.reference.Item;
import io.scem.jobs.monitoring.KeyedEvent;
import io.scem.jobs.monitoring.MonitoringJob;
import io.scem.jobs.monitoring.RuleFailureCount;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The metrics the monitoring job writes to InfluxDB, derived from its outputs; the schema is
 * {@link MetricSchema} and {@code dashboards/README.md}. Tags are bounded by design (stage, type,
 * rule, severity, reason code, site, sku, supplier, carrier, customer): never an eventId,
 * orderId or other id of a single occurrence.
 *
 * <p>Counts and stock levels are folded per event-time minute ({@link MinuteAggregator}); KPIs,
 * stock-outs and alert resolutions are one point per occurrence ({@link PointPerOccurrence}),
 * which dashboards average and take percentiles of; open alerts are a gauge written on change
 * ({@link OpenAlerts}); pipeline health is measured on the alerts' way out ({@link PipelineHealth}).
 */
public final class PipelineMetrics {
    private static final TypeInformation<MetricPoint> POINT = TypeInformation.of(MetricPoint.class);
    /** The demand window of days of cover: PROJECTED_STOCK_OUT's default. */
    static final int DEMAND_DAYS = 7;
    private static final String[] STOCK_FIELDS = {"on_hand", "safety_stock", "demand_per_day", "days_of_cover"};

    private PipelineMetrics() {}

    /** Writes the job's metrics to InfluxDB; {@code lagProbe} null when the input is not Kafka. */
    public static void writeTo(MonitoringJob.Outputs outputs, List<Item> items, InfluxSettings influx,
            ConsumerLagProbe lagProbe) {
        of(outputs, items, lagProbe).sinkTo(new InfluxMetricsSink(influx, "monitoring"))
                .uid("metrics-sink").name("metrics to InfluxDB");
    }

    public static DataStream<MetricPoint> of(MonitoringJob.Outputs outputs, List<Item> items, ConsumerLagProbe lagProbe) {
        DataStream<MetricPoint> events = outputs.routedEvents().transform("metrics: events", POINT,
                MinuteAggregator.<KeyedEvent>countByEventTime("scem_events", k -> k.primary
                        ? new String[] {"stage", k.event.type.stage().label(), "type", k.event.type.name()}
                        : null))
                .uid("metrics-events");
        DataStream<MetricPoint> duplicates = outputs.duplicates().transform("metrics: duplicates", POINT,
                MinuteAggregator.<SupplyEvent>countByEventTime("scem_duplicates",
                        e -> new String[] {"stage", e.type.stage().label(), "type", e.type.name()}))
                .uid("metrics-duplicates");
        DataStream<MetricPoint> deadLetters = outputs.deadLetters().transform("metrics: dead letters", POINT,
                MinuteAggregator.<DeadLetter>countByWallClock("scem_dead_letters",
                        d -> new String[] {"reason", d.reasonCode()}))
                .uid("metrics-dead-letters");
        DataStream<MetricPoint> ruleFailures = outputs.ruleFailures().transform("metrics: rule failures", POINT,
                MinuteAggregator.<RuleFailureCount>sumByEventTime("scem_rule_failures",
                        f -> new String[] {"statement", f.statement()}, RuleFailureCount::failures))
                .uid("metrics-rule-failures");
        return events.union(duplicates, deadLetters, ruleFailures, stock(outputs.stockLevels(), items),
                kpis(outputs.completions(), outputs.orders().map(MonitoringJob.OrderOutputs::ended)),
                alerts(outputs.alerts(), lagProbe));
    }

    private static DataStream<MetricPoint> stock(DataStream<StockLevel> levels, List<Item> items) {
        HashMap<String, Double> safetyStock = new HashMap<>();
        items.forEach(item -> safetyStock.put(AtpProfile.key(item.getSite(), item.getSku()), (double) item.getSafetyStock()));
        DataStream<MetricPoint> sampled = levels.transform("metrics: stock", POINT,
                MinuteAggregator.<StockLevel>lastByEventTime("scem_stock", STOCK_FIELDS,
                        s -> new String[] {"site", s.site, "sku", s.sku}, s -> stockValues(s, safetyStock)))
                .uid("metrics-stock");
        DataStream<MetricPoint> stockOuts = levels.flatMap(new PointPerOccurrence<StockLevel>(s -> s.stockOutEndedAfter == 0
                        ? null
                        : MetricPoint.of("scem_stock_outs", s.occurredAt).tag("site", s.site).tag("sku", s.sku)
                                .field("hours", hours(s.stockOutEndedAfter))))
                .uid("metrics-stock-outs").name("metrics: stock-outs");
        return sampled.union(stockOuts);
    }

    /** On-hand, safety stock (items.csv; NaN, so not written, for items it does not list), demand and days of cover. */
    static double[] stockValues(StockLevel s, HashMap<String, Double> safetyStock) {
        double demand = s.demandPerDay(DEMAND_DAYS);
        return new double[] {
            s.onHand,
            safetyStock.getOrDefault(AtpProfile.key(s.site, s.sku), Double.NaN),
            demand,
            demand > 0 ? Math.max(0, s.onHand) / demand : Double.NaN
        };
    }

    /** The entities' KPIs, and the orders' when the job follows them. */
    private static DataStream<MetricPoint> kpis(DataStream<Completion> completions,
            Optional<DataStream<OrderStatus>> ordersEnded) {
        DataStream<MetricPoint> entities = completions.flatMap(new PointPerOccurrence<>(PipelineMetrics::kpiPoint))
                .uid("metrics-kpis").name("metrics: KPIs");
        return ordersEnded.map(ended -> entities.union(ended.flatMap(new PointPerOccurrence<>(PipelineMetrics::orderPoint))
                .uid("metrics-orders").name("metrics: orders"))).orElse(entities);
    }

    /**
     * A delivered order's KPIs and, when it was priced, its cost to serve; null for a cancelled
     * order and for one whose placement was not seen (its promise and cycle time are unknown).
     */
    static MetricPoint orderPoint(OrderStatus s) {
        if (s.status != OrderStatus.Status.DELIVERED || s.placedAt == null) return null;
        boolean onTime = s.promisedAt == null || s.deliveredAt <= s.promisedAt;
        boolean inFull = s.quantity == null || s.issuedQuantity >= s.quantity;
        MetricPoint point = MetricPoint.of("scem_orders", s.deliveredAt).tag("site", s.site).tag("customer", s.customerId)
                .tag("carrier", s.carrierId)
                .field("on_time", bit(onTime)).field("in_full", bit(inFull)).field("otif", bit(onTime && inFull))
                .field("perfect", bit(onTime && inFull && s.exceptions == 0))
                .field("fill_rate", s.quantity == null || s.quantity <= 0 ? Double.NaN
                        : Math.min(s.issuedQuantity, s.quantity) / (double) s.quantity)
                .field("cycle_time_hours", hours(s.deliveredAt - s.placedAt));
        CostToServe c = s.costToServe;
        if (c == null) return point;
        return point.field("revenue", c.revenue).field("product_cost", c.productCost).field("handling_cost", c.handling)
                .field("transport_cost", c.transport).field("expedite_cost", c.expedite)
                .field("exception_cost", c.exceptions).field("penalty_cost", c.latenessPenalty)
                .field("cost_to_serve", c.costToServe).field("margin", c.margin);
    }

    static MetricPoint kpiPoint(Completion c) {
        return switch (c.kind) {
            case SUPPLIER_DELIVERY -> outcome(MetricPoint.of("scem_supplier_deliveries", c.at)
                    .tag("supplier", c.supplierId).tag("site", c.site), c)
                    .field("lead_time_hours", hours(c.leadTimeMillis()));
            case WORK_ORDER -> outcome(MetricPoint.of("scem_work_orders", c.at).tag("site", c.site), c)
                    .field("lead_time_hours", hours(c.leadTimeMillis()));
            case SHIPMENT -> MetricPoint.of("scem_shipments", c.at).tag("carrier", c.carrierId).tag("site", c.site)
                    .field("on_time", bit(c.onTime())).field("transit_hours", hours(c.leadTimeMillis()))
                    .field("lateness_hours", hours(c.latenessMillis()));
        };
    }

    private static MetricPoint outcome(MetricPoint point, Completion c) {
        return point.field("on_time", bit(c.onTime())).field("in_full", bit(c.inFull()))
                .field("lateness_hours", hours(c.latenessMillis()));
    }

    private static DataStream<MetricPoint> alerts(DataStream<Alert> alerts, ConsumerLagProbe lagProbe) {
        DataStream<MetricPoint> counts = alerts.transform("metrics: alerts", POINT,
                MinuteAggregator.<Alert>countByEventTime("scem_alerts",
                        a -> new String[] {"rule", a.rule, "status", a.status, "severity", a.severity, "stage", a.stage}))
                .uid("metrics-alerts");
        DataStream<MetricPoint> open = alerts.keyBy((KeySelector<Alert, String>) OpenAlerts::keyOf)
                .process(new OpenAlerts(), POINT).uid("metrics-open-alerts").name("metrics: open alerts");
        DataStream<MetricPoint> occurrences = alerts.flatMap(new PointPerOccurrence<Alert>(PipelineMetrics::alertLogPoint))
                .uid("metrics-alert-log").name("metrics: alert log")
                .union(alerts.flatMap(new PointPerOccurrence<Alert>(PipelineMetrics::resolutionPoint))
                        .uid("metrics-alert-resolutions").name("metrics: alert resolutions"));
        DataStream<MetricPoint> health = alerts.transform("metrics: pipeline health", POINT,
                new PipelineHealth("monitoring", lagProbe)).uid("metrics-pipeline-health").setParallelism(1);
        return counts.union(open, occurrences, health);
    }

    /** Every alert, with its message as text: what Grafana annotates time series with. */
    static MetricPoint alertLogPoint(Alert a) {
        return MetricPoint.of("scem_alert_log", a.at).tag("rule", a.rule).tag("severity", a.severity)
                .tag("stage", a.stage).tag("status", a.status).tag("site", a.site)
                .field("value", 1).text("message", a.message).text("key", a.key);
    }

    static MetricPoint resolutionPoint(Alert a) {
        if (a.isFiring() || a.firingSince == null) return null;
        return MetricPoint.of("scem_alert_resolutions", a.at).tag("rule", a.rule).tag("severity", a.severity)
                .tag("stage", a.stage).field("minutes", (a.at - a.firingSince) / 60_000.0);
    }

    private static double hours(Long millis) {
        return millis == null ? Double.NaN : millis / (double) Instants.HOUR;
    }

    private static double bit(boolean value) {
        return value ? 1 : 0;
    }
}
