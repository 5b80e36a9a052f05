package io.scem.jobs.notify;

import io.scem.core.notify.OutgoingMessage;
import io.scem.core.notify.OutgoingMessage.Channel;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The configured channels' {@link ReliableSender}s behind one {@link #send}: what a notifier's
 * Flink async function opens in {@code open()}, snapshots at each checkpoint and closes in {@code
 * close()}. Each channel keeps its own delivered keys, since an email and an SMS of one
 * notification may share a dedupKey.
 */
public final class ChannelSenders implements AutoCloseable {

    private final Map<Channel, ReliableSender> senders;

    public ChannelSenders(Map<Channel, ReliableSender> senders) {
        this.senders = Collections.unmodifiableMap(new EnumMap<>(senders));
    }

    /**
     * Opens a sender for each channel {@code settings} turns on.
     *
     * @param restored per channel, what {@link #snapshot()} returned before a restart (missing: nothing)
     */
    public static ChannelSenders open(NotifierSettings settings, ChannelListener listener, Map<Channel, DeliveryState> restored) {
        Map<Channel, ReliableSender> senders = new EnumMap<>(Channel.class);
        if (settings.smtp() != null) {
            senders.put(Channel.EMAIL, new ReliableSender(new EmailSender(settings.smtp()), settings.delivery(), listener,
                    restored.getOrDefault(Channel.EMAIL, DeliveryState.EMPTY)));
        }
        if (settings.sms() != null) {
            senders.put(Channel.SMS, new ReliableSender(new SmsSender(settings.sms()), settings.delivery(), listener,
                    restored.getOrDefault(Channel.SMS, DeliveryState.EMPTY)));
        }
        return new ChannelSenders(senders);
    }

    /** Sends on the message's channel; a channel that is not configured refuses it (REJECTED). */
    public CompletableFuture<DeliveryResult> send(OutgoingMessage message) {
        ReliableSender sender = senders.get(message.channel());
        if (sender == null) {
            return CompletableFuture.completedFuture(new DeliveryResult(DeliveryResult.Status.REJECTED, message.dedupKey(),
                    null, 0, "no " + message.channel() + " channel is configured"));
        }
        return sender.send(message);
    }

    /** The sender of a channel, or null if it is not configured. */
    public ReliableSender sender(Channel channel) {
        return senders.get(channel);
    }

    /** Per channel, the state to checkpoint; give it back to {@link #open} after a restart. */
    public Map<Channel, DeliveryState> snapshot() {
        Map<Channel, DeliveryState> state = new EnumMap<>(Channel.class);
        senders.forEach((channel, sender) -> state.put(channel, sender.snapshot()));
        return state;
    }

    @Override
    public void close() {
        senders.values().forEach(ReliableSender::close);
    }
}
