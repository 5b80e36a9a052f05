package io.scem.jobs.cli;

import io.scem.core.event.DeadLetter;
import io.scem.core.event.Decoded;
import io.scem.core.rules.RuleSet;
import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import io.scem.jobs.demo.DemoConsole;
import io.scem.jobs.demo.SimulatorPublisher;
import io.scem.jobs.demo.SimulatorSource;
import io.scem.jobs.kafka.KafkaConnection;
import io.scem.jobs.kafka.KafkaIo;
import io.scem.jobs.kafka.KafkaPreflight;
import io.scem.jobs.notify.NotificationPreview;
import io.scem.jobs.notify.NotifierJob;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.metrics.ConsumerLagProbe;
import io.scem.jobs.metrics.InfluxPreflight;
import io.scem.jobs.metrics.InfluxSettings;
import io.scem.jobs.metrics.PipelineMetrics;
import io.scem.jobs.monitoring.JobSettings;
import io.scem.jobs.monitoring.KeyedEvent;
import io.scem.jobs.monitoring.MonitoringJob;
import io.scem.jobs.monitoring.RuleReload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scem demo}: the monitoring job on an embedded Flink, fed by the built-in simulator,
 * printing alerts as they fire and resolve and a summary every few seconds.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the monitoring job on a simulated supply chain and print its alerts.")
final class DemoCommand implements Callable<Integer> {
    /** The demo's consumer group on a broker (--kafka), also whose lag the metrics report. */
    private static final String DEMO_GROUP = "scem-demo";

    @Option(names = "--duration", converter = Bounded.PositiveDuration.class,
            description = "how long to run (e.g. 180s, 3m); default: until Ctrl-C")
    Duration duration;

    @Option(names = "--speed", defaultValue = "14400", converter = Bounded.Speed.class,
            description = "simulated seconds per wall-clock second, 0 = as fast as possible (default: ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--seed", defaultValue = "1", description = "simulator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--rules", defaultValue = "${env:SCEM_RULES:-rules}", description = "rules directory (default: ${DEFAULT-VALUE})")
    Path rules;

    @Option(names = "--influx-url", converter = Bounded.InfluxUrl.class, description = "write metrics to this InfluxDB (e.g. http://localhost:8086)")
    String influxUrl;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP",
            description = "publish the simulated events to this Kafka broker and consume them from there; alerts and"
                    + " order statuses also go to scem.alerts and scem.order-status")
    String kafka;

    @Option(names = "--parallelism", defaultValue = "2", converter = Bounded.AtLeastOne.class, description = "Flink parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--routing", description = "notification routing file whose notifications to print (default: routing.yaml "
            + "in the rules directory; 'none' for no notifications)")
    String routing;

    @Override
    public Integer call() throws Exception {
        RuleSet ruleSet = RulesCommand.compileOrReport(rules);
        if (ruleSet == null) return 1;
        // The demo talks to a local broker without security; ./scem run takes kafka.client.* settings.
        KafkaConnection broker = kafka == null ? null : KafkaConnection.plaintext(kafka);
        if (broker != null) {
            List<String> topics = new ArrayList<>(Topics.INPUTS);
            topics.addAll(List.of(Topics.ALERTS, Topics.ORDER_STATUS));
            String problem = KafkaPreflight.problem(broker, topics, KafkaPreflight.TIMEOUT);
            if (problem != null) {
                System.err.println("scem demo: " + problem);
                return 2;
            }
        }
        Path checkpoints = java.nio.file.Files.createTempDirectory("scem-demo-checkpoints");
        JobSettings settings = JobSettings.defaults().withCheckpoints(Duration.ofSeconds(5), checkpoints.toUri().toString());
        SimulationConfig simulation = SimulationConfig.defaults(seed);
        StreamExecutionEnvironment env = Environments.local(parallelism);

        Source<Decoded, ?, ?> source;
        Thread publisher = null;
        if (kafka == null) {
            source = SimulatorSource.create(simulation, speed, settings.outOfOrderBound().toMillis());
        } else {
            // From this run's first record, by its timestamp (the producer's clock): not the
            // topics' end (latest), which the source resolves after the publisher has begun, so it
            // missed the world's first events (its stock counts and first dispatches) and reported
            // stocks and shipments it had never seen; nor earlier runs' records.
            long publishedFrom = System.currentTimeMillis();
            publisher = startPublisher(simulation);
            // Simulated time runs ahead of the wall clock: no check of how far.
            source = KafkaIo.eventSource(broker, DEMO_GROUP, Topics.INPUTS, settings.outOfOrderBound().toMillis(), 0,
                    OffsetsInitializer.timestamp(publishedFrom));
        }
        // Edit a rule file while the demo runs: the change applies within seconds.
        MonitoringJob job = new MonitoringJob(settings, ruleSet, new RuleReload(rules.toString(), Duration.ofSeconds(1)));
        MonitoringJob.Outputs outputs = job.build(env, source, new DemoConsole.AlertPrinter(), new DemoConsole.Counter<DeadLetter>(true, d -> true));
        outputs.routedEvents().sinkTo(new DemoConsole.Counter<KeyedEvent>(false, keyed -> keyed.primary))
                .uid("demo-event-counter").name("event counter");
        // The demo follows orders (its settings are the defaults).
        MonitoringJob.OrderOutputs orders = outputs.orders().orElseThrow();
        orders.ended().sinkTo(new DemoConsole.OrderTally()).uid("demo-order-tally").name("order tally");
        if (kafka != null) {
            outputs.alerts().sinkTo(KafkaIo.alertSink(broker, "scem-demo-alerts", true)).uid("demo-kafka-alerts");
            // So that `scem order ORDER_ID --kafka BOOTSTRAP` answers while the demo runs.
            orders.changes().sinkTo(KafkaIo.orderStatusSink(broker, "scem-demo-order-status", true))
                    .uid("demo-kafka-order-status");
        }
        Path routingFile = routing == null ? rules.resolve("routing.yaml") : Path.of(routing);
        boolean notifying = !"none".equals(routing) && java.nio.file.Files.exists(routingFile);
        if (notifying) {
            // What the notifier would send, grouped on the wall clock as it would be (group_wait etc.).
            NotifierJob.notifications(outputs.alerts(), routingFile.toString(), checkpoints.resolve("silences.jsonl").toString())
                    .flatMap(new NotificationPreview(routingFile.toString())).uid("demo-notifications").name("notifications")
                    .sinkTo(new DemoConsole.LinePrinter()).uid("demo-notification-printer").name("print notifications");
        }
        InfluxSettings influx = influxUrl == null ? null : InfluxSettings.of(influxUrl, "scem");
        if (influx != null) {
            PipelineMetrics.writeTo(outputs, ruleSet.items(), influx,
                    broker == null ? null : new ConsumerLagProbe(broker, DEMO_GROUP, Topics.INPUTS));
        }

        System.out.printf("scem demo: %d sites x %d SKUs, seed %d, %s simulated seconds per second%s%s%n",
                simulation.sites(), simulation.skusPerSite(), seed, speed == 0 ? "max" : String.format("%.0f", speed),
                kafka == null ? "" : ", via Kafka at " + kafka, influxUrl == null ? "" : ", metrics to " + influxUrl);
        if (notifying) System.out.println("scem demo: NOTIFY lines are the emails and SMS " + routingFile + " would send");
        InfluxPreflight.warnIfDown("scem demo", influx, System.out::println);
        DemoConsole console = new DemoConsole(System.out);
        JobClient client = env.executeAsync("scem demo");
        AtomicBoolean stopped = new AtomicBoolean();
        // Ctrl-C: the same ending as --duration's, the final summary after the job's last line.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopped.compareAndSet(false, true)) stop(client, console);
        }));
        long end = duration == null ? Long.MAX_VALUE : System.currentTimeMillis() + duration.toMillis();
        while (System.currentTimeMillis() < end && !client.getJobStatus().get().isGloballyTerminalState()) {
            Thread.sleep(Math.min(5_000, Math.max(1, end - System.currentTimeMillis())));
            if (System.currentTimeMillis() < end) console.printSummary();
        }
        if (publisher != null) publisher.interrupt();
        if (stopped.compareAndSet(false, true)) stop(client, console);
        return 0;
    }

    /**
     * Cancels the job and waits until its tasks have ended before the final summary: the sinks
     * print from the tasks' threads, and a cancelled task still prints what it is handling, so a
     * summary printed at the cancel would be followed by alerts it does not count.
     */
    private static void stop(JobClient client, DemoConsole console) {
        try {
            if (!client.getJobStatus().get().isGloballyTerminalState()) {
                client.cancel().get(30, TimeUnit.SECONDS);
            }
            long giveUp = System.currentTimeMillis() + 30_000;
            while (!client.getJobStatus().get().isGloballyTerminalState() && System.currentTimeMillis() < giveUp) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The MiniCluster may already be shutting down (Ctrl-C): the summary is still worth printing.
        }
        console.printSummary();
        System.out.println("scem demo: done");
    }

    /** Publishes the simulator's events, paced, to their stage topics of the given broker. */
    private Thread startPublisher(SimulationConfig simulation) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        Thread t = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
                new SimulatorPublisher(new SupplyChainSimulator(simulation), producer, speed, false).run(Long.MAX_VALUE, null);
            } catch (InterruptedException done) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                System.err.println("scem demo: publishing to " + kafka + " failed: " + e);
            }
        }, "scem-demo-publisher");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
