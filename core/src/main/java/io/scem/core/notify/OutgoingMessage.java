package io.scem.core.notify;

import java.util.List;
import java.util.Objects;

/**
 * One message to send on one channel: what the notifier hands to a sender. {@code dedupKey}
 * identifies the notification it carries (receiver, group, and the group's notification number),
 * so that a sender that retries, or a job that restarts, can tell a repeat from a new message.
 *
 * @param html the HTML body of an email (null for SMS)
 * @param subject the email subject (null for SMS)
 */
public record OutgoingMessage(Channel channel, String receiver, List<String> to, String subject, String text, String html,
        String dedupKey) {
    public enum Channel { EMAIL, SMS }

    public OutgoingMessage {
        Objects.requireNonNull(channel);
        Objects.requireNonNull(receiver);
        to = List.copyOf(to);
        Objects.requireNonNull(text);
        Objects.requireNonNull(dedupKey);
    }
}
