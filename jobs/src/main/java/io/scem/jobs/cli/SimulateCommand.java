package io.scem.jobs.cli;

import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes the simulator's events for a span of simulated time to a JSON Lines file, for replays and backtests. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Write simulated supply-chain events (the demo's world unless sized) to a JSON Lines file.")
public final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--days", defaultValue = "90", description = "simulated days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--out", required = true, description = "the JSON Lines file to write")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "simulator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--sites", defaultValue = "3", description = "sites (default: ${DEFAULT-VALUE})")
    int sites;

    @Option(names = "--skus", defaultValue = "20", description = "SKUs per site (default: ${DEFAULT-VALUE})")
    int skus;

    @Override
    public Integer call() throws Exception {
        SupplyChainSimulator simulator = new SupplyChainSimulator(SimulationConfig.defaults(seed).withSize(sites, skus));
        long end = simulator.config().start().toEpochMilli() + Duration.ofDays(days).toMillis();
        long written = 0;
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
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
        System.out.printf("%,d events over %d simulated days (%d sites x %d SKUs, seed %d) to %s%n", written, days, sites,
                skus, seed, out);
        return 0;
    }
}
