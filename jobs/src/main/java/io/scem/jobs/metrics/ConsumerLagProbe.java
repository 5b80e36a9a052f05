package io.scem.jobs.metrics;

import io.scem.jobs.kafka.KafkaConnection;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer lag of the job's input, as a lag exporter measures it from outside: per partition
 * of the input topics, the log-end offset minus the offset the job's consumer group committed
 * (from the earliest offset where it committed nothing), summed. The Kafka source commits at each
 * completed checkpoint, so the figure includes up to a checkpoint interval of records the job has
 * in fact read.
 */
public final class ConsumerLagProbe implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final KafkaConnection kafka;
    private final String groupId;
    private final List<String> topics;
    private transient Admin admin;

    public ConsumerLagProbe(KafkaConnection kafka, String groupId, List<String> topics) {
        this.kafka = kafka;
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
    }

    /** Records behind the log end over all input partitions; throws if Kafka does not answer in time. */
    public long lag() throws Exception {
        if (admin == null) {
            // A probe that cannot answer within an interval is skipped, not queued up.
            admin = Admin.create(kafka.clientProperties(Map.of(
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())));
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (TopicDescription topic : admin.describeTopics(topics).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values()) {
            topic.partitions().forEach(p -> {
                TopicPartition tp = new TopicPartition(topic.name(), p.partition());
                latest.put(tp, OffsetSpec.latest());
                earliest.put(tp, OffsetSpec.earliest());
            });
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                admin.listOffsets(earliest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long lag = 0;
        for (var end : ends.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            long from = done != null ? done.offset() : starts.get(end.getKey()).offset();
            lag += Math.max(0, end.getValue().offset() - from);
        }
        return lag;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}
