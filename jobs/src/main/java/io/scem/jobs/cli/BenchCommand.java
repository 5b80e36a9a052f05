package io.scem.jobs.cli;

import io.scem.core.rules.RuleSet;
import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import io.scem.jobs.monitoring.JobSettings;
import io.scem.jobs.monitoring.Replay;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scem bench}: generates a simulated history (10 sites x 500 SKUs by default), replays it
 * through the job and prints events/s, peak heap and peak RSS.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure replay throughput and memory on a generated workload.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "6000000", description = "events to generate (default: ${DEFAULT-VALUE})")
    long events;

    @Option(names = "--file", defaultValue = "target/bench/events.jsonl",
            description = "where the workload is written (reused if it exists with the same size; default: ${DEFAULT-VALUE})")
    Path file;

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--rules", defaultValue = "${env:SCEM_RULES:-rules}", description = "rules directory (default: ${DEFAULT-VALUE})")
    Path rules;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Override
    public Integer call() throws Exception {
        RuleSet ruleSet = RulesCommand.compileOrReport(rules);
        if (ruleSet == null) return 1;
        Path marker = file.resolveSibling(file.getFileName() + "." + events + "." + seed);
        if (!Files.exists(marker) || !Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            long start = System.nanoTime();
            SupplyChainSimulator simulator = new SupplyChainSimulator(SimulationConfig.benchmark(seed));
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (long i = 0; i < events; i++) {
                    out.write(simulator.nextJson());
                    out.newLine();
                }
            }
            Files.writeString(marker, "");
            System.out.printf("generated %,d events (%,d MB) in %.1f s%n", events, Files.size(file) >> 20,
                    (System.nanoTime() - start) / 1e9);
        }
        Path alerts = file.resolveSibling("alerts.jsonl");
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
        Replay.Result result = new Replay(JobSettings.defaults(), ruleSet).run(Environments.local(parallelism), file, alerts);
        double seconds = result.millis() / 1000.0;
        System.out.printf("replay: %,d events in %.1f s = %,.0f events/s (parallelism %d), %,d alerts, %,d dead letters%n",
                events, seconds, events / seconds, parallelism, result.alerts(), result.deadLetters());
        System.out.printf("memory: peak heap %,d MB (max %,d MB), peak RSS %,d MB%n", peakHeapMb(),
                Runtime.getRuntime().maxMemory() >> 20, peakRssMb());
        return 0;
    }

    private static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
        }
        return sum >> 20;
    }

    /** VmHWM of /proc/self/status: the most resident memory this process ever had. */
    private static long peakRssMb() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
            }
        }
        return -1;
    }
}
