package io.scem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NotifierSettings}: every key read, defaults, and errors that name the key. */
class NotifierSettingsTest {

    private static final Map<String, String> ENV = Map.of("SCEM_SMS_TOKEN", "tok");

    @TempDir
    Path dir;

    @Test
    void shouldReadEveryKey() throws Exception {
        Path password = Files.writeString(dir.resolve("smtp"), "pw\n");
        NotifierSettings s = parse("""
                smtp.host = mail.scem.example
                smtp.port = 2525
                smtp.starttls = true
                smtp.user = alerts
                smtp.password = file:%s
                smtp.from = SCEM <alerts@scem.example>
                smtp.timeout = 5s
                sms.base-url = https://sms.scem.example/
                sms.account-sid = AC1
                sms.auth-token = env:SCEM_SMS_TOKEN
                sms.from = +15005550006
                sms.timeout = 3s
                notify.max-attempts = 7
                notify.backoff-base = 500ms
                notify.backoff-max = 2m
                notify.rate-per-minute = 4
                notify.max-in-flight = 3
                notify.undelivered-capacity = 50
                notify.probe-interval = 30s
                notify.dedup-capacity = 1000
                kafka.bootstrap = other:9092
                """.formatted(password));

        assertThat(s.smtp()).isEqualTo(new SmtpSettings("mail.scem.example", 2525, true, "alerts", s.smtp().password(),
                "SCEM <alerts@scem.example>", Duration.ofSeconds(5)));
        assertThat(s.smtp().password().reveal()).isEqualTo("pw");
        assertThat(s.sms().baseUrl()).isEqualTo("https://sms.scem.example");
        assertThat(s.sms().accountSid()).isEqualTo("AC1");
        assertThat(s.sms().authToken().reveal()).isEqualTo("tok");
        assertThat(s.sms().from()).isEqualTo("+15005550006");
        assertThat(s.sms().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.delivery()).isEqualTo(new DeliveryPolicy(7, Duration.ofMillis(500), Duration.ofMinutes(2), 4, 3, 50,
                Duration.ofSeconds(30), 1000));
    }

    @Test
    void shouldReadTheShippedExampleAsTheDefaultPolicy() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "tok");
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(Path.of("../config/notify.properties"))) {
            p.load(in);
        }
        p.setProperty("sms.auth-token", "file:" + token); // the example's /run/secrets is not here

        NotifierSettings s = NotifierSettings.parse(p, Map.of("SCEM_SMTP_PASSWORD", "pw")::get);

        assertThat(s.delivery()).isEqualTo(DeliveryPolicy.DEFAULTS);
        assertThat(s.smtp().timeout()).isEqualTo(SmtpSettings.DEFAULT_TIMEOUT);
        assertThat(s.sms().baseUrl()).isEqualTo(SmsSettings.TWILIO);
    }

    @Test
    void shouldDefaultToStarttlsTwilioAndTheDefaultPolicy() {
        NotifierSettings s = parse("""
                smtp.host = mail.scem.example
                smtp.from = alerts@scem.example
                sms.account-sid = AC1
                sms.auth-token = env:SCEM_SMS_TOKEN
                sms.from = +15005550006
                """);

        assertThat(s.smtp().port()).isEqualTo(587);
        assertThat(s.smtp().starttls()).isTrue();
        assertThat(s.smtp().user()).isNull();
        assertThat(s.sms().baseUrl()).isEqualTo("https://api.twilio.com");
        assertThat(s.delivery()).isEqualTo(DeliveryPolicy.DEFAULTS);
    }

    @Test
    void shouldLeaveAChannelOffWhenItIsNotConfigured() {
        NotifierSettings s = parse("notify.max-attempts = 3");

        assertThat(s.smtp()).isNull();
        assertThat(s.sms()).isNull();
    }

    @Test
    void shouldReportEveryBadValueByItsKey() {
        assertThatThrownBy(() -> parse("""
                smtp.host = mail.scem.example
                smtp.port = twenty-five
                smtp.starttls = maybe
                smtp.from = not an address
                sms.account-sid = AC1
                sms.auth-token = env:SCEM_UNSET
                notify.backoff-base = 1 minute
                notify.max-in-flight = 0
                notify.retries = 3
                """))
                .hasMessageContaining("smtp.port: 'twenty-five'")
                .hasMessageContaining("smtp.starttls: 'maybe'")
                .hasMessageContaining("smtp.from: 'not an address'")
                .hasMessageContaining("sms.auth-token: environment variable SCEM_UNSET")
                .hasMessageContaining("sms.from is required")
                .hasMessageContaining("notify.backoff-base: '1 minute' is not a duration")
                .hasMessageContaining("notify.max-in-flight: '0'")
                .hasMessageContaining("unknown key 'notify.retries'");
    }

    @Test
    void shouldRefuseToSendCredentialsInClearText() {
        assertThatThrownBy(() -> parse("""
                smtp.host = mail.scem.example
                smtp.starttls = false
                smtp.user = alerts
                smtp.password = env:SCEM_SMS_TOKEN
                smtp.from = alerts@scem.example
                sms.base-url = http://sms.scem.example
                sms.account-sid = AC1
                sms.auth-token = env:SCEM_SMS_TOKEN
                sms.from = +15005550006
                """))
                .hasMessageContaining("smtp.starttls: false would send smtp.password in clear text")
                .hasMessageContaining("sms.base-url: 'http://sms.scem.example' must be an https URL");
    }

    @Test
    void shouldRefuseHalfAChannel() {
        assertThatThrownBy(() -> parse("smtp.from = alerts@scem.example"))
                .hasMessageContaining("smtp.from is set but smtp.host is not");
        assertThatThrownBy(() -> parse("notify.backoff-base = 2m\nnotify.backoff-max = 1m"))
                .hasMessageContaining("notify.backoff-max");
    }

    @Test
    void shouldNameTheFileItLoaded() throws Exception {
        Path file = Files.writeString(dir.resolve("notify.properties"), "notify.max-attempts = none\n");

        assertThatThrownBy(() -> NotifierSettings.load(file)).hasMessageContaining(file.toString())
                .hasMessageContaining("notify.max-attempts");
    }

    private static NotifierSettings parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return NotifierSettings.parse(p, ENV::get);
    }
}
