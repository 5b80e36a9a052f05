package io.scem.jobs.metrics;

import io.scem.core.alert.Alert;
import io.scem.core.entity.StockLevel;
import io.scem.core.event.DeadLetter;
import io.scem.jobs.monitoring.KeyedEvent;
import io.scem.jobs.monitoring.MonitoringJob;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The metrics the monitoring job writes to InfluxDB, derived from its outputs. Tags are bounded
 * by design (stage, type, rule, severity, reason code, site, sku): never an eventId or orderId.
 *
 * <ul>
 *   <li>{@code scem_events} (stage, type): events processed per minute of event time;
 *   <li>{@code scem_dead_letters} (reason): rejected records per minute (wall clock);
 *   <li>{@code scem_alerts} (rule, status, severity, stage): alerts raised/resolved per minute;
 *   <li>{@code scem_stock} (site, sku): on_hand, the last level of each minute it changed.
 * </ul>
 */
public final class PipelineMetrics {
    private static final TypeInformation<MetricPoint> POINT = TypeInformation.of(MetricPoint.class);

    private PipelineMetrics() {}

    public static DataStream<MetricPoint> of(MonitoringJob.Outputs outputs) {
        DataStream<MetricPoint> events = outputs.routedEvents().transform("metrics: events", POINT,
                MinuteAggregator.<KeyedEvent>countByEventTime("scem_events", k -> k.primary
                        ? new String[] {"stage", k.event.type.stage().label(), "type", k.event.type.name()}
                        : null))
                .uid("metrics-events");
        DataStream<MetricPoint> deadLetters = outputs.deadLetters().transform("metrics: dead letters", POINT,
                MinuteAggregator.<DeadLetter>countByWallClock("scem_dead_letters",
                        d -> new String[] {"reason", d.reasonCode()}))
                .uid("metrics-dead-letters");
        DataStream<MetricPoint> alerts = outputs.alerts().transform("metrics: alerts", POINT,
                MinuteAggregator.<Alert>countByEventTime("scem_alerts",
                        a -> new String[] {"rule", a.rule, "status", a.status, "severity", a.severity, "stage", a.stage}))
                .uid("metrics-alerts");
        DataStream<MetricPoint> stock = outputs.stockLevels().transform("metrics: stock", POINT,
                MinuteAggregator.<StockLevel>lastByEventTime("scem_stock", "on_hand",
                        s -> new String[] {"site", s.site, "sku", s.sku}, s -> (double) s.onHand))
                .uid("metrics-stock");
        return events.union(deadLetters, alerts, stock);
    }
}
