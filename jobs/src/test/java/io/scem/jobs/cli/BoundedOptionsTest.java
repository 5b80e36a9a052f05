package io.scem.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Values out of an option's bounds are usage errors that name the option and say why, before
 * any work starts: before, {@code --parallelism 0} ended in Flink's stack trace, {@code --speed -5}
 * ran as fast as possible, {@code --sites 0} ended in a stack trace, and {@code --influx-url
 * notaurl} started a job whose metrics writer failed at every restart.
 */
class BoundedOptionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "demo --parallelism 0                   | Invalid value for option '--parallelism': 0 is not 1 or more",
            "replay --events e --alerts a --parallelism -2 | Invalid value for option '--parallelism': -2 is not 1 or more",
            "bench --parallelism two                | Invalid value for option '--parallelism': 'two' is not a whole number",
            "soak --days 0                          | Invalid value for option '--days': 0 is not 1 or more",
            "demo --speed -5                        | Invalid value for option '--speed': -5 is not 0 (as fast as possible) or more",
            "simulate --speed NaN --out x           | Invalid value for option '--speed': NaN is not 0 (as fast as possible) or more",
            "simulate --sites 0 --out x             | Invalid value for option '--sites': 0 is not between 1 and 999",
            "bench --skus 100000                    | Invalid value for option '--skus': 100000 is not between 1 and 99999",
            "bench --events 0                       | Invalid value for option '--events': 0 is not 1 or more",
            "bench --repeat 0                       | Invalid value for option '--repeat': 0 is not 1 or more",
            "demo --duration 0s                     | Invalid value for option '--duration': '0s' is no time at all",
            "demo --duration soon                   | Invalid value for option '--duration': 'soon' is not a duration like 500ms, 30s, 5m, 2h or 7d",
            "silence add --match site=DC1 --for 0 --by me --comment x | Invalid value for option '--for': '0' is no time at all",
            "demo --influx-url notaurl              | Invalid value for option '--influx-url': 'notaurl' is not an http:// or https:// URL with a host",
            "replay --events e --alerts a --influx-url localhost:8086 | Invalid value for option '--influx-url': 'localhost:8086' is not an http:// or https:// URL",
    })
    void anOptionOutOfItsBoundsIsAUsageErrorNamingIt(String command, String message) {
        ScemCli scem = new ScemCli();

        int exit = scem.run(command.trim().split(" +"));

        assertThat(exit).as(scem.err()).isEqualTo(2);
        assertThat(scem.err()).startsWith(message);
        assertThat(scem.out()).isEmpty();
    }
}
