package io.scem.jobs.cli;

import io.scem.core.alert.Alert;
import io.scem.core.event.DeadLetter;
import io.scem.core.event.Decoded;
import io.scem.core.event.Instants;
import io.scem.core.rules.RuleSet;
import io.scem.core.sim.SimulationConfig;
import io.scem.jobs.bench.ProcessMemory;
import io.scem.jobs.demo.SimulatorSource;
import io.scem.jobs.monitoring.JobSettings;
import io.scem.jobs.monitoring.KeyedEvent;
import io.scem.jobs.monitoring.MonitoringJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scem soak}: streams the simulator at full speed through the monitoring job for a number
 * of simulated days, sampling the live heap (after a full GC) as it goes. The simulator's open
 * population (POs, work orders, shipments, orders in flight) is bounded by design, so once it is
 * reached the job's heap should stay flat however long the run: a heap that grows with the
 * simulated time is state that is never cleaned up. At the end it prints the live heap at 10 % of
 * the run and at its end, and their ratio.
 *
 * <p>No file is written: events go straight from the simulator into the job, which, like the
 * production job, never sees an end of input. The command stops it when the events it has
 * processed reach the last simulated day. The same question through Kafka, with checkpoints,
 * consumer lag and wall-clock pacing, is {@code scem bench --kafka B --rate N --soak D}.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Run the job on the simulator for many simulated days and check that its live heap stays flat.")
final class SoakCommand implements Callable<Integer> {
    private static final long DAY = Duration.ofDays(1).toMillis();

    @Option(names = "--days", defaultValue = "30", converter = Bounded.AtLeastOne.class, description = "simulated days to run (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--sites", defaultValue = "10", converter = Bounded.Sites.class, description = "simulated sites (default: ${DEFAULT-VALUE})")
    int sites;

    @Option(names = "--skus", defaultValue = "500", converter = Bounded.SkusPerSite.class, description = "SKUs per site (default: ${DEFAULT-VALUE})")
    int skus;

    @Option(names = "--seed", defaultValue = "7", description = "simulator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--parallelism", defaultValue = "2", converter = Bounded.AtLeastOne.class, description = "Flink parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--sample-every", defaultValue = "5s", converter = DurationConverter.class,
            description = "how often to sample the live heap (default: ${DEFAULT-VALUE})")
    Duration sampleEvery;

    @Option(names = "--never-completed",
            description = "share of POs, work orders and shipments that never complete (default: the benchmark world's); "
                    + "they stay open, so the open population grows with time; 0 keeps it stationary")
    Double neverCompleted;

    @Option(names = "--rules", defaultValue = "${env:SCEM_RULES:-rules}", description = "rules directory (default: ${DEFAULT-VALUE})")
    Path rules;

    /** One reading: how far the job had got and what was live on the heap. */
    private record Sample(long simTime, long events, long liveHeap) {}

    @Override
    public Integer call() throws Exception {
        RuleSet ruleSet = RulesCommand.compileOrReport(rules);
        if (ruleSet == null) return 1;
        SimulationConfig simulation = SimulationConfig.benchmark(seed).withSize(sites, skus);
        if (neverCompleted != null) {
            simulation = simulation.withDisruptions(simulation.disruptions().withNeverCompleted(neverCompleted));
        }
        // Checkpoints off: the soak looks for state that grows, not at checkpoint overhead.
        JobSettings settings = JobSettings.defaults().withoutCheckpoints();
        StreamExecutionEnvironment env = Environments.local(parallelism);
        buildJob(env, simulation, settings, ruleSet);

        long start = simulation.start().toEpochMilli();
        long end = start + days * DAY;
        long tenth = start + (end - start) / 10;
        System.out.printf("scem soak: %d sites x %d SKUs, seed %d, %d simulated days, parallelism %d, max heap %,d MB,"
                        + " never-completed rate %s%n", sites, skus, seed, days, parallelism,
                Runtime.getRuntime().maxMemory() >> 20, simulation.disruptions().neverCompleted());
        Tally.reset();
        long wallStart = System.nanoTime();
        JobClient client = env.executeAsync("scem soak");
        Sample atTenth = null;
        Sample last = null;
        long nextSample = System.nanoTime() + sampleEvery.toNanos();
        try {
            while (!client.getJobStatus().get().isGloballyTerminalState()) {
                Thread.sleep(100);
                long simTime = Tally.NEWEST_EVENT.get();
                boolean tenthReached = atTenth == null && simTime >= tenth;
                boolean done = simTime >= end;
                if (tenthReached || done || System.nanoTime() >= nextSample) {
                    last = sample();
                    print(last, start, wallStart);
                    if (tenthReached) atTenth = last;
                    nextSample = System.nanoTime() + sampleEvery.toNanos();
                }
                if (done) break;
            }
        } finally {
            client.cancel().get();
        }
        if (atTenth == null || last == null || last.simTime() < end) {
            System.out.println("scem soak: the job stopped before the end of the run");
            return 1;
        }
        System.out.printf("live heap at 10%% (%s, %,d events): %,d MB; at the end (%s, %,d events): %,d MB; end/10%% = %.2f%n",
                Instants.format(atTenth.simTime()), atTenth.events(), atTenth.liveHeap() >> 20,
                Instants.format(last.simTime()), last.events(), last.liveHeap() >> 20,
                (double) last.liveHeap() / atTenth.liveHeap());
        return 0;
    }

    /** The monitoring job on the simulator; every output only counted. */
    private static void buildJob(StreamExecutionEnvironment env, SimulationConfig simulation, JobSettings settings,
            RuleSet rules) {
        long bound = settings.outOfOrderBound().toMillis();
        // One reader: every reader of SimulatorSource runs its own simulator with the same seed.
        DataStream<Decoded> decoded = env
                .fromSource(SimulatorSource.create(simulation, 0, bound),
                        MonitoringJob.watermarks(settings.outOfOrderBound(), settings.idleTimeout()), "simulator")
                .setParallelism(1)
                .uid("soak-simulator");
        MonitoringJob.Outputs outputs = new MonitoringJob(settings, rules).pipeline(decoded);
        outputs.routedEvents().sinkTo(new Tally<KeyedEvent>(Tally.Counter.EVENTS, k -> k.primary ? k.event.occurredAt : null))
                .uid("soak-events").name("count events");
        outputs.alerts().sinkTo(new Tally<Alert>(Tally.Counter.ALERTS, a -> Long.MIN_VALUE)).uid("soak-alerts").name("count alerts");
        outputs.deadLetters().sinkTo(new Tally<DeadLetter>(Tally.Counter.DEAD_LETTERS, d -> Long.MIN_VALUE))
                .uid("soak-dead-letters").name("count dead letters");
    }

    private static Sample sample() {
        long simTime = Tally.NEWEST_EVENT.get();
        long events = Tally.EVENTS.get();
        return new Sample(simTime, events, ProcessMemory.liveHeapBytes());
    }

    private static void print(Sample s, long simStart, long wallStart) {
        double seconds = (System.nanoTime() - wallStart) / 1e9;
        System.out.printf("%7.1f s | sim %s (day %5.2f) | %,12d events | %,8.0f events/s | live heap %,5d MB | %,d alerts | %,d dead letters%n",
                seconds, Instants.format(s.simTime()), (s.simTime() - simStart) / (double) DAY, s.events(),
                s.events() / seconds, s.liveHeap() >> 20, Tally.ALERTS.get(), Tally.DEAD_LETTERS.get());
    }

    /**
     * Counts what reaches it and keeps the newest time seen. The counters are static: the job
     * runs on an embedded MiniCluster in this JVM, and the command reads them while it runs.
     */
    static final class Tally<T> implements Sink<T> {
        static final AtomicLong EVENTS = new AtomicLong();
        static final AtomicLong ALERTS = new AtomicLong();
        static final AtomicLong DEAD_LETTERS = new AtomicLong();
        static final AtomicLong NEWEST_EVENT = new AtomicLong(Long.MIN_VALUE);

        /** Which counter: a name, not the AtomicLong, which would not survive serialization. */
        enum Counter { EVENTS, ALERTS, DEAD_LETTERS }

        private final Counter counter;
        /** The record's event time, Long.MIN_VALUE for none, or null to leave it uncounted. */
        private final SerializableFunction<T, Long> timeOf;

        Tally(Counter counter, SerializableFunction<T, Long> timeOf) {
            this.counter = counter;
            this.timeOf = timeOf;
        }

        private static AtomicLong of(Counter counter) {
            return switch (counter) {
                case EVENTS -> EVENTS;
                case ALERTS -> ALERTS;
                case DEAD_LETTERS -> DEAD_LETTERS;
            };
        }

        static void reset() {
            EVENTS.set(0);
            ALERTS.set(0);
            DEAD_LETTERS.set(0);
            NEWEST_EVENT.set(Long.MIN_VALUE);
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            AtomicLong count = of(counter);
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context context) {
                    Long time = timeOf.apply(element);
                    if (time == null) return;
                    count.incrementAndGet();
                    if (time != Long.MIN_VALUE) NEWEST_EVENT.accumulateAndGet(time, Math::max);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
