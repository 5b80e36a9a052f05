package io.scem.jobs.monitoring;

import io.scem.core.event.DeadLetter;
import io.scem.core.event.Decoded;
import io.scem.core.event.SupplyEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Sends valid events on, rejected records to the dead letters, end-of-input clocks aside. */
public class RouteDecoded extends ProcessFunction<Decoded, SupplyEvent> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    public static final OutputTag<Long> END_OF_INPUT = new OutputTag<>("end-of-input", Types.LONG);

    @Override
    public void processElement(Decoded decoded, Context ctx, Collector<SupplyEvent> out) {
        if (decoded.event != null) {
            out.collect(decoded.event);
        } else if (decoded.deadLetter != null) {
            ctx.output(DEAD_LETTERS, decoded.deadLetter);
        } else if (decoded.endOfInputClock != null) {
            ctx.output(END_OF_INPUT, decoded.endOfInputClock);
        }
    }
}
