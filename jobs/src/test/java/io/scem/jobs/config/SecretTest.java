package io.scem.jobs.config;

import io.scem.jobs.notify.SmtpSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Secret}: read from the environment or a file, never shown. */
class SecretTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadAnEnvironmentVariable() {
        Secret secret = Secret.resolve("env:SCEM_SMTP_PASSWORD", Map.of("SCEM_SMTP_PASSWORD", "s3cr3t")::get);

        assertThat(secret.reveal()).isEqualTo("s3cr3t");
    }

    @Test
    void shouldReadAFileWithoutItsTrailingLineBreak() throws Exception {
        Path file = Files.writeString(dir.resolve("smtp"), "päss wörd\n");

        assertThat(Secret.resolve("file:" + file, name -> null).reveal()).isEqualTo("päss wörd");
    }

    @Test
    void shouldShowNothingInToString() {
        Secret secret = Secret.of("s3cr3t");

        assertThat(secret).hasToString("***");
        assertThat(new SmtpSettings("mail", 587, true, "alerts", secret, "a@b.example", SmtpSettings.DEFAULT_TIMEOUT).toString())
                .doesNotContain("s3cr3t").contains("password=***");
    }

    @Test
    void shouldRedactTheSecretFromAText() {
        assertThat(Secret.of("s3cr3t").redact("login alerts/s3cr3t refused")).isEqualTo("login alerts/*** refused");
    }

    @Test
    void shouldNameAMissingVariableOrFileButNotEchoALiteralValue() {
        assertThatThrownBy(() -> Secret.resolve("env:SCEM_NOPE", name -> null)).hasMessageContaining("SCEM_NOPE");
        assertThatThrownBy(() -> Secret.resolve("file:" + dir.resolve("nope"), name -> null)).hasMessageContaining("nope");
        assertThatThrownBy(() -> Secret.resolve("hunter2", name -> null))
                .hasMessageContaining("env:").hasMessageNotContaining("hunter2");
    }
}
