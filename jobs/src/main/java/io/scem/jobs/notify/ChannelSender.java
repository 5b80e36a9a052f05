package io.scem.jobs.notify;

import io.scem.core.notify.OutgoingMessage;
import java.util.List;

/**
 * Hands one message to one channel's gateway, once, and says how it went. Implementations block
 * for at most their configured timeouts and must be safe to call from several threads at once;
 * retries, pacing and threads belong to {@link ReliableSender}.
 */
public interface ChannelSender extends AutoCloseable {

    OutgoingMessage.Channel channel();

    /** One try; never throws for a gateway's failure, it returns it. */
    Attempt attempt(OutgoingMessage message);

    /**
     * The messages one gateway request can carry, each with its own {@code dedupKey}. An email
     * goes to all its recipients at once; an SMS API takes one number per request, and giving
     * each number its own key means a retry after a partial failure does not text the numbers
     * that already got it.
     */
    default List<OutgoingMessage> perRequest(OutgoingMessage message) {
        return List.of(message);
    }

    @Override
    default void close() {}
}
