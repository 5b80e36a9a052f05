package io.scem.jobs.notify;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How {@link ReliableSender#send} ended for one message.
 *
 * @param providerId the gateway's id(s) of the message when sent, comma-separated for an SMS to several numbers
 * @param attempts tries made for this call (0 when nothing was sent)
 * @param detail why it was not sent, for logs and alerts (never holds a secret), or null
 */
public record DeliveryResult(Status status, String dedupKey, String providerId, int attempts, String detail) {

    public enum Status {
        /** The gateway accepted it. */
        SENT,
        /** Its dedupKey was delivered before (or is being delivered by an earlier call): not sent again. */
        ALREADY_SENT,
        /** The gateway refused the message itself; it is not retried and not kept. */
        REJECTED,
        /** The channel is failing: the message is kept and sent when the channel recovers. */
        UNDELIVERED,
        /** The channel is failing and the undelivered queue is full: the message is lost. */
        DROPPED
    }

    public DeliveryResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(dedupKey, "dedupKey");
    }

    /** Whether the receiver got (or had already got) the message. */
    public boolean delivered() {
        return status == Status.SENT || status == Status.ALREADY_SENT;
    }

    /** Worst first: what a message split into several requests reports when its parts differ. */
    private static final List<Status> SEVERITY =
            List.of(Status.DROPPED, Status.REJECTED, Status.UNDELIVERED, Status.SENT, Status.ALREADY_SENT);

    /** One result for a message sent as several requests (an SMS to several numbers). */
    static DeliveryResult combine(String dedupKey, List<DeliveryResult> parts) {
        if (parts.size() == 1) return parts.get(0).withDedupKey(dedupKey);
        Status status = SEVERITY.stream()
                .filter(s -> parts.stream().anyMatch(p -> p.status() == s))
                .findFirst().orElseThrow();
        String ids = parts.stream().map(DeliveryResult::providerId).filter(Objects::nonNull)
                .collect(Collectors.joining(","));
        String details = parts.stream().filter(p -> p.detail() != null)
                .map(p -> p.dedupKey() + ": " + p.detail()).collect(Collectors.joining("; "));
        return new DeliveryResult(status, dedupKey, ids.isEmpty() ? null : ids,
                parts.stream().mapToInt(DeliveryResult::attempts).sum(), details.isEmpty() ? null : details);
    }

    private DeliveryResult withDedupKey(String key) {
        return new DeliveryResult(status, key, providerId, attempts, detail);
    }
}
