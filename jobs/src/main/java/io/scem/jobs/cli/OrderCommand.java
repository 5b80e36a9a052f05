package io.scem.jobs.cli;

import io.scem.core.order.OrderStatus;
import io.scem.core.order.OrderStatusJson;
import io.scem.core.order.OrderStatusText;
import io.scem.jobs.kafka.TopicScan;
import io.scem.jobs.orders.OrderStatusFile;
import io.scem.jobs.orders.OrderStatusTopic;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scem order ORDER_ID}: an order's current status and its history, from the running job's
 * {@code scem.order-status} topic or from a replay's {@code OUT.order-status.jsonl}.
 */
@Command(name = "order", mixinStandardHelpOptions = true,
        description = "Print an order's current status, its milestones and its history.")
final class OrderCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ORDER_ID", description = "the orderId")
    String orderId;

    static final class Source {
        @Option(names = "--kafka", paramLabel = "BOOTSTRAP",
                description = "read the compacted scem.order-status topic of this broker (the running job's)")
        String kafka;

        @Option(names = "--file", paramLabel = "FILE", description = "read a replay's OUT.order-status.jsonl")
        Path file;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Mixin
    KafkaConfigOption kafkaConfig;

    @Option(names = "--json", description = "print the status as the JSON of the topic")
    boolean json;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "how long to read the topic at most (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        Optional<OrderStatus> status;
        String where;
        if (source.file != null) {
            String problem = CommandFiles.cannotRead(source.file);
            if (problem != null) {
                System.err.println("scem order: " + problem);
                return 2;
            }
            try {
                status = OrderStatusFile.find(source.file, orderId);
            } catch (IllegalArgumentException e) {
                System.err.println("scem order: " + e.getMessage() + " (--file takes a replay's OUT.order-status.jsonl)");
                return 2;
            }
            where = source.file.toString();
        } else {
            try {
                status = OrderStatusTopic.find(kafkaConfig.connectionTo(source.kafka), orderId, timeout);
            } catch (TopicScan.Unreadable e) {
                System.err.println("scem order: " + e.getMessage());
                return 2;
            }
            where = "scem.order-status at " + source.kafka;
        }
        if (status.isEmpty()) {
            System.err.println("scem order: no order " + orderId + " in " + where);
            return 1;
        }
        PrintStream out = System.out;
        out.print(json ? OrderStatusJson.write(status.get()) + System.lineSeparator() : OrderStatusText.render(status.get()));
        return 0;
    }
}
