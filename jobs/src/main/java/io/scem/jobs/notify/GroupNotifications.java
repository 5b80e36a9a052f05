package io.scem.jobs.notify;

import io.scem.core.alert.Alert;
import io.scem.core.notify.Grouping;
import io.scem.core.notify.InhibitionSources;
import io.scem.core.notify.Inhibitor;
import io.scem.core.notify.Muting;
import io.scem.core.notify.Notification;
import io.scem.core.notify.NotificationGroup;
import io.scem.core.notify.RoutingConfig;
import io.scem.core.notify.Silences;
import io.scem.core.notify.WakeResult;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One notification group per key (route and group_by values), with Alertmanager's timing
 * ({@link Grouping}) on processing-time timers: notifications are about when people hear, so they
 * follow the wall clock. The broadcast input carries every alert that can inhibit others, so that
 * each subtask knows the firing sources; silences are read from their file. Both are applied when
 * a group is about to notify, not when an alert arrives. A group that is done is cleared.
 */
class GroupNotifications extends KeyedBroadcastProcessFunction<String, RoutedAlert, Alert, Notification> {
    static final MapStateDescriptor<String, InhibitionSources> INHIBITION_SOURCES = new MapStateDescriptor<>(
            "inhibition-sources", BasicTypeInfo.STRING_TYPE_INFO, TypeInformation.of(InhibitionSources.class));
    private static final String ALL = "all";

    private final String routingFile;
    private final String silencesFile;
    private transient WatchedFile<RoutingConfig> routing;
    private transient WatchedFile<Silences> silences;
    private transient ValueState<NotificationGroup> group;

    GroupNotifications(String routingFile, String silencesFile) {
        this.routingFile = routingFile;
        this.silencesFile = silencesFile;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        routing = new WatchedFile<>(Path.of(routingFile), RoutingConfig::read);
        silences = new WatchedFile<>(Path.of(silencesFile), Silences::open);
        group = getRuntimeContext().getState(new ValueStateDescriptor<>("group", NotificationGroup.class));
    }

    @Override
    public void processElement(RoutedAlert routed, ReadOnlyContext ctx, Collector<Notification> out) throws Exception {
        NotificationGroup state = group.value();
        if (state == null) state = new NotificationGroup(routed.groupKey);
        long now = ctx.timerService().currentProcessingTime();
        long wake = new Grouping(routing.get()).onAlert(state, routed.alert, now);
        group.update(state);
        if (wake != NotificationGroup.NONE) ctx.timerService().registerProcessingTimeTimer(wake);
    }

    @Override
    public void processBroadcastElement(Alert alert, Context ctx, Collector<Notification> out) throws Exception {
        Inhibitor inhibitor = new Inhibitor(routing.get().inhibitRules());
        var state = ctx.getBroadcastState(INHIBITION_SOURCES);
        InhibitionSources sources = state.contains(ALL) ? state.get(ALL) : new InhibitionSources();
        if (inhibitor.observe(sources, alert)) state.put(ALL, sources);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Notification> out) throws Exception {
        NotificationGroup state = group.value();
        if (state == null) return;
        RoutingConfig config = routing.get();
        InhibitionSources sources = ctx.getBroadcastState(INHIBITION_SOURCES).get(ALL);
        Muting muting = Muting.of(silences.get(), new Inhibitor(config.inhibitRules()),
                sources == null ? new InhibitionSources() : sources);
        WakeResult result = new Grouping(config).onWake(state, timestamp, muting);
        result.notifications().forEach(out::collect);
        if (result.isDone()) {
            group.clear();
        } else {
            group.update(state);
            ctx.timerService().registerProcessingTimeTimer(result.nextWakeAt());
        }
    }
}
