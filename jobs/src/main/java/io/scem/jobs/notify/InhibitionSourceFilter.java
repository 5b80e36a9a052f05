package io.scem.jobs.notify;

import io.scem.core.alert.Alert;
import io.scem.core.notify.Inhibitor;
import io.scem.core.notify.RoutingConfig;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;

/** The alerts that inhibit rules name as sources: only those are broadcast to every group. */
class InhibitionSourceFilter extends RichFilterFunction<Alert> {
    private final String routingFile;
    private transient WatchedFile<RoutingConfig> routing;

    InhibitionSourceFilter(String routingFile) {
        this.routingFile = routingFile;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        routing = new WatchedFile<>(Path.of(routingFile), RoutingConfig::read);
    }

    @Override
    public boolean filter(Alert alert) {
        return new Inhibitor(routing.get().inhibitRules()).isSource(alert);
    }
}
