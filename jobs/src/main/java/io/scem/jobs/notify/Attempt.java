package io.scem.jobs.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * What one try at handing a message to a gateway (SMTP server, SMS API) came to. A {@link
 * ChannelSender} returns it; {@link ReliableSender} decides from it whether to retry, keep or give
 * up. {@code detail} says why a try failed, in words fit for a log: it never holds a secret.
 *
 * @param providerId the gateway's id of the accepted message (SMS sid, email Message-ID), or null
 * @param retryAfter how long the gateway asked us to wait (HTTP Retry-After), or null
 */
public record Attempt(Outcome outcome, String providerId, String detail, Duration retryAfter) {

    public enum Outcome {
        /** The gateway accepted the message. */
        SENT,
        /** Timeout, connection refused, throttled, server error: the same message may go through later. */
        RETRYABLE,
        /** The gateway refused this message (bad address, bad number, too long): retrying will not help. */
        REJECTED,
        /**
         * The gateway refused our credentials. Not retried at once (a server may lock the account
         * after repeated failures) but kept, and the channel counts as failing: it is a
         * configuration fault, not the message's.
         */
        UNAUTHORIZED
    }

    public Attempt {
        Objects.requireNonNull(outcome, "outcome");
    }

    public static Attempt sent(String providerId) {
        return new Attempt(Outcome.SENT, providerId, null, null);
    }

    public static Attempt retryable(String detail) {
        return new Attempt(Outcome.RETRYABLE, null, detail, null);
    }

    public static Attempt retryable(String detail, Duration retryAfter) {
        return new Attempt(Outcome.RETRYABLE, null, detail, retryAfter);
    }

    public static Attempt rejected(String detail) {
        return new Attempt(Outcome.REJECTED, null, detail, null);
    }

    public static Attempt unauthorized(String detail) {
        return new Attempt(Outcome.UNAUTHORIZED, null, detail, null);
    }
}
