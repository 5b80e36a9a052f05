package io.scem.jobs.monitoring;

import io.scem.core.event.SupplyEvent;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/** An event routed to one of the entities it touches (see {@code EntityKeys}). */
@TypeInfo(KeyedEventTypeInfoFactory.class)
public class KeyedEvent {
    public String entityKey;
    public SupplyEvent event;
    /** True on the first of an event's copies: count events by it, not by copies. */
    public boolean primary;

    public KeyedEvent() {}

    public KeyedEvent(String entityKey, SupplyEvent event, boolean primary) {
        this.entityKey = entityKey;
        this.event = event;
        this.primary = primary;
    }
}
