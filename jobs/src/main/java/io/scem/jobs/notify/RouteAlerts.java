package io.scem.jobs.notify;

import io.scem.core.alert.Alert;
import io.scem.core.notify.RouteMatch;
import io.scem.core.notify.RoutingConfig;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/** Sends each alert to the notification group of every route it matches (rules/routing.yaml). */
class RouteAlerts extends RichFlatMapFunction<Alert, RoutedAlert> {
    private final String routingFile;
    private transient WatchedFile<RoutingConfig> routing;

    RouteAlerts(String routingFile) {
        this.routingFile = routingFile;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        routing = new WatchedFile<>(Path.of(routingFile), RoutingConfig::read);
    }

    @Override
    public void flatMap(Alert alert, Collector<RoutedAlert> out) {
        if (alert.alertId == null) return; // not an episode of the monitoring job: nothing to group by
        for (RouteMatch match : routing.get().routesFor(alert)) {
            out.collect(new RoutedAlert(match.groupKey().toString(), alert));
        }
    }
}
