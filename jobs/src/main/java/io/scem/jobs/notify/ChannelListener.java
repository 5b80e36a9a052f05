package io.scem.jobs.notify;

import io.scem.core.notify.OutgoingMessage;

/**
 * Told when a channel starts failing (a message used up its retries, or the gateway refused our
 * credentials) and when it delivers again, once per transition, so that the job can raise and
 * resolve a NOTIFICATION_FAILING alert. Called on a sender's thread while it holds its lock: be
 * quick, do not block (hand the event to a queue).
 */
public interface ChannelListener {

    void failing(OutgoingMessage.Channel channel, String reason);

    void recovered(OutgoingMessage.Channel channel);

    /**
     * A message that was kept while its channel failed (its caller was told UNDELIVERED) has its
     * final answer: sent, or refused. Lets the caller's log say what finally happened to it.
     */
    default void keptMessageSettled(OutgoingMessage message, DeliveryResult result) {}

    ChannelListener NONE = new ChannelListener() {
        @Override
        public void failing(OutgoingMessage.Channel channel, String reason) {}

        @Override
        public void recovered(OutgoingMessage.Channel channel) {}
    };
}
