package io.scem.jobs.monitoring;

import io.scem.core.entity.EntityKeys;
import io.scem.core.event.SupplyEvent;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** One copy of the event per entity it touches: a PO receipt updates the PO and the stock. */
public class FanOutToEntities implements FlatMapFunction<SupplyEvent, KeyedEvent> {
    @Override
    public void flatMap(SupplyEvent event, Collector<KeyedEvent> out) {
        for (String key : EntityKeys.of(event)) {
            out.collect(new KeyedEvent(key, event));
        }
    }
}
