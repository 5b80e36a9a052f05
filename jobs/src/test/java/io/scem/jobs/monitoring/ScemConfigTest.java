package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ScemConfig}: the shipped example parses to the defaults, and the idle timeout is read. */
class ScemConfigTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadTheShippedExampleAsTheDefaults() throws Exception {
        ScemConfig config = ScemConfig.load(Path.of("../config/scem.properties"));
        assertThat(config.job()).isEqualTo(JobSettings.defaults());
        assertThat(config.job().idleTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldTurnIdlenessOffWithZero() throws Exception {
        assertThat(load("job.idle-timeout = 0").job().idleTimeout()).isZero();
        assertThat(load("job.idle-timeout = 30s").job().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldDefaultToOneMinuteWhenTheKeyIsAbsent() throws Exception {
        assertThat(load("").job().idleTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldNameTheKeyOfABadIdleTimeout() {
        assertThatThrownBy(() -> load("job.idle-timeout = soon")).hasMessageContaining("job.idle-timeout");
    }

    @Test
    void shouldFollowTheRulesDirectoryEverySecondUnlessTurnedOff() throws Exception {
        assertThat(load("rules.dir = /srv/rules").ruleReload()).isEqualTo(new RuleReload("/srv/rules", Duration.ofSeconds(1)));
        assertThat(load("rules.reload-interval = 0").ruleReload()).isNull();
        assertThatThrownBy(() -> load("rules.reload-interval = often")).hasMessageContaining("rules.reload-interval");
    }

    private ScemConfig load(String extra) throws Exception {
        Path file = dir.resolve("scem.properties");
        Files.writeString(file, "kafka.bootstrap = localhost:9092\n" + extra + "\n");
        return ScemConfig.load(file);
    }
}
