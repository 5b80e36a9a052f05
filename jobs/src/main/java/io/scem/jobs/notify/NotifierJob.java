package io.scem.jobs.notify;

import io.scem.core.alert.Alert;
import io.scem.core.notify.Notification;
import io.scem.jobs.io.Checkpoints;
import io.scem.jobs.metrics.MetricPoint;
import io.scem.jobs.metrics.PointPerOccurrence;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The notifier job: alerts in (the monitoring job's output), emails and SMS out, and
 * NOTIFICATION_FAILING alerts back to the alerts topic. Its own job, so that the monitoring job
 * never waits on an SMTP server or a gateway.
 *
 * <pre>
 * alerts ─┬─ keyBy alertId ─ route (routing.yaml) ─ keyBy group ─ group, silence, inhibit (timers) ─ keyBy one ─ render, send ─┬─ NOTIFICATION_FAILING ─ alerts
 *         └─ inhibition sources ─ broadcast ─────────────────────┘                                                      └─ every outcome ─ scem.notifications, InfluxDB
 * </pre>
 */
public final class NotifierJob {
    private final NotifierJobSettings settings;

    public NotifierJob(NotifierJobSettings settings) {
        this.settings = settings;
    }

    /**
     * @param log where every outcome of every message goes (the notification log)
     * @param metrics where per-attempt metrics go, or null for none
     */
    public void build(StreamExecutionEnvironment env, Source<Alert, ?, ?> alerts, Sink<Alert> channelAlerts,
            Sink<NotificationAttempt> log, Sink<MetricPoint> metrics) {
        Checkpoints.configure(env, settings.checkpointInterval(), settings.checkpointDir());
        DataStream<Alert> in = env.fromSource(alerts, WatermarkStrategy.noWatermarks(), "alerts").uid("alerts-source");
        SingleOutputStreamOperator<Alert> delivered = notifications(in, settings.routingFile(), settings.silencesFile())
                .keyBy((KeySelector<Notification, String>) n -> DeliverNotifications.KEY)
                .process(new DeliverNotifications(settings), TypeInformation.of(Alert.class))
                .uid("deliver").name("render and send").setParallelism(1);
        delivered.sinkTo(channelAlerts).uid("channel-alerts-sink").name("NOTIFICATION_FAILING to alerts").setParallelism(1);
        DataStream<NotificationAttempt> entries = delivered.getSideOutput(DeliverNotifications.LOG_ENTRIES);
        entries.sinkTo(log).uid("notification-log-sink").name("notification log").setParallelism(1);
        if (metrics != null) {
            entries.flatMap(new PointPerOccurrence<>(NotifierJob::metricOf)).uid("notification-metrics").name("notification metrics").setParallelism(1)
                    .sinkTo(metrics).uid("notification-metrics-sink").name("metrics to InfluxDB").setParallelism(1);
        }
    }

    /** One point per outcome: receivers and channels are few, so the tags stay bounded (no alert or group ids). */
    static MetricPoint metricOf(NotificationAttempt attempt) {
        return MetricPoint.of("scem_notifications", attempt.at).tag("receiver", attempt.receiver)
                .tag("channel", attempt.channel).tag("status", attempt.status).field("count", 1)
                .field("attempts", attempt.attempts);
    }

    /**
     * Alerts to the notifications their routes, groups, silences and inhibit rules decide, before
     * rendering and sending: the demo prints these instead of sending them.
     */
    public static DataStream<Notification> notifications(DataStream<Alert> alerts, String routingFile, String silencesFile) {
        DataStream<Alert> inhibitionSources = alerts.filter(new InhibitionSourceFilter(routingFile))
                .uid("inhibition-sources").name("inhibition sources");
        return alerts.filter(alert -> alert.alertId != null).uid("episodes").name("episodes")
                .keyBy((KeySelector<Alert, String>) alert -> alert.alertId)
                .process(new RouteAlerts(routingFile), TypeInformation.of(RoutedAlert.class))
                .uid("route-alerts").name("route")
                .keyBy((KeySelector<RoutedAlert, String>) routed -> routed.groupKey)
                .connect(inhibitionSources.broadcast(GroupNotifications.INHIBITION_SOURCES))
                .process(new GroupNotifications(routingFile, silencesFile), TypeInformation.of(Notification.class))
                .uid("group-notifications").name("group, silence, inhibit");
    }

}
