package io.scem.jobs.notify;

import io.scem.jobs.config.Secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.scem.core.notify.OutgoingMessage.Channel;
import io.scem.jobs.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A wrong SMTP password and a wrong SMS token, sent to servers that refuse them: the secrets
 * appear in no result, no listener message, no toString, no error and no log line, at any
 * level, SMTP protocol trace included; nor do their base64 forms (SMTP AUTH, HTTP Basic).
 */
class SecretLeakTest {

    private static final String SMTP_PASSWORD = "Wr0ng-SMTP-Pa55word";
    private static final String SMS_TOKEN = "Wr0ng-Tw1lio-T0ken";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@scem.example", "alerts", "the-right-one"));

    private final List<String> reasons = new CopyOnWriteArrayList<>();
    private final ChannelListener listener = new ChannelListener() {
        @Override
        public void failing(Channel channel, String reason) {
            reasons.add(reason);
        }

        @Override
        public void recovered(Channel channel) {}
    };

    @Test
    void shouldNotRevealASmtpPasswordTheServerRefused() throws Exception {
        SmtpSettings settings = SmtpSettings.plain("127.0.0.1", SMTP.getSmtp().getPort(), "alerts@scem.example")
                .withCredentials("alerts", Secret.of(SMTP_PASSWORD));
        List<String> seen = new ArrayList<>();
        String libraryLog;
        try (LogCapture logs = new LogCapture();
                ReliableSender sender = new ReliableSender(new EmailSender(settings), quick(), listener, DeliveryState.EMPTY)) {
            DeliveryResult result = sender.send(EmailSenderTest.email(List.of("ops@scem.example"), "<p>x</p>", "n-1"))
                    .get(10, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(DeliveryResult.Status.UNDELIVERED);
            assertThat(result.detail()).contains("535", "user alerts");
            seen.add(result.toString());
            seen.add(settings.toString());
            seen.add(new NotifierSettings(settings, null, quick()).toString());
            seen.add(sender.snapshot().toString());
            seen.addAll(reasons);
            seen.add(logs.log4j());
            libraryLog = logs.libraries();
            seen.add(libraryLog);
        }

        assertThat(reasons).hasSize(1);
        // The protocol trace was on: the test would see a leak there.
        assertThat(libraryLog).contains("EHLO", "AUTH");
        assertNoneContains(seen, SMTP_PASSWORD, "\0alerts\0" + SMTP_PASSWORD, SMTP_PASSWORD);
    }

    @Test
    void shouldNotRevealAnSmsTokenTheGatewayRefused() throws Exception {
        List<String> seen = new ArrayList<>();
        try (TwilioStub twilio = new TwilioStub("the-right-one");
                LogCapture logs = new LogCapture();
                ReliableSender sender = new ReliableSender(new SmsSender(new SmsSettings(twilio.baseUrl(), TwilioStub.ACCOUNT,
                        Secret.of(SMS_TOKEN), "+15005550006", Duration.ofSeconds(5))), quick(), listener, DeliveryState.EMPTY)) {
            DeliveryResult result = sender.send(new io.scem.core.notify.OutgoingMessage(Channel.SMS, "ops",
                    List.of("+4915100000001"), null, "Stock-out", null, "n-1")).get(10, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(DeliveryResult.Status.UNDELIVERED);
            // The stub quoted the token in its error message; what we pass on has it blanked.
            assertThat(result.detail()).contains("HTTP 401", "20003", "wrong password ***");
            seen.add(result.toString());
            seen.addAll(reasons);
            seen.add(logs.log4j());
            seen.add(logs.libraries());
        }

        assertThat(reasons).hasSize(1);
        assertNoneContains(seen, SMS_TOKEN, TwilioStub.ACCOUNT + ":" + SMS_TOKEN, SMS_TOKEN);
    }

    @Test
    void shouldNotRevealSecretsInConfigurationErrorsOrSettings() {
        Properties literal = new Properties();
        literal.setProperty("smtp.host", "mail.scem.example");
        literal.setProperty("smtp.from", "alerts@scem.example");
        literal.setProperty("smtp.user", "alerts");
        literal.setProperty("smtp.password", SMTP_PASSWORD);
        assertThatThrownBy(() -> NotifierSettings.parse(literal, name -> null))
                .hasMessageContaining("smtp.password").hasMessageNotContaining(SMTP_PASSWORD);

        Properties fromEnv = new Properties();
        fromEnv.putAll(literal);
        fromEnv.setProperty("smtp.password", "env:SCEM_SMTP_PASSWORD");
        fromEnv.setProperty("sms.account-sid", TwilioStub.ACCOUNT);
        fromEnv.setProperty("sms.auth-token", "env:SCEM_SMS_TOKEN");
        fromEnv.setProperty("sms.from", "+15005550006");
        NotifierSettings settings = NotifierSettings.parse(fromEnv,
                name -> name.equals("SCEM_SMTP_PASSWORD") ? SMTP_PASSWORD : name.equals("SCEM_SMS_TOKEN") ? SMS_TOKEN : null);

        assertThat(settings.smtp().password().reveal()).isEqualTo(SMTP_PASSWORD);
        assertThat(settings.toString()).doesNotContain(SMTP_PASSWORD, SMS_TOKEN).contains("password=***", "authToken=***");
    }

    /** Quick retries: 2 tries, milliseconds apart. */
    private static DeliveryPolicy quick() {
        return new DeliveryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(5), 0, 2, 10, Duration.ofMinutes(1), 100);
    }

    /** @param plain the secret, {@code base64Of} what a protocol would encode it in */
    private static void assertNoneContains(List<String> texts, String plain, String base64Of, String base64Alone) {
        String[] forms = {plain, base64(base64Of), base64(base64Alone)};
        for (String text : texts) {
            assertThat(text).doesNotContain(forms);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
