package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.event.EventType;
import io.scem.core.event.SharedStrings;
import io.scem.core.event.SupplyEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;

class KeyedEventSerializerTest {
    @Test
    void flinkUsesItForKeyedEvents() {
        assertThat(TypeInformation.of(KeyedEvent.class).createSerializer(new SerializerConfigImpl()))
                .isSameAs(KeyedEventSerializer.INSTANCE);
    }

    @Test
    void roundTripsEveryFieldIncludingNullsAndLongTexts() throws Exception {
        SupplyEvent e = new SupplyEvent("ev-1", EventType.SHIPMENT_DISPATCHED, 1_767_607_200_000L);
        e.sequence = 42;
        e.partition = -7;
        e.source = "tms";
        e.shipmentId = "SH-1";
        e.orderId = "ORD-1";
        e.carrierId = "DHL";
        e.site = "DC1";
        e.destination = "Lyon ✓ ".repeat(20_000);
        e.promisedAt = 1_767_700_000_000L;
        e.quantity = -3L;
        KeyedEvent original = new KeyedEvent("shipment|SH-1", e, true);

        DataOutputSerializer out = new DataOutputSerializer(64);
        KeyedEventSerializer.INSTANCE.serialize(original, out);
        KeyedEvent back = KeyedEventSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(back.entityKey).isEqualTo("shipment|SH-1");
        assertThat(back.primary).isTrue();
        assertThat(back.event).isEqualTo(e);
        assertThat(back.event.poId).isNull();
        assertThat(back.event.eta).isNull();
    }

    @Test
    void namesOfPlacesAndPartnersComeBackSharedIdsDoNot() throws Exception {
        SupplyEvent e = new SupplyEvent("ev-2", EventType.ORDER_PLACED, 1_767_607_200_000L);
        e.orderId = "ORD-2";
        e.customerId = "CUST-7";
        e.site = "DC1";
        e.sku = "SKU-0042";
        DataOutputSerializer out = new DataOutputSerializer(64);
        KeyedEventSerializer.INSTANCE.serialize(new KeyedEvent("order|ORD-2", e, true), out);
        byte[] bytes = out.getCopyOfBuffer();

        SupplyEvent first = KeyedEventSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes)).event;
        SupplyEvent second = KeyedEventSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes)).event;

        assertThat(second.site).isSameAs(first.site);
        assertThat(second.sku).isSameAs(first.sku);
        assertThat(second.customerId).isSameAs(first.customerId);
        assertThat(second.orderId).isEqualTo(first.orderId).isNotSameAs(first.orderId);
    }

    @Test
    void readsANameAsFlinkReadsItsTextWhateverItsCharactersAndLength() throws Exception {
        Random random = new Random(11);
        char[][] alphabets = {"SKU-0123456789 DC".toCharArray(), "Zürich Ørsted é".toCharArray(),
                "東京大阪 ✓".toCharArray(), {'a', '\u0080', '\u07ff', '\u0800', '\uffff', '\ud83d', '\ude9a'}};
        DataOutputSerializer out = new DataOutputSerializer(64);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            char[] alphabet = alphabets[i % alphabets.length];
            int length = random.nextInt(10) == 0 ? 250 + random.nextInt(20) : random.nextInt(12);
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < length; c++) text.append(alphabet[random.nextInt(alphabet.length)]);
            written.add(text.toString());
            StringValue.writeString(text, out);
        }
        written.add(null);
        StringValue.writeString(null, out);

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        byte[] buffer = new byte[256];
        for (String text : written) {
            String read = KeyedEventSerializer.readName(in, buffer);
            assertThat(read).isEqualTo(text);
            if (text != null) assertThat(read).isSameAs(SharedStrings.of(new String(text)));
        }
        assertThat(in.available()).isZero();
    }

    /** Version 1 of the format, as written before the serializer stopped copying fields into arrays: savepoints hold it. */
    private static final String EVERY_FIELD_V1 =
            "0e736869706d656e747c53482d31000565762d330c0000019b8d9969000000000000000009000000010007ffff047372"
            + "6305504f2d31065355502d310444433106534b552d3105574f2d31034c31046a616d064f52442d3107435553542d3105"
            + "53482d310444484c054c796f6e0650617269730000000000000001000000000000000200000000000000030000000000"
            + "0000040000000000000005";

    @Test
    void writesEveryFieldInTheFormatOfVersionOne() throws Exception {
        SupplyEvent e = everyField();
        DataOutputSerializer out = new DataOutputSerializer(64);
        KeyedEventSerializer.INSTANCE.serialize(new KeyedEvent("shipment|SH-1", e, false), out);

        assertThat(HexFormat.of().formatHex(out.getCopyOfBuffer())).isEqualTo(EVERY_FIELD_V1);
        assertThat(KeyedEventSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())).event)
                .isEqualTo(e);
    }

    @Test
    void writesTheSameBytesToAStreamAsToMemoryLongRecordsToo() throws Exception {
        SupplyEvent e = everyField();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        DataOutputViewStreamWrapper toStream = new DataOutputViewStreamWrapper(stream);
        KeyedEventSerializer.INSTANCE.serialize(new KeyedEvent("shipment|SH-1", e, false), toStream);
        assertThat(HexFormat.of().formatHex(stream.toByteArray())).isEqualTo(EVERY_FIELD_V1);

        SupplyEvent longText = new SupplyEvent("ev-4", EventType.SHIPMENT_CHECKPOINT, 1_767_607_200_000L);
        longText.shipmentId = "SH-4";
        longText.location = "Quai ✓ ".repeat(30_000);
        KeyedEventSerializer.INSTANCE.serialize(new KeyedEvent("shipment|SH-4", longText, true), toStream);
        KeyedEventSerializer.INSTANCE.serialize(new KeyedEvent("shipment|SH-1", e, false), toStream);

        DataInputViewStreamWrapper in = new DataInputViewStreamWrapper(new ByteArrayInputStream(stream.toByteArray()));
        assertThat(KeyedEventSerializer.INSTANCE.deserialize(in).event).isEqualTo(e);
        assertThat(KeyedEventSerializer.INSTANCE.deserialize(in).event).isEqualTo(longText);
        assertThat(KeyedEventSerializer.INSTANCE.deserialize(in).event).isEqualTo(e);
        assertThat(in.read()).as("nothing more").isEqualTo(-1);
    }

    /** An event with every field set: the one the golden bytes of version 1 were written from. */
    private static SupplyEvent everyField() {
        SupplyEvent e = new SupplyEvent("ev-3", EventType.SHIPMENT_DISPATCHED, 1_767_607_200_000L);
        e.sequence = 9;
        e.partition = 1;
        e.source = "src";
        e.poId = "PO-1";
        e.supplierId = "SUP-1";
        e.site = "DC1";
        e.sku = "SKU-1";
        e.workOrderId = "WO-1";
        e.lineId = "L1";
        e.reason = "jam";
        e.orderId = "ORD-1";
        e.customerId = "CUST-1";
        e.shipmentId = "SH-1";
        e.carrierId = "DHL";
        e.destination = "Lyon";
        e.location = "Paris";
        e.quantity = 1L;
        e.expectedAt = 2L;
        e.dueAt = 3L;
        e.promisedAt = 4L;
        e.eta = 5L;
        return e;
    }
}
