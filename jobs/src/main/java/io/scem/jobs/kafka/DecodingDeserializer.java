package io.scem.jobs.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.scem.core.event.Decoded;
import io.scem.core.event.DeadLetter;
import io.scem.core.event.EventDecoder;
import io.scem.core.event.EventIntake;
import io.scem.jobs.monitoring.MonitoringJob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns each Kafka record into a {@link Decoded}: an event, or a dead letter for anything
 * malformed, empty or too late. Never throws, so one bad record cannot restart the job.
 *
 * <p>Each source reader gets its own copy and its own {@link EventIntake}; lateness is judged per
 * Kafka topic-partition, the unit in which arrival order is defined. The intake is not
 * checkpointed: after a restore, lateness is judged afresh from the first record read.
 *
 * <p>Dead letters name their origin as {@code topic-partition} (Kafka's own notation) and carry
 * the record's offset in that partition.
 */
public final class DecodingDeserializer implements KafkaRecordDeserializationSchema<Decoded> {
    private static final long serialVersionUID = 1L;

    private final long outOfOrderBoundMillis;
    private final long maxLeadMillis;
    private transient EventIntake intake;
    private transient Map<String, List<Input>> inputsByTopic;

    /** @param maxLeadMillis how far ahead of the wall clock an event's time may be (0: any; see {@link EventIntake}) */
    public DecodingDeserializer(long outOfOrderBoundMillis, long maxLeadMillis) {
        this.outOfOrderBoundMillis = outOfOrderBoundMillis;
        this.maxLeadMillis = maxLeadMillis;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        intake = new EventIntake(outOfOrderBoundMillis, maxLeadMillis, System::currentTimeMillis);
        inputsByTopic = new HashMap<>();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded> out) {
        if (intake == null) {
            open(null);
        }
        Input input = input(record.topic(), record.partition());
        byte[] value = record.value();
        if (value == null) {
            out.collect(Decoded.rejected(
                    new DeadLetter("invalid-json: null value (tombstone)", "", input.origin, record.offset())));
            return;
        }
        if (value.length > EventDecoder.MAX_RECORD_UTF8_BYTES) {
            // Surely over the limit: no need to turn all of it (10 MB, say) into a String to say so.
            String head = new String(value, 0, 4 * EventDecoder.OVERSIZED_HEAD_CHARS, UTF_8);
            out.collect(EventDecoder.tooLarge(head, String.format("%,d bytes", value.length), input.origin, record.offset()));
            return;
        }
        Decoded decoded;
        try {
            decoded = intake.accept(value, 0, value.length, input.origin, input.index, record.offset());
        } catch (RuntimeException e) {
            // The decoder already turns every input problem into a dead letter; this is a last
            // guard against a bug, which must still not put the job into a restart loop.
            decoded = Decoded.rejected(
                    new DeadLetter("decode-error: " + e, new String(value, UTF_8), input.origin, record.offset()));
        }
        out.collect(decoded);
    }

    @Override
    public TypeInformation<Decoded> getProducedType() {
        return MonitoringJob.DECODED;
    }

    /** The intake's partition number and the origin text of one topic-partition, made once. */
    private Input input(String topic, int partition) {
        List<Input> inputs = inputsByTopic.computeIfAbsent(topic, t -> new ArrayList<>());
        while (inputs.size() <= partition) {
            inputs.add(null);
        }
        Input input = inputs.get(partition);
        if (input == null) {
            // The same id on every reader: the rule operator orders each partition's events as one run.
            input = new Input(31 * topic.hashCode() + partition, topic + '-' + partition);
            inputs.set(partition, input);
        }
        return input;
    }

    private record Input(int index, String origin) {}
}
