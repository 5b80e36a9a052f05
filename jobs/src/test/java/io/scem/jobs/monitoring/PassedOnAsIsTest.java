package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.event.Decoded;
import io.scem.core.event.EventType;
import io.scem.core.event.SupplyEvent;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class PassedOnAsIsTest {
    private final TypeSerializer<Decoded> asIs = MonitoringJob.DECODED.createSerializer(new SerializerConfigImpl());
    private final TypeSerializer<Decoded> pojo = TypeInformation.of(Decoded.class).createSerializer(new SerializerConfigImpl());

    @Test
    void shouldPassARecordToAChainedOperatorAsItIs() {
        Decoded decoded = Decoded.of(shipmentDispatched());

        assertThat(asIs.copy(decoded)).isSameAs(decoded);
        assertThat(asIs.copy(decoded, new Decoded())).isSameAs(decoded);
        assertThat(pojo.copy(decoded)).as("what Flink does without it").isNotSameAs(decoded);
    }

    @Test
    void shouldWriteAndReadARecordAsItsTypesOwnSerializerDoes() throws Exception {
        Decoded decoded = Decoded.of(shipmentDispatched());
        DataOutputSerializer byAsIs = new DataOutputSerializer(64);
        DataOutputSerializer byPojo = new DataOutputSerializer(64);

        asIs.serialize(decoded, byAsIs);
        pojo.serialize(decoded, byPojo);
        Decoded back = asIs.deserialize(new DataInputDeserializer(byAsIs.getCopyOfBuffer()));

        assertThat(byAsIs.getCopyOfBuffer()).isEqualTo(byPojo.getCopyOfBuffer());
        assertThat(back.event).isEqualTo(decoded.event);
        assertThat(back.deadLetter).isNull();
        assertThat(asIs.duplicate()).isEqualTo(asIs);
    }

    private static SupplyEvent shipmentDispatched() {
        SupplyEvent e = new SupplyEvent("ev-1", EventType.SHIPMENT_DISPATCHED, 1_767_607_200_000L);
        e.shipmentId = "SH-1";
        e.carrierId = "DHL";
        e.site = "DC1";
        e.destination = "Lyon";
        e.promisedAt = 1_767_700_000_000L;
        return e;
    }
}
