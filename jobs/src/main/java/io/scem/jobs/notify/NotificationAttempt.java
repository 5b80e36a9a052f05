package io.scem.jobs.notify;

import io.scem.core.notify.Notification;
import io.scem.core.notify.OutgoingMessage;
import java.util.List;
import java.util.stream.Stream;

/**
 * One entry of the notification log ({@code scem.notifications}): who was told what, when, on
 * which channel, and how it went, so that "was the warehouse told about this stock-out?" has an
 * answer. One per message and outcome (a message kept while its channel fails, then sent, has two).
 */
public class NotificationAttempt {
    /** Wall clock when the outcome was known. */
    public long at;
    public String receiver;
    public String channel;
    public String[] to;
    public String groupKey;
    public String dedupKey;
    /** The alerts the notification reported: firing ones, then resolved ones. */
    public String[] alertIds;
    /** SENT, ALREADY_SENT, UNDELIVERED (kept for a retry), DROPPED, REJECTED, or FAILED. */
    public String status;
    public int attempts;
    /** The gateway's message id, or why it failed. */
    public String detail;

    public NotificationAttempt() {}

    static NotificationAttempt of(Notification n, OutgoingMessage m, DeliveryResult result, Throwable error, long at) {
        NotificationAttempt a = new NotificationAttempt();
        a.at = at;
        a.receiver = n.receiver();
        a.channel = m.channel().name();
        a.to = m.to().toArray(String[]::new);
        a.groupKey = n.groupKey().toString();
        a.dedupKey = m.dedupKey();
        a.alertIds = Stream.concat(n.firing().stream(), n.resolved().stream()).map(alert -> alert.alertId).toArray(String[]::new);
        if (error != null) {
            a.status = "FAILED";
            a.detail = error.getMessage();
        } else {
            a.setOutcome(result);
        }
        return a;
    }

    private void setOutcome(DeliveryResult result) {
        status = result.status().name();
        attempts = result.attempts();
        detail = result.delivered() ? result.providerId() : result.detail();
    }

    /** The same message's entry for its final answer (to {@code to}), after it was kept. */
    NotificationAttempt settled(List<String> to, DeliveryResult result, long when) {
        NotificationAttempt a = new NotificationAttempt();
        a.at = when;
        a.receiver = receiver;
        a.channel = channel;
        a.to = to.toArray(String[]::new);
        a.groupKey = groupKey;
        a.dedupKey = dedupKey;
        a.alertIds = alertIds;
        a.setOutcome(result);
        return a;
    }
}
