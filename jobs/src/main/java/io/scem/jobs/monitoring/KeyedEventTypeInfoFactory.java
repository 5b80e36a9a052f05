package io.scem.jobs.monitoring;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Tells Flink to carry {@link KeyedEvent} with {@link KeyedEventSerializer}. */
public final class KeyedEventTypeInfoFactory extends TypeInfoFactory<KeyedEvent> {
    @Override
    public TypeInformation<KeyedEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return new OwnSerializerTypeInfo<>(KeyedEvent.class, KeyedEventSerializer.INSTANCE);
    }
}
