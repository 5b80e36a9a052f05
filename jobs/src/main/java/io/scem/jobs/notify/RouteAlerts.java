package io.scem.jobs.notify;

import io.scem.core.alert.Alert;
import io.scem.core.notify.RouteMatch;
import io.scem.core.notify.RoutingConfig;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sends each alert to the notification group of every route it matches (rules/routing.yaml).
 * Keyed by alertId: an episode's RESOLVED goes to the groups its FIRING went to, whatever fields
 * it carries and however the routing changed in between, so that no group waits forever for it.
 */
class RouteAlerts extends KeyedProcessFunction<String, Alert, RoutedAlert> {
    private final String routingFile;
    private transient WatchedFile<RoutingConfig> routing;
    private transient ValueState<String[]> groupsOfFiring;

    RouteAlerts(String routingFile) {
        this.routingFile = routingFile;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        routing = new WatchedFile<>(Path.of(routingFile), RoutingConfig::read);
        groupsOfFiring = getRuntimeContext().getState(new ValueStateDescriptor<>("groups-of-firing", String[].class));
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<RoutedAlert> out) throws Exception {
        String[] groups = groupsOfFiring.value();
        if (alert.isFiring()) {
            if (groups != null) return; // a repeat of an episode already routed
            groups = routing.get().routesFor(alert).stream().map(m -> m.groupKey().toString()).toArray(String[]::new);
            groupsOfFiring.update(groups);
        } else {
            if (groups == null) return; // the RESOLVED of an episode this notifier never saw fire
            groupsOfFiring.clear();
        }
        for (String group : groups) out.collect(new RoutedAlert(group, alert));
    }
}
