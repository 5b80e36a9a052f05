package io.scem.jobs.cli;

import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import io.scem.jobs.demo.SimulatorPublisher;
import io.scem.jobs.kafka.KafkaConnection;
import io.scem.jobs.kafka.KafkaPreflight;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.monitoring.ScemConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The simulator's events for a span of simulated time: to a JSON Lines file, for replays and
 * backtests, or published to the stage topics of a Kafka broker, paced, as a live source for a
 * running job (the docker-compose stack runs it so).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulated supply-chain events (the demo's world unless sized): to a JSON Lines file (--out), or "
                + "published to the stage topics of a Kafka broker (--kafka), paced in simulated time.")
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** Where the events go: one of the two. */
    static final class Target {
        @Option(names = "--out", description = "the JSON Lines file to write")
        Path out;

        @Option(names = "--kafka", paramLabel = "BOOTSTRAP",
                description = "publish to this Kafka broker: each event to its stage's topic (scem.supplier, ...), "
                        + "keyed by the entity it is about; the topics must exist")
        String kafka;
    }

    @Option(names = "--days", converter = Bounded.AtLeastOne.class, description = "simulated days (default: 90 to a file, endless to Kafka)")
    Integer days;

    @Option(names = "--seed", defaultValue = "1", description = "simulator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--sites", defaultValue = "3", converter = Bounded.Sites.class, description = "sites (default: ${DEFAULT-VALUE})")
    int sites;

    @Option(names = "--skus", defaultValue = "20", converter = Bounded.SkusPerSite.class, description = "SKUs per site (default: ${DEFAULT-VALUE})")
    int skus;

    @Option(names = "--start", converter = StartConverter.class, paramLabel = "INSTANT|now|now-DURATION",
            description = "simulated time of the first event, e.g. 2026-01-05T00:00:00Z or now-7d (default: "
                    + "2026-01-05T00:00:00Z)")
    Instant start;

    @Option(names = "--speed", defaultValue = "14400", converter = Bounded.Speed.class,
            description = "with --kafka: simulated seconds per wall-clock second, 0 = as fast as possible "
                    + "(default: ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--follow-clock",
            description = "with --kafka: never run ahead of the wall clock; a simulation that starts in the past "
                    + "catches up at --speed, then goes on in real time")
    boolean followClock;

    @Option(names = "--status-file",
            description = "with --kafka: rewritten with a progress line every 10 s while every send succeeds "
                    + "(a container health check looks at its age)")
    Path statusFile;

    @Override
    public Integer call() throws Exception {
        if (target.out != null && (followClock || statusFile != null)) {
            throw new ParameterException(spec.commandLine(), "--follow-clock and --status-file go with --kafka");
        }
        Path written = target.out != null ? target.out : statusFile;
        String problem = written == null ? null : CommandFiles.cannotWrite(written);
        if (problem != null) {
            spec.commandLine().getErr().println("scem simulate: " + problem);
            return 2;
        }
        SimulationConfig config = SimulationConfig.defaults(seed).withSize(sites, skus);
        if (start != null) config = config.withStart(start);
        SupplyChainSimulator simulator = new SupplyChainSimulator(config);
        return target.out != null ? writeFile(simulator) : publish(simulator);
    }

    private int writeFile(SupplyChainSimulator simulator) throws IOException {
        int span = days == null ? 90 : days;
        long end = simulator.currentTime() + Duration.ofDays(span).toMillis();
        long written = 0;
        Path out = target.out;
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            // The next event is generated before its time is known: stop at the first one past the end.
            while (true) {
                var event = simulator.next();
                if (event.occurredAt >= end) break;
                writer.write(SupplyChainSimulator.toJson(event));
                writer.newLine();
                written++;
            }
        }
        spec.commandLine().getOut().printf("%,d events over %d simulated days (%d sites x %d SKUs, seed %d) to %s%n",
                written, span, sites, skus, seed, out);
        return 0;
    }

    private int publish(SupplyChainSimulator simulator) throws Exception {
        var out = spec.commandLine().getOut();
        String problem = KafkaPreflight.problem(KafkaConnection.plaintext(target.kafka), Topics.INPUTS, KafkaPreflight.TIMEOUT);
        if (problem != null) {
            spec.commandLine().getErr().println("scem simulate: " + problem);
            return 2;
        }
        long end = days == null ? Long.MAX_VALUE : simulator.currentTime() + Duration.ofDays(days).toMillis();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.kafka);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "scem-simulate");
        out.printf("scem simulate: %d sites x %d SKUs, seed %d, from %s, %s simulated seconds per second%s, to %s%s%n",
                sites, skus, seed, Instant.ofEpochMilli(simulator.currentTime()),
                speed == 0 ? "max" : String.format("%.0f", speed),
                followClock ? " until it reaches the wall clock, then in real time" : "", target.kafka,
                days == null ? ", endlessly" : " for " + days + " simulated days");
        out.flush();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            SimulatorPublisher publisher = new SimulatorPublisher(simulator, producer, speed, followClock);
            long sent = publisher.run(end, line -> {
                out.println("scem simulate: " + line);
                out.flush();
                if (statusFile != null) writeStatus(line);
            });
            out.printf("scem simulate: %,d events to %s%n", sent, target.kafka);
        }
        return 0;
    }

    private void writeStatus(String line) {
        try {
            Files.writeString(statusFile, line + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the status file " + statusFile, e);
        }
    }

    /** {@code 2026-01-05T00:00:00Z}, {@code now}, {@code now-7d}. */
    static final class StartConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            String v = value.trim();
            if (v.equals("now")) return Instant.now();
            if (v.startsWith("now-")) return Instant.now().minus(ScemConfig.parseDuration(v.substring(4)));
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + value + "' is not an ISO-8601 instant, now, or now-DURATION (e.g. now-7d)");
            }
        }
    }
}
