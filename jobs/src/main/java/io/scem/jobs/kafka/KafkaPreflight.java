package io.scem.jobs.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Asks a broker, before a command starts, whether it answers and has the topics the command
 * needs. Without it, a command pointed at a broker that is down or lacks a topic waited a minute
 * in silence (the producer's {@code max.block.ms}) and then failed with Kafka's "Topic
 * scem.warehouse not present in metadata after 60000 ms" (seen with {@code simulate --kafka}), and
 * the job's Kafka source would find no partition of a missing topic and read nothing, without a word.
 */
public final class KafkaPreflight {
    /** Long enough for a broker that answers at all; the commands' own timeouts are longer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private KafkaPreflight() {}

    /**
     * What is wrong, as a sentence, or null: the broker does not answer within {@code timeout},
     * or some of {@code topics} do not exist and the broker does not create topics on first use
     * ({@code auto.create.topics.enable}; a broker that will not say is taken as not creating them).
     */
    public static String problem(KafkaConnection kafka, Collection<String> topics, Duration timeout) {
        int millis = (int) timeout.toMillis();
        try (Admin admin = Admin.create(kafka.clientProperties(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis)))) {
            Collection<Node> nodes;
            Set<String> missing = new TreeSet<>(topics);
            try {
                nodes = admin.describeCluster().nodes().get(millis, TimeUnit.MILLISECONDS);
                missing.removeAll(admin.listTopics().names().get(millis, TimeUnit.MILLISECONDS));
            } catch (TimeoutException | ExecutionException e) {
                return "no answer from Kafka at " + kafka.bootstrap() + " within " + TopicScan.shown(timeout) + " (is the broker up?)";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while asking Kafka at " + kafka.bootstrap();
            }
            if (missing.isEmpty() || nodes.isEmpty() || createsTopics(admin, nodes.iterator().next(), millis)) return null;
            return "no topic " + String.join(", ", missing) + " at " + kafka.bootstrap()
                    + ", and the broker does not create topics on first use: create them (README, \"Your own events\")";
        }
    }

    private static boolean createsTopics(Admin admin, Node broker, int millis) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker.idString());
        try {
            Config config = admin.describeConfigs(List.of(resource)).all().get(millis, TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry entry = config == null ? null : config.get("auto.create.topics.enable");
            return entry != null && "true".equals(entry.value());
        } catch (TimeoutException | ExecutionException e) {
            return false; // not allowed to ask (an ACL), or no answer: say the topics are missing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
