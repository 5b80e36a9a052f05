package io.scem.jobs.monitoring;

import io.scem.core.event.SupplyEvent;

/** An event routed to one of the entities it touches (see {@code EntityKeys}). */
public class KeyedEvent {
    public String entityKey;
    public SupplyEvent event;

    public KeyedEvent() {}

    public KeyedEvent(String entityKey, SupplyEvent event) {
        this.entityKey = entityKey;
        this.event = event;
    }
}
