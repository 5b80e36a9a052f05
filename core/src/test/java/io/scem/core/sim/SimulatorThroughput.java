package io.scem.core.sim;

import io.scem.core.event.SupplyEvent;

/**
 * Measures generation speed (not a test: no timed assertions). Run from the test classpath:
 * {@code java -cp core/target/classes:core/target/test-classes:<deps> io.scem.core.sim.SimulatorThroughput [events]}.
 */
public final class SimulatorThroughput {
    private SimulatorThroughput() {}

    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
        for (int round = 1; round <= 2; round++) { // the first round warms the JIT up
            SupplyChainSimulator sim = new SupplyChainSimulator(SimulationConfig.benchmark(round));
            long begin = System.nanoTime();
            long checksum = 0;
            for (long i = 0; i < n; i++) {
                SupplyEvent e = sim.next();
                checksum += e.occurredAt;
            }
            report("objects", n, begin, sim, checksum);

            sim = new SupplyChainSimulator(SimulationConfig.benchmark(round));
            begin = System.nanoTime();
            long chars = 0;
            for (long i = 0; i < n; i++) chars += sim.nextJson().length();
            report("json", n, begin, sim, chars);
        }
    }

    private static void report(String what, long n, long begin, SupplyChainSimulator sim, long checksum) {
        double seconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf("%-8s %,d events in %.2f s = %,.0f events/s; simulated %.1f days, %d open (%d)%n",
                what, n, seconds, n / seconds,
                (sim.currentTime() - sim.config().start().toEpochMilli()) / 86_400_000.0, sim.openProcesses(),
                checksum % 10);
    }
}
