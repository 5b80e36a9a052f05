package io.scem.jobs.monitoring;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What our hand-written serializers ({@link KeyedEventSerializer}, {@code OrderSignalWire}) share:
 * records of variable length, mutable objects never reused (each record is read into a new one),
 * and a copy between views that reads and writes the record again. Subclasses write the fields.
 */
public abstract class FieldByFieldSerializer<T> extends TypeSerializerSingleton<T> {
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
