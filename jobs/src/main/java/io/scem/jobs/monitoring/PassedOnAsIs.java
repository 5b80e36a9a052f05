package io.scem.jobs.monitoring;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The type of a stream whose records never change once emitted (each is a new object, and no one
 * changes it after): Flink passes them to a chained operator as they are, where it would copy
 * each one (for a POJO, field by field by reflection). Written and read over the network by the
 * serializer of {@code delegate}.
 *
 * <p>For streams only, never for state: a state object is changed in place, and the heap backend
 * relies on copying it while a checkpoint is written.
 */
public final class PassedOnAsIs<T> extends TypeInformation<T> {
    private final TypeInformation<T> delegate;

    public PassedOnAsIs(TypeInformation<T> delegate) {
        this.delegate = delegate;
    }

    @Override public boolean isBasicType() { return delegate.isBasicType(); }
    @Override public boolean isTupleType() { return delegate.isTupleType(); }
    @Override public int getArity() { return delegate.getArity(); }
    @Override public int getTotalFields() { return delegate.getTotalFields(); }
    @Override public Class<T> getTypeClass() { return delegate.getTypeClass(); }
    @Override public boolean isKeyType() { return false; }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new Serializer<>(delegate.createSerializer(config));
    }

    @Override
    public String toString() {
        return delegate + " (passed on as is)";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof PassedOnAsIs<?> other && other.delegate.equals(delegate);
    }

    @Override
    public int hashCode() {
        return delegate.hashCode() * 31 + 7;
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof PassedOnAsIs;
    }

    /** The delegate's serializer, but for copies: a record is its own copy. */
    static final class Serializer<T> extends TypeSerializer<T> {
        private final TypeSerializer<T> delegate;

        Serializer(TypeSerializer<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public T copy(T from) {
            return from;
        }

        @Override
        public T copy(T from, T reuse) {
            return from;
        }

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public TypeSerializer<T> duplicate() {
            TypeSerializer<T> duplicated = delegate.duplicate();
            return duplicated == delegate ? this : new Serializer<>(duplicated);
        }

        @Override public T createInstance() { return delegate.createInstance(); }
        @Override public int getLength() { return delegate.getLength(); }
        @Override public void serialize(T record, DataOutputView target) throws IOException { delegate.serialize(record, target); }
        @Override public T deserialize(DataInputView source) throws IOException { return delegate.deserialize(source); }
        @Override public T deserialize(T reuse, DataInputView source) throws IOException { return delegate.deserialize(reuse, source); }
        @Override public void copy(DataInputView source, DataOutputView target) throws IOException { delegate.copy(source, target); }

        /** The delegate's: what a stream's serializer writes is never restored from a checkpoint. */
        @Override
        public TypeSerializerSnapshot<T> snapshotConfiguration() {
            return delegate.snapshotConfiguration();
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof Serializer<?> other && other.delegate.equals(delegate);
        }

        @Override
        public int hashCode() {
            return Objects.hash(delegate, Serializer.class);
        }
    }
}
