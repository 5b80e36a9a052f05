package io.scem.jobs.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import io.scem.core.notify.MessageTemplates;
import io.scem.core.notify.Notification;
import io.scem.core.notify.OutgoingMessage;
import io.scem.core.notify.OutgoingMessage.Channel;
import io.scem.core.notify.Receiver;
import io.scem.core.notify.RoutingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders notifications into emails and SMS ({@link MessageTemplates}) and hands them to the
 * channels' {@link ChannelSenders}, which send asynchronously (bounded, retried, rate-limited,
 * each dedupKey once). What was delivered and what waits for a failing channel is checkpointed,
 * so a restore neither repeats a delivered notification nor loses a kept one. A channel that keeps
 * failing raises a {@code NOTIFICATION_FAILING} alert (CRITICAL, stage {@code notifier}, key the
 * channel), resolved when it recovers; those go back to the alerts topic like any other alert.
 * Every outcome goes to the notification log; at start the log's last week of sent messages is
 * read back, so that a notification sent after the last checkpoint is not sent again after a crash.
 *
 * <p>Runs with parallelism 1, keyed by one constant key only for its timer (which collects the
 * channels' failing and recovered callbacks, made on sender threads): a per-receiver rate limit
 * needs to see every message to that receiver.
 */
class DeliverNotifications extends KeyedProcessFunction<String, Notification, Alert> implements CheckpointedFunction {
    static final String KEY = "notifications";
    /** Every outcome of every message: the notification log. */
    static final OutputTag<NotificationAttempt> LOG_ENTRIES =
            new OutputTag<>("notification-log", TypeInformation.of(NotificationAttempt.class));
    private static final Logger LOG = LoggerFactory.getLogger(DeliverNotifications.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CHECK_CHANNELS_EVERY_MILLIS = 200;
    private static final Duration LOG_LOOKBACK = Duration.ofDays(7);

    private final NotifierJobSettings settings;
    private transient WatchedFile<RoutingConfig> routing;
    private transient MessageTemplates templates;
    private transient ChannelSenders senders;
    private transient ListState<String> deliveryState;
    /** The log entries of kept messages, so that their final outcome is logged in full after a restore too. */
    private transient ListState<String> keptEntriesState;
    private transient Map<Channel, DeliveryState> restored;
    /** Failing/recovered callbacks, from sender threads to the task thread. */
    private transient ConcurrentLinkedQueue<Alert> channelAlerts;
    /** Outcomes of sends, from sender threads to the task thread. */
    private transient ConcurrentLinkedQueue<NotificationAttempt> outcomes;
    /** Log entries of messages kept while their channel fails, to log what finally happens to them. */
    private transient Map<String, NotificationAttempt> kept;
    private transient Map<Channel, String> failingAlertIds;
    private transient boolean timerArmed;

    DeliverNotifications(NotifierJobSettings settings) {
        this.settings = settings;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        deliveryState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("delivery", String.class));
        restored = new EnumMap<>(Channel.class);
        failingAlertIds = new EnumMap<>(Channel.class);
        kept = new ConcurrentHashMap<>();
        keptEntriesState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("kept-log-entries", String.class));
        for (String json : keptEntriesState.get()) {
            NotificationAttempt entry = JSON.readValue(json, NotificationAttempt.class);
            kept.put(entry.channel + entry.dedupKey, entry);
        }
        for (String json : deliveryState.get()) {
            ChannelState state = JSON.readValue(json, ChannelState.class);
            restored.put(state.channel, state.state);
            // A NOTIFICATION_FAILING open at the checkpoint goes on as the same episode.
            if (state.failingAlertId != null) failingAlertIds.put(state.channel, state.failingAlertId);
        }
    }

    @Override
    public void open(OpenContext context) throws Exception {
        addDeliveredFromTheLog();
        routing = new WatchedFile<>(Path.of(settings.routingFile()), RoutingConfig::read);
        templates = new MessageTemplates(settings.dashboardUrl());
        channelAlerts = new ConcurrentLinkedQueue<>();
        outcomes = new ConcurrentLinkedQueue<>();
        senders = ChannelSenders.open(settings.channels(), new ChannelListener() {
            @Override
            public void failing(Channel channel, String reason) {
                channelAlerts.add(failingAlert(channel, reason, Alert.FIRING));
            }

            @Override
            public void recovered(Channel channel) {
                channelAlerts.add(failingAlert(channel, null, Alert.RESOLVED));
            }

            @Override
            public void keptMessageSettled(OutgoingMessage message, DeliveryResult result) {
                // An SMS to several numbers is sent, and kept, per number: under dedupKey + " to " + number.
                String key = message.channel() + message.dedupKey();
                String perNumber = message.to().size() == 1 ? " to " + message.to().get(0) : null;
                NotificationAttempt entry = kept.get(key);
                if (entry == null && perNumber != null && key.endsWith(perNumber)) {
                    key = key.substring(0, key.length() - perNumber.length());
                    entry = kept.get(key);
                }
                if (entry == null) return;
                if (entry.to.length <= 1) kept.remove(key);
                outcomes.add(entry.settled(message.to(), result, System.currentTimeMillis()));
            }
        }, restored);
    }

    /**
     * What was sent after the last checkpoint is only in the notification log: read its last week,
     * so that a group restored to before that send does not send it again.
     */
    private void addDeliveredFromTheLog() {
        if (settings.kafka() == null) return;
        long weekAgo = System.currentTimeMillis() - LOG_LOOKBACK.toMillis();
        Map<Channel, List<String>> logged =
                NotificationLogReader.deliveredSince(settings.kafka(), weekAgo, Duration.ofSeconds(30));
        logged.forEach((channel, keys) -> {
            DeliveryState state = restored.getOrDefault(channel, DeliveryState.EMPTY);
            Set<String> delivered = new LinkedHashSet<>(keys);
            delivered.addAll(state.deliveredKeys()); // checkpointed keys last: the newest are kept when capped
            restored.put(channel, new DeliveryState(List.copyOf(delivered), state.undelivered()));
        });
    }

    @Override
    public void processElement(Notification notification, Context ctx, Collector<Alert> out) {
        if (!timerArmed) {
            // Aligned to whole seconds: the timer restored from a checkpoint and this one are then
            // the same timer, not two chains.
            ctx.timerService().registerProcessingTimeTimer(nextCheck(ctx.timerService().currentProcessingTime()));
            timerArmed = true;
        }
        Receiver receiver = routing.get().receiver(notification.receiver());
        if (receiver == null) {
            LOG.error("Receiver {} is no longer in {}; notification {} not sent", notification.receiver(),
                    settings.routingFile(), notification.dedupKey());
            return;
        }
        for (OutgoingMessage message : templates.render(notification, receiver)) {
            senders.send(message).whenComplete((result, error) -> {
                NotificationAttempt entry = NotificationAttempt.of(notification, message, result, error, System.currentTimeMillis());
                if (result != null && result.status() == DeliveryResult.Status.SENT) endRestoredFailure(message.channel());
                if (result != null && result.status() == DeliveryResult.Status.UNDELIVERED) {
                    kept.put(message.channel() + message.dedupKey(), entry);
                }
                outcomes.add(entry);
                if (error != null) {
                    LOG.warn("{} {} not sent: {}", message.channel(), message.dedupKey(), error.getMessage());
                } else if (!result.delivered()) {
                    LOG.warn("{} {}: {} ({})", message.channel(), message.dedupKey(), result.status(), result.detail());
                }
            });
        }
        emitReports(ctx, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) {
        timerArmed = true;
        emitReports(ctx, out);
        ctx.timerService().registerProcessingTimeTimer(nextCheck(timestamp));
    }

    private static long nextCheck(long now) {
        return (now / CHECK_CHANNELS_EVERY_MILLIS + 1) * CHECK_CHANNELS_EVERY_MILLIS;
    }

    /** What sender threads reported since: NOTIFICATION_FAILING alerts and log entries. */
    private void emitReports(Context ctx, Collector<Alert> out) {
        Alert alert;
        while ((alert = channelAlerts.poll()) != null) out.collect(alert);
        NotificationAttempt attempt;
        while ((attempt = outcomes.poll()) != null) ctx.output(LOG_ENTRIES, attempt);
    }

    /**
     * A channel failing at the checkpoint starts afresh after a restore, not failing: its sender
     * never reports a recovery, so the first message it delivers ends the restored episode.
     */
    private void endRestoredFailure(Channel channel) {
        ReliableSender sender = senders.sender(channel);
        if (sender == null || sender.isFailing()) return;
        synchronized (this) {
            // Checked and resolved under one lock: two deliveries completing at once end it once.
            if (failingAlertIds.containsKey(channel)) channelAlerts.add(failingAlert(channel, null, Alert.RESOLVED));
        }
    }

    /** NOTIFICATION_FAILING for a channel: one episode (alertId) from failing to recovered. */
    private Alert failingAlert(Channel channel, String reason, String status) {
        Alert a = new Alert();
        a.rule = "NOTIFICATION_FAILING";
        a.status = status;
        a.severity = "CRITICAL";
        a.stage = "notifier";
        a.key = channel.name();
        a.at = System.currentTimeMillis();
        a.detectedAt = a.at;
        a.evidence = new String[0];
        String what = channel == Channel.EMAIL ? "Email" : "SMS";
        synchronized (this) {
            if (Alert.FIRING.equals(status)) {
                a.alertId = failingAlertIds.computeIfAbsent(channel, c -> UUID.randomUUID().toString());
                a.message = what + " notifications are failing since " + Instants.format(a.at) + ": " + reason
                        + "; notifications are kept and sent when it recovers";
            } else {
                String id = failingAlertIds.remove(channel);
                a.alertId = id != null ? id : UUID.randomUUID().toString();
                a.message = what + " notifications are delivered again since " + Instants.format(a.at)
                        + "; kept notifications are being sent";
            }
        }
        return a;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        deliveryState.clear();
        for (Map.Entry<Channel, DeliveryState> e : senders.snapshot().entrySet()) {
            String failing;
            synchronized (this) {
                failing = failingAlertIds.get(e.getKey());
            }
            deliveryState.add(JSON.writeValueAsString(new ChannelState(e.getKey(), e.getValue(), failing)));
        }
        keptEntriesState.clear();
        for (NotificationAttempt entry : kept.values()) keptEntriesState.add(JSON.writeValueAsString(entry));
    }

    @Override
    public void close() throws Exception {
        if (senders != null) senders.close();
        super.close();
    }

    /**
     * One channel's delivery state as checkpointed (JSON: it holds messages, whose shape may grow),
     * with the alertId of its open NOTIFICATION_FAILING, if any.
     */
    record ChannelState(Channel channel, DeliveryState state, String failingAlertId) {}
}
