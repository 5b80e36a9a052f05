package io.scem.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.jobs.testing.InfluxServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link InfluxPreflight} against a real InfluxDB, and an address where none listens. */
class InfluxPreflightTest {
    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.fromEnvOrLocal();

    @Test
    void saysNothingWhenInfluxDbAnswers() {
        List<String> said = new ArrayList<>();

        InfluxPreflight.warnIfDown("scem run", InfluxSettings.of(INFLUX.url(), "scem"), said::add);

        assertThat(said).isEmpty();
        assertThat(InfluxPreflight.problem(InfluxSettings.of(INFLUX.url(), "scem"), InfluxPreflight.TIMEOUT)).isNull();
    }

    @Test
    void saysWhatHappensToTheMetricsWhenNothingAnswers() {
        List<String> said = new ArrayList<>();

        InfluxPreflight.warnIfDown("scem demo", InfluxSettings.of("http://127.0.0.1:9", "scem"), said::add);

        assertThat(said).containsExactly("scem demo: no answer from InfluxDB at http://127.0.0.1:9 within 2 s (is it up?);"
                + " metrics are kept (up to 50,000 points per writer) until it does, the oldest dropped beyond");
    }

    @Test
    void saysNothingWithoutMetrics() {
        List<String> said = new ArrayList<>();

        InfluxPreflight.warnIfDown("scem run", null, said::add);

        assertThat(said).isEmpty();
    }
}
