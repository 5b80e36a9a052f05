package io.scem.jobs.notify;

import io.scem.jobs.config.Secret;
import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.notify.OutgoingMessage;
import io.scem.core.notify.OutgoingMessage.Channel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SmsSender} against a local HTTP server that answers like Twilio's Messages API. */
class SmsSenderTest {

    private static final String TOKEN = "twilio-token-for-tests";
    private static final String TEXT = "Lieferung 42 verspätet — 出荷遅延 ⚠ ETA +2d";

    private final TwilioStub twilio = new TwilioStub(TOKEN);

    SmsSenderTest() throws IOException {}

    @AfterEach
    void stop() {
        twilio.close();
    }

    @Test
    void shouldPostTheFormWithBasicAuthAndReturnTheSid() {
        Attempt attempt = sender(Duration.ofSeconds(5)).attempt(sms("+4915112345678", "n-1"));

        assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.SENT);
        assertThat(attempt.providerId()).matches("SM\\d{32}");
        TwilioStub.Request request = twilio.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + TwilioStub.ACCOUNT + "/Messages.json");
        assertThat(request.authorization()).isEqualTo("Basic " + TwilioStub.base64(TwilioStub.ACCOUNT + ":" + TOKEN));
        assertThat(request.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(request.form()).isEqualTo(Map.of("To", "+4915112345678", "From", "+15005550006", "Body", TEXT));
    }

    @Test
    void shouldTreatThrottlingAndServerErrorsAsRetryable() {
        twilio.answering(r -> new TwilioStub.Response(429, "{\"code\":20429,\"message\":\"Too Many Requests\"}",
                Map.of("Retry-After", "7")));
        Attempt throttled = sender(Duration.ofSeconds(5)).attempt(sms("+4915112345678", "n-1"));
        twilio.answering(r -> TwilioStub.Response.of(503, "<html>Service Unavailable</html>"));
        Attempt unavailable = sender(Duration.ofSeconds(5)).attempt(sms("+4915112345678", "n-1"));

        assertThat(throttled.outcome()).isEqualTo(Attempt.Outcome.RETRYABLE);
        assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(throttled.detail()).contains("HTTP 429", "20429", "Too Many Requests");
        assertThat(unavailable.outcome()).isEqualTo(Attempt.Outcome.RETRYABLE);
        assertThat(unavailable.detail()).endsWith("HTTP 503");
    }

    @Test
    void shouldRejectABadNumberWithTheGatewaysMessage() {
        twilio.answering(r -> TwilioStub.error(400, 21211, "The 'To' number +49 is not a valid phone number."));

        Attempt attempt = sender(Duration.ofSeconds(5)).attempt(sms("+49", "n-1"));

        assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.REJECTED);
        assertThat(attempt.detail()).isEqualTo(
                "SMS gateway 127.0.0.1: HTTP 400, error 21211: The 'To' number +49 is not a valid phone number.");
    }

    @Test
    void shouldReportRefusedCredentialsAsTheChannelsFault() {
        SmsSettings wrong = new SmsSettings(twilio.baseUrl(), TwilioStub.ACCOUNT, Secret.of("not-the-token"),
                "+15005550006", Duration.ofSeconds(5));

        Attempt attempt = new SmsSender(wrong).attempt(sms("+4915112345678", "n-1"));

        assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.UNAUTHORIZED);
        assertThat(attempt.detail()).contains("HTTP 401", "20003");
    }

    @Test
    void shouldGiveUpOnAGatewayThatDoesNotAnswerWithinTheTimeout() {
        twilio.answering(r -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return twilio.created();
        });
        long start = System.nanoTime();

        Attempt attempt = sender(Duration.ofMillis(300)).attempt(sms("+4915112345678", "n-1"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.RETRYABLE);
        assertThat(attempt.detail()).contains("127.0.0.1");
    }

    @Test
    void shouldReportAGatewayThatIsNotThereAsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SmsSettings nowhere = new SmsSettings("http://127.0.0.1:" + closedPort, TwilioStub.ACCOUNT, Secret.of(TOKEN),
                "+15005550006", Duration.ofSeconds(2));

        Attempt attempt = new SmsSender(nowhere).attempt(sms("+4915112345678", "n-1"));

        assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.RETRYABLE);
        assertThat(attempt.detail()).contains("ConnectException");
    }

    @Test
    void shouldMakeOneRequestPerNumberEachWithItsOwnKey() {
        OutgoingMessage message = new OutgoingMessage(Channel.SMS, "ops", List.of("+4915100000001", "+4915100000002"),
                null, TEXT, null, "n-1");

        List<OutgoingMessage> requests = sender(Duration.ofSeconds(5)).perRequest(message);

        assertThat(requests).extracting(OutgoingMessage::to)
                .containsExactly(List.of("+4915100000001"), List.of("+4915100000002"));
        assertThat(requests).extracting(OutgoingMessage::dedupKey)
                .containsExactly("n-1 to +4915100000001", "n-1 to +4915100000002");
    }

    @Test
    void shouldCutABodyLongerThanTheGatewayTakes() {
        String longText = "⚠".repeat(2_000);

        sender(Duration.ofSeconds(5)).attempt(new OutgoingMessage(Channel.SMS, "ops", List.of("+4915100000001"),
                null, longText, null, "n-1"));

        String body = twilio.requests().get(0).form().get("Body");
        assertThat(body.codePointCount(0, body.length())).isEqualTo(SmsSender.MAX_BODY_CHARS);
        assertThat(body).endsWith("⚠…");
    }

    private SmsSender sender(Duration timeout) {
        return new SmsSender(new SmsSettings(twilio.baseUrl(), TwilioStub.ACCOUNT, Secret.of(TOKEN), "+15005550006", timeout));
    }

    private static OutgoingMessage sms(String number, String dedupKey) {
        return new OutgoingMessage(Channel.SMS, "ops", List.of(number), null, TEXT, null, dedupKey);
    }
}
