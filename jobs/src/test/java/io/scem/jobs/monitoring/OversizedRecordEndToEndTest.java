package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.event.DeadLetter;
import io.scem.core.event.EventDecoder;
import io.scem.core.event.Instants;
import io.scem.jobs.io.DeadLetterJson;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.KafkaBroker;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 10 MB record on an input topic whose broker limit was raised to let it in: the production job
 * keeps running, the record becomes one short {@code too-large} dead letter (which itself fits in
 * a Kafka record), and the valid events after it still raise their alert.
 */
class OversizedRecordEndToEndTest {
    private static final int TEN_MB = 10 << 20;

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = Flink.miniCluster();

    @BeforeAll
    static void createTopics() throws Exception {
        MonitoringJobEndToEndTest.createTopics(KAFKA);
        // Just above the record (10 MB of value plus the batch's few dozen bytes of framing).
        KAFKA.setTopicConfig(Topics.WAREHOUSE, "max.message.bytes", Integer.toString(TEN_MB + 4096));
    }

    @Test
    void shouldDeadLetterA10MegabyteRecordAndStillAlertOnTheEventsAfterIt() throws Exception {
        String oversized = "{\"eventId\":\"big\",\"type\":\"GOODS_ISSUED\",\"occurredAt\":\"2026-01-05T09:00:00Z\","
                + "\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":1,\"note\":\"" + "x".repeat(TEN_MB - 200) + "\"}";
        KAFKA.produce(Topics.WAREHOUSE, 0, List.of(
                "{\"eventId\":\"s1\",\"type\":\"STOCK_COUNTED\",\"occurredAt\":\"2026-01-05T08:00:00Z\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":5}",
                oversized,
                "{\"eventId\":\"s2\",\"type\":\"GOODS_ISSUED\",\"occurredAt\":\"2026-01-05T10:00:00Z\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":5}"));
        MonitoringJobEndToEndTest.produceClockEvents(KAFKA, Instants.parse("2026-01-06T12:00:00Z"));

        JobClient job = MonitoringJobEndToEndTest.start(KAFKA, "scem-oversized", null);
        try {
            List<Alert> alerts = MonitoringJobEndToEndTest.awaitAlerts(KAFKA, 1,
                    a -> a.rule.equals("STOCK_OUT") && a.key.equals("DC1|A") && a.isFiring());
            assertThat(alerts).filteredOn(a -> a.rule.equals("STOCK_OUT")).extracting(MonitoringJobEndToEndTest::describe)
                    .containsExactly("FIRING STOCK_OUT DC1|A 2026-01-05T10:00:00Z");

            List<String> deadLetterRecords = KAFKA.consumeAll(Topics.DEAD_LETTER, true, 1, MonitoringJobEndToEndTest.TIMEOUT);
            assertThat(deadLetterRecords).singleElement().satisfies(json -> {
                DeadLetter d = DeadLetterJson.read(json);
                assertThat(d.reason).isEqualTo(String.format("too-large: %,d bytes (limit 65,536 characters)", oversized.length()));
                assertThat(d.origin + "@" + d.offset).isEqualTo("scem.warehouse-0@1");
                assertThat(d.raw).isEqualTo(oversized.substring(0, EventDecoder.OVERSIZED_HEAD_CHARS));
                assertThat(json.length()).isLessThan(2 * EventDecoder.OVERSIZED_HEAD_CHARS);
            });
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }
}
