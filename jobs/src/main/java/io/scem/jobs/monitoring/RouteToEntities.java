package io.scem.jobs.monitoring;

import io.scem.core.entity.EntityKeys;
import io.scem.core.event.DeadLetter;
import io.scem.core.event.Decoded;
import io.scem.core.event.SupplyEvent;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends each valid event to every entity it touches (a PO receipt updates the PO and the stock),
 * rejected records to the dead letters, and end-of-input clocks aside. The first copy of an
 * event is marked primary, so that whoever counts events counts each once.
 */
public class RouteToEntities extends ProcessFunction<Decoded, KeyedEvent> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    public static final OutputTag<Long> END_OF_INPUT = new OutputTag<>("end-of-input", Types.LONG);

    @Override
    public void processElement(Decoded decoded, Context ctx, Collector<KeyedEvent> out) {
        if (decoded.event != null) {
            SupplyEvent event = decoded.event;
            List<String> keys = EntityKeys.of(event);
            for (int i = 0; i < keys.size(); i++) {
                out.collect(new KeyedEvent(keys.get(i), event, i == 0));
            }
        } else if (decoded.deadLetter != null) {
            ctx.output(DEAD_LETTERS, decoded.deadLetter);
        } else if (decoded.endOfInputClock != null) {
            ctx.output(END_OF_INPUT, decoded.endOfInputClock);
        }
    }
}
