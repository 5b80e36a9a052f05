package io.scem.jobs.notify;

import io.scem.core.notify.MessageTemplates;
import io.scem.core.notify.Notification;
import io.scem.core.notify.OutgoingMessage;
import io.scem.core.notify.Receiver;
import io.scem.core.notify.RoutingConfig;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/** What a notification would send, one console line per email or SMS: the demo's view of delivery. */
public class NotificationPreview extends RichFlatMapFunction<Notification, String> {
    private final String routingFile;
    private transient WatchedFile<RoutingConfig> routing;
    private transient MessageTemplates templates;

    public NotificationPreview(String routingFile) {
        this.routingFile = routingFile;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        routing = new WatchedFile<>(Path.of(routingFile), RoutingConfig::read);
        templates = new MessageTemplates(NotifierJobSettings.DEFAULT_DASHBOARD_URL);
    }

    @Override
    public void flatMap(Notification notification, Collector<String> out) {
        Receiver receiver = routing.get().receiver(notification.receiver());
        if (receiver == null) return;
        for (OutgoingMessage m : templates.render(notification, receiver)) {
            String to = String.join(", ", m.to());
            String line = m.channel() == OutgoingMessage.Channel.EMAIL ? "email to " + to + ": " + m.subject()
                    : "SMS to " + to + ": " + m.text();
            out.collect(String.format("NOTIFY   %-17s %s", receiver.name(), line));
        }
    }
}
