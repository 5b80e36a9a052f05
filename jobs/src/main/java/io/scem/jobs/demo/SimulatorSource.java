package io.scem.jobs.demo;

import io.scem.core.event.Decoded;
import io.scem.core.event.EventIntake;
import io.scem.core.sim.SimulationConfig;
import io.scem.core.sim.SupplyChainSimulator;
import io.scem.jobs.io.SingleReader;
import io.scem.jobs.monitoring.MonitoringJob;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The demo's input: the built-in supply-chain simulator as a Flink source, paced so that
 * {@code speed} simulated seconds pass per wall-clock second (0: as fast as possible). Lines go
 * through the same {@link EventIntake} as Kafka records and file lines. One reader: each reader
 * would run its own simulator and repeat the same events.
 */
public final class SimulatorSource extends DataGeneratorSource<Decoded> implements SingleReader {
    private SimulatorSource(SimulationConfig config, double speed, long outOfOrderBoundMillis, long count) {
        super(new Generator(config, speed, outOfOrderBoundMillis), count, MonitoringJob.DECODED);
    }

    /** An endless simulation. */
    public static SimulatorSource create(SimulationConfig config, double speed, long outOfOrderBoundMillis) {
        return new SimulatorSource(config, speed, outOfOrderBoundMillis, Long.MAX_VALUE);
    }

    /** A simulation that ends after {@code count} events. */
    public static SimulatorSource create(SimulationConfig config, double speed, long outOfOrderBoundMillis, long count) {
        return new SimulatorSource(config, speed, outOfOrderBoundMillis, count);
    }

    private static final class Generator implements GeneratorFunction<Long, Decoded> {
        private final SimulationConfig config;
        private final double speed;
        private final long boundMillis;
        private transient SupplyChainSimulator simulator;
        private transient EventIntake intake;
        private transient long wallStart;
        private transient long simStart;

        Generator(SimulationConfig config, double speed, long boundMillis) {
            this.config = config;
            this.speed = speed;
            this.boundMillis = boundMillis;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            simulator = new SupplyChainSimulator(config);
            intake = new EventIntake(boundMillis);
            wallStart = System.currentTimeMillis();
            simStart = simulator.currentTime();
        }

        @Override
        public Decoded map(Long index) throws InterruptedException {
            String line = simulator.nextJson();
            if (speed > 0) {
                long due = wallStart + (long) ((simulator.currentTime() - simStart) / speed);
                long wait = due - System.currentTimeMillis();
                if (wait > 0) Thread.sleep(wait);
            }
            return intake.accept(line, "simulator", 0, index);
        }
    }
}
