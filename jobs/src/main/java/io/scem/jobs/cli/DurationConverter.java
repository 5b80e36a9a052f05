package io.scem.jobs.cli;

import io.scem.jobs.monitoring.ScemConfig;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code 180s}, {@code 3m}, {@code 2h}: the durations users type. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return ScemConfig.parseDuration(value);
        } catch (IllegalArgumentException e) {
            // picocli then says "Invalid value for option '--x': " and this message, without the exception's class.
            throw new TypeConversionException(e.getMessage());
        }
    }
}
