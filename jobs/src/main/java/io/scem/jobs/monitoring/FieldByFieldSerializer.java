package io.scem.jobs.monitoring;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What our hand-written serializers ({@link KeyedEventSerializer}, {@code OrderSignalWire}) share:
 * records of variable length, mutable objects never reused (each record is read into a new one),
 * and a copy between views that reads and writes the record again. Subclasses write the fields
 * ({@link #write}).
 */
public abstract class FieldByFieldSerializer<T> extends TypeSerializerSingleton<T> {
    /** Per thread (one serializer serves every task): where a record bound for a stream is put together. */
    private static final ThreadLocal<DataOutputSerializer> RECORD = ThreadLocal.withInitial(() -> new DataOutputSerializer(256));
    /** A buffer grown past this by a long record is dropped after it, not kept for the thread's life. */
    private static final int KEPT_BUFFER = 1 << 16;

    /**
     * Writes {@code record} straight into Flink's in-memory views (the network's), and into any
     * other view (a checkpoint's stream) as one block: there each byte went through a stack of
     * streams, and writing the events held in a checkpoint was 70 % of its asynchronous part in a
     * Kafka drain. The bytes are the same either way.
     */
    @Override
    public final void serialize(T record, DataOutputView out) throws IOException {
        if (out instanceof DataOutputSerializer) {
            write(record, out);
            return;
        }
        DataOutputSerializer buffer = RECORD.get();
        buffer.clear();
        write(record, buffer);
        out.write(buffer.getSharedBuffer(), 0, buffer.length());
        if (buffer.getSharedBuffer().length > KEPT_BUFFER) RECORD.remove();
    }

    /** Writes the record's fields, as {@link #deserialize(DataInputView)} reads them. */
    protected abstract void write(T record, DataOutputView out) throws IOException;
    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }
}
