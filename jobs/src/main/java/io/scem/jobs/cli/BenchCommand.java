package io.scem.jobs.cli;

import io.scem.core.rules.RuleSet;
import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import io.scem.jobs.bench.Halfway;
import io.scem.jobs.bench.KafkaBench;
import io.scem.jobs.bench.ProcessMemory;
import io.scem.jobs.kafka.KafkaConnection;
import io.scem.jobs.kafka.KafkaPreflight;
import io.scem.jobs.monitoring.JobSettings;
import io.scem.jobs.monitoring.Replay;
import java.io.BufferedWriter;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scem bench}: generates a simulated history (10 sites x 500 SKUs by default), replays it
 * through the job and prints events/s, peak heap and peak RSS. With {@code --kafka}, runs the
 * production wiring against a broker instead and also measures event-to-alert latency (see
 * {@link KafkaBench}); with {@code --kafka} and {@code --soak D}, holds a steady rate for D and
 * reports whether lag, heap, state and checkpoint durations stayed flat (see {@link
 * io.scem.jobs.bench.SoakReport}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure replay throughput and memory on a generated workload, or (--kafka) the production job through a Kafka broker.",
                "Without --kafka: a replay's events/s, peak heap and RSS. With --kafka: sustained events/s, p50/p99 event-to-alert latency, peak heap and RSS."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--events", defaultValue = "6000000", converter = Bounded.AtLeastOneLong.class,
            description = "events to generate (default: ${DEFAULT-VALUE}); with --kafka: stop producing after N events (default: no limit, --duration decides)")
    long events;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP",
            description = "benchmark the production job through this Kafka broker (e.g. from .ci/kafka.sh) instead of a file replay")
    String kafka;

    @Option(names = "--rate", defaultValue = "0",
            description = "with --kafka: events/s the producer is paced at (latency mode); 0 = as fast as possible (throughput mode; default)")
    long rate;

    @Option(names = "--duration", converter = DurationConverter.class, defaultValue = "60s",
            description = "with --kafka: how long the producer runs (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--out-of-order-bound", converter = DurationConverter.class, defaultValue = "5m",
            description = "with --kafka: the job's out-of-order bound, i.e. how far (event time) the watermark trails (default: ${DEFAULT-VALUE})")
    Duration outOfOrderBound;

    @Option(names = "--idle-timeout", converter = DurationConverter.class, defaultValue = "1m",
            description = "with --kafka: job.idle-timeout, how long (wall clock) a quiet input partition holds the watermark "
                    + "back; 0 for never (default: ${DEFAULT-VALUE}, as in production, where it is minutes of event time; "
                    + "here the simulated clock runs thousands of times faster, so 1m is days; a few ms lets quiet "
                    + "partitions go at this pace, at the price of events dead-lettered as late: see README)")
    Duration idleTimeout;

    @Option(names = "--checkpoint-interval", converter = DurationConverter.class, defaultValue = "1s",
            description = "with --kafka: Flink checkpoint interval; exactly-once alerts commit then (default: ${DEFAULT-VALUE}; with --soak: 10s)")
    Duration checkpointInterval;

    @Option(names = "--partitions", defaultValue = "2", converter = Bounded.AtLeastOne.class,
            description = "with --kafka: partitions of each input topic, if the bench creates it (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--preload",
            description = "with --kafka: write all --events to the topics first, then start the job and measure how fast it drains them (keeps the producer off the job's CPUs)")
    boolean preload;

    @Option(names = "--watermark-interval", converter = DurationConverter.class,
            description = "with --kafka: job.watermark-interval, how often the sources emit watermarks (default: Flink's, 200ms)")
    Duration watermarkInterval;

    @Option(names = "--buffer-timeout", converter = DurationConverter.class,
            description = "with --kafka: job.buffer-timeout, how long a network buffer waits to fill (default: Flink's, 100ms)")
    Duration bufferTimeout;

    @Option(names = "--warmup", converter = DurationConverter.class, defaultValue = "10s",
            description = "with --kafka: wait this long after the job is RUNNING before producing (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--soak", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "with --kafka and --rate: a soak run of this length (replaces --duration): samples consumer lag, live heap,"
                    + " checkpoint duration and state size, and says whether they stayed flat after warm-up; exit 1 if not")
    Duration soak;

    @Option(names = "--sample-every", converter = DurationConverter.class, defaultValue = "10s",
            description = "with --soak: how often to sample; each sample runs a full GC (default: ${DEFAULT-VALUE})")
    Duration sampleEvery;

    @Option(names = "--soak-warmup", converter = DurationConverter.class,
            description = "with --soak: samples in this first part of the run are printed, not judged (default: a fifth of --soak)")
    Duration soakWarmup;

    @Option(names = "--flink", paramLabel = "HOST:PORT",
            description = "with --kafka: run the job on this Flink session cluster (its REST endpoint, e.g. from"
                    + " .ci/flink-cluster.sh) instead of an embedded one; needs --job-jar. Peak heap and RSS are then"
                    + " this process's (producer and consumer), not the TaskManager's")
    String flink;

    @Option(names = "--job-jar", paramLabel = "JAR",
            description = "with --flink: the shaded job jar the cluster runs (jobs/target/scem-jobs-*-flink-job.jar, built by mvn package)")
    Path jobJar;

    @Option(names = "--file", defaultValue = "target/bench/events.jsonl",
            description = "where the workload is written (reused if it was made with the same --events and --seed by this"
                    + " version's simulator; default: ${DEFAULT-VALUE})")
    Path file;

    @Option(names = "--parallelism", defaultValue = "2", converter = Bounded.AtLeastOne.class, description = "Flink parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--repeat", defaultValue = "1", converter = Bounded.AtLeastOne.class,
            description = "replay the workload N times in one JVM (default: ${DEFAULT-VALUE}); the runs after the first"
                    + " are warm (most of the JIT's work done): what a long replay sustains; peak RSS is the process's so far")
    int repeat;

    @Option(names = "--rules", defaultValue = "${env:SCEM_RULES:-rules}", description = "rules directory (default: ${DEFAULT-VALUE})")
    Path rules;

    @Option(names = "--follow-orders", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "run the ATP book and the order status stage (the default); --no-follow-orders runs the rules"
                    + " alone: no ORDER_AT_RISK, ATP decisions or order statuses, about half of the CPU")
    boolean followOrders;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Option(names = "--sites", defaultValue = "10", converter = Bounded.Sites.class,
            description = "with --kafka: simulated sites (default: ${DEFAULT-VALUE}); a smaller world covers more simulated days at a given --rate")
    int sites;

    @Option(names = "--skus", defaultValue = "500", converter = Bounded.SkusPerSite.class, description = "with --kafka: SKUs per site (default: ${DEFAULT-VALUE})")
    int skus;

    /** Lines of the simulator's output that {@link #simulatorFingerprint} hashes: about its first simulated day. */
    static final int FINGERPRINT_LINES = 200_000;

    /**
     * A hash of the first simulated day the benchmark's simulator writes: a change of the
     * simulator shows there (its first 5,000 lines are the opening stock counts, which hid every
     * change when the hash took only the first thousand).
     */
    private String simulatorFingerprint() {
        SupplyChainSimulator simulator = new SupplyChainSimulator(SimulationConfig.benchmark(seed));
        int hash = 1;
        for (int i = 0; i < FINGERPRINT_LINES; i++) hash = 31 * hash + simulator.nextJson().hashCode();
        return Integer.toHexString(hash);
    }

    @Override
    public Integer call() throws Exception {
        RuleSet ruleSet = RulesCommand.compileOrReport(rules);
        if (ruleSet == null) return 1;
        if (flink != null && kafka == null) {
            System.err.println("scem bench: --flink runs the job through Kafka on a cluster: give --kafka BOOTSTRAP too");
            return 2;
        }
        if (kafka != null) return kafkaBench(ruleSet);
        if (soak != null) {
            System.err.println("scem bench: --soak runs through Kafka: give --kafka BOOTSTRAP (e.g. from .ci/kafka.sh) and --rate;"
                    + " `scem soak` soaks the job without Kafka");
            return 2;
        }
        // One marker per file says what made it: a file of another size or seed, or written by
        // an older simulator, must not be benchmarked as if it were this one (a marker per size
        // once let a 6 M-event run replay the 300,000 events a smaller run had left).
        Path marker = file.resolveSibling(file.getFileName() + ".made-by");
        String madeBy = String.format("%d events, seed %d, simulator %s%n", events, seed, simulatorFingerprint());
        if (!Files.exists(marker) || !Files.exists(file) || !Files.readString(marker).equals(madeBy)) {
            Files.deleteIfExists(marker);
            Files.createDirectories(file.toAbsolutePath().getParent());
            long start = System.nanoTime();
            SupplyChainSimulator simulator = new SupplyChainSimulator(SimulationConfig.benchmark(seed));
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (long i = 0; i < events; i++) {
                    out.write(simulator.nextJson());
                    out.newLine();
                }
            }
            Files.writeString(marker, madeBy);
            System.out.printf("generated %,d events (%,d MB) in %.1f s%n", events, Files.size(file) >> 20,
                    (System.nanoTime() - start) / 1e9);
        }
        Path alerts = file.resolveSibling("alerts.jsonl");
        double warmEventsPerSecond = 0;
        for (int run = 1; run <= repeat; run++) {
            String prefix = repeat == 1 ? "" : String.format("run %d of %d: ", run, repeat);
            double eventsPerSecond = replayOnce(ruleSet, alerts, prefix);
            if (run > 1) warmEventsPerSecond += eventsPerSecond / (repeat - 1);
        }
        if (repeat > 1) {
            System.out.printf("warm runs (2 to %d): %,.0f events/s on average%n", repeat, warmEventsPerSecond);
        }
        System.out.printf("to check the alerts of the four foundation rules against the oracle: %s ./scem verify --events %s --alerts %s"
                + " --rules %s%n", VerifyCommand.heapOption(file), file, alerts, rules);
        return 0;
    }

    /** One replay of the workload, measured; returns its events/s. */
    private double replayOnce(RuleSet ruleSet, Path alerts, String prefix) throws Exception {
        ProcessMemory.resetPeaks();
        ProcessMemory.GcTotals gcAtStart = ProcessMemory.GcTotals.now();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long jitAtStart = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
        long cpuAtStart = processCpuNanos();
        Halfway halfway = Halfway.watch(events / 2);
        Replay.Result result = new Replay(JobSettings.defaults().withFollowOrders(followOrders), ruleSet).run(Environments.local(parallelism), file, alerts);
        long endNanos = System.nanoTime();
        double seconds = result.millis() / 1000.0;
        System.out.printf("%sreplay: %,d events in %.1f s = %,.0f events/s (parallelism %d), %,d alerts, %,d dead letters, %s%n",
                prefix, events, seconds, events / seconds, parallelism, result.alerts(), result.deadLetters(),
                result.followedOrders() ? String.format("%,d orders", result.orders()) : "orders not followed");
        OptionalLong halfwayNanos = halfway.stop();
        if (halfwayNanos.isPresent()) {
            long secondHalf = events - events / 2;
            double secondHalfSeconds = (endNanos - halfwayNanos.getAsLong()) / 1e9;
            System.out.printf("%ssecond half: %,d events in %.1f s = %,.0f events/s (from reading the middle line to the end,"
                    + " output files sorted: the rate of a longer replay, with most of the JIT's work done)%n",
                    prefix, secondHalf, secondHalfSeconds, secondHalf / secondHalfSeconds);
        }
        ProcessMemory.GcTotals gc = ProcessMemory.GcTotals.now().since(gcAtStart);
        System.out.printf("%smemory: %s, peak RSS %,d MB; %,d garbage collections, %.1f s%n",
                prefix, ProcessMemory.describePeakHeap(ProcessMemory.peakHeapMb()), ProcessMemory.peakRssMb(),
                gc.collections(), gc.millis() / 1000.0);
        // In a run of a few minutes the JIT compilers are a large share of the CPU: say how large.
        if (jit != null && jit.isCompilationTimeMonitoringSupported()) {
            System.out.printf("%sJIT compilation: %.1f s in the compiler threads (a run this short pays for much of its warm-up)%n",
                    prefix, (jit.getTotalCompilationTime() - jitAtStart) / 1000.0);
        }
        long cpuNanos = processCpuNanos() - cpuAtStart;
        if (cpuAtStart >= 0 && cpuNanos >= 0) {
            System.out.printf("%sCPU: %.1f s, every thread (%,.1f µs an event)%n", prefix, cpuNanos / 1e9, cpuNanos / 1e3 / events);
        }
        return events / seconds;
    }

    /** CPU time of the whole process (user + system), or -1 where the JVM does not say. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private int kafkaBench(RuleSet ruleSet) throws Exception {
        var parsed = spec.commandLine().getParseResult();
        boolean eventsGiven = parsed.hasMatchedOption("--events");
        StreamExecutionEnvironment env;
        KafkaBench.Soak soaking = null;
        Duration runFor = preload ? Duration.ZERO : duration;
        Duration checkpointEvery = checkpointInterval;
        if (soak != null) {
            if (rate <= 0 || preload) {
                System.err.println("scem bench: --soak needs a steady load: give --rate (and no --preload)");
                return 2;
            }
            if (flink != null) {
                System.err.println("scem bench: --soak samples the embedded Flink's REST endpoint: drop --flink");
                return 2;
            }
            // Flink's checkpoint statistics come from its REST endpoint: on a port the sampler knows.
            int restPort = Environments.freePort();
            env = Environments.local(parallelism, restPort);
            soaking = new KafkaBench.Soak(sampleEvery, soakWarmup != null ? soakWarmup : soak.dividedBy(5),
                    "http://127.0.0.1:" + restPort);
            runFor = soak;
            if (!parsed.hasMatchedOption("--checkpoint-interval")) checkpointEvery = Duration.ofSeconds(10);
        } else if (flink != null) {
            env = remote(flink, jobJar);
            if (env == null) return 2;
        } else {
            env = Environments.local(parallelism);
        }
        // The benchmark makes the topics it lacks; a broker that does not answer is said at once
        // (before, a minute of silence and the Admin client's TimeoutException).
        String problem = KafkaPreflight.problem(KafkaConnection.plaintext(kafka), List.of(), KafkaPreflight.TIMEOUT);
        if (problem != null) {
            System.err.println("scem bench: " + problem);
            return 2;
        }
        KafkaBench.Options options = new KafkaBench.Options(kafka, rules, parallelism,
                SimulationConfig.benchmark(seed).withSize(sites, skus), rate,
                eventsGiven || preload ? events : 0, runFor, outOfOrderBound, idleTimeout, checkpointEvery,
                partitions, preload, watermarkInterval, bufferTimeout, warmup, soaking, followOrders, flink);
        return new KafkaBench(options).run(env, ruleSet);
    }

    /** A session cluster at {@code hostPort} running {@code jar}, or null (said on stderr) if either is wrong. */
    private static StreamExecutionEnvironment remote(String hostPort, Path jar) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || !hostPort.substring(colon + 1).matches("\\d{1,5}")) {
            System.err.println("scem bench: --flink takes HOST:PORT (the cluster's REST endpoint), not " + hostPort);
            return null;
        }
        if (jar == null || !Files.isRegularFile(jar)) {
            System.err.println("scem bench: --flink needs --job-jar, the shaded job jar (mvn package builds"
                    + " jobs/target/scem-jobs-*-flink-job.jar)" + (jar == null ? "" : ": no file " + jar));
            return null;
        }
        return StreamExecutionEnvironment.createRemoteEnvironment(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1)), jar.toString());
    }


}
