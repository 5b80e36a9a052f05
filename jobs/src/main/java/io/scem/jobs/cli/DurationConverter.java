package io.scem.jobs.cli;

import io.scem.jobs.monitoring.ScemConfig;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** {@code 180s}, {@code 3m}, {@code 2h}: the durations users type. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return ScemConfig.parseDuration(value);
    }
}
