package io.scem.jobs.cli;

import io.scem.core.sim.SimulationConfig;
import io.scem.jobs.metrics.InfluxSettings;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option values with bounds, checked where the command line is read: a value out of them is a
 * usage error that names the option ("Invalid value for option '--parallelism': 0 is not 1 or
 * more"), not a stack trace from deep in the job, or, for an InfluxDB URL, a job that restarts
 * over and over.
 */
final class Bounded {
    private Bounded() {}

    /** Parallelism, days, repetitions, partitions. */
    static final class AtLeastOne extends WholeNumber {
        AtLeastOne() {
            super(1, Integer.MAX_VALUE);
        }
    }

    static final class Sites extends WholeNumber {
        Sites() {
            super(1, SimulationConfig.MAX_SITES);
        }
    }

    static final class SkusPerSite extends WholeNumber {
        SkusPerSite() {
            super(1, SimulationConfig.MAX_SKUS_PER_SITE);
        }
    }

    /** A number of events. */
    static final class AtLeastOneLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return within(value, 1, Long.MAX_VALUE);
        }
    }

    /** An int option within [min, max]; picocli makes converters by their no-argument constructors, hence a subclass per range. */
    private abstract static class WholeNumber implements ITypeConverter<Integer> {
        private final int min;
        private final int max;

        WholeNumber(int min, int max) {
            this.min = min;
            this.max = max;
        }

        @Override
        public Integer convert(String value) {
            return (int) within(value, min, max);
        }
    }

    /** How long: a demo's run, a silence. */
    static final class PositiveDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration duration = new DurationConverter().convert(value);
            if (duration.isZero()) throw new TypeConversionException("'" + value + "' is no time at all");
            return duration;
        }
    }

    /** The simulator's speed: simulated seconds per wall second, 0 for as fast as it can. */
    static final class Speed implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double speed;
            try {
                speed = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number");
            }
            if (!(speed >= 0) || Double.isInfinite(speed)) {
                throw new TypeConversionException(value + " is not 0 (as fast as possible) or more");
            }
            return speed;
        }
    }

    static final class InfluxUrl implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return InfluxSettings.checkUrl(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    private static long within(String value, long min, long max) {
        long number;
        try {
            number = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
        if (number < min || number > max) {
            throw new TypeConversionException(number + (max == Integer.MAX_VALUE || max == Long.MAX_VALUE
                    ? " is not " + min + " or more" : " is not between " + min + " and " + max));
        }
        return number;
    }
}
