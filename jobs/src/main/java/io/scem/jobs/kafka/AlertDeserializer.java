package io.scem.jobs.kafka;

import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records of {@link Topics#ALERTS} back into alerts, for the notifier. The topic is the monitoring
 * job's output, so a record that is not an alert is a bug or a foreign writer: it is logged with
 * its position and skipped, never allowed to stop the notifier.
 */
final class AlertDeserializer implements KafkaRecordDeserializationSchema<Alert> {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDeserializer.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Alert> out) {
        if (record.value() == null) return;
        try {
            out.collect(AlertJson.read(new String(record.value(), StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            LOG.warn("Skipping a record of {}-{} at offset {} that is not an alert: {}", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
        }
    }

    @Override
    public TypeInformation<Alert> getProducedType() {
        return TypeInformation.of(Alert.class);
    }
}
