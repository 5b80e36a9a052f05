package io.scem.jobs.notify;

import io.scem.core.notify.OutgoingMessage;
import java.util.List;

/**
 * What a {@link ReliableSender} must remember across a restart, for a Flink operator to keep in
 * checkpointed state: the dedupKeys already delivered (oldest first, at most {@code
 * notify.dedup-capacity}) and the messages kept while the channel was failing (oldest first).
 */
public record DeliveryState(List<String> deliveredKeys, List<OutgoingMessage> undelivered) {
    public static final DeliveryState EMPTY = new DeliveryState(List.of(), List.of());

    public DeliveryState {
        deliveredKeys = List.copyOf(deliveredKeys);
        undelivered = List.copyOf(undelivered);
    }
}
