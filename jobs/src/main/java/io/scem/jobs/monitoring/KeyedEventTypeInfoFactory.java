package io.scem.jobs.monitoring;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Tells Flink to carry {@link KeyedEvent} with {@link KeyedEventSerializer}. */
public final class KeyedEventTypeInfoFactory extends TypeInfoFactory<KeyedEvent> {
    @Override
    public TypeInformation<KeyedEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return new KeyedEventTypeInfo();
    }

    /** The type information behind it: a non-generic type with its own serializer. */
    public static final class KeyedEventTypeInfo extends TypeInformation<KeyedEvent> {
        @Override public boolean isBasicType() { return false; }
        @Override public boolean isTupleType() { return false; }
        @Override public int getArity() { return 1; }
        @Override public int getTotalFields() { return 1; }
        @Override public Class<KeyedEvent> getTypeClass() { return KeyedEvent.class; }
        @Override public boolean isKeyType() { return false; }

        @Override
        public TypeSerializer<KeyedEvent> createSerializer(SerializerConfig config) {
            return KeyedEventSerializer.INSTANCE;
        }

        @Override public String toString() { return "KeyedEvent"; }
        @Override public boolean equals(Object obj) { return obj instanceof KeyedEventTypeInfo; }
        @Override public int hashCode() { return KeyedEvent.class.hashCode(); }
        @Override public boolean canEqual(Object obj) { return obj instanceof KeyedEventTypeInfo; }
    }
}
