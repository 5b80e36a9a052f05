package io.scem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.scem.core.notify.OutgoingMessage;
import io.scem.core.notify.OutgoingMessage.Channel;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link EmailSender} against GreenMail, a real SMTP server in this JVM, and against servers that fail. */
class EmailSenderTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String SUBJECT = "[CRITICAL] Lieferung 42 überfällig — 出荷遅延";
    private static final String TEXT = "Shipment 42 to München is 2 days late.\nÄnderung: ETA 2026-03-04 ✓";
    private static final String HTML = "<p>Shipment <b>42</b> to München is 2 days late.</p><p>出荷遅延 ✓</p>";

    @Test
    void shouldSendTextAndHtmlAsUtf8AlternativesToEveryRecipient() throws Exception {
        Attempt attempt = sender().attempt(email(List.of("ops@scem.example", "lead@scem.example"), HTML, "n-1"));

        assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.SENT);
        assertThat(SMTP.waitForIncomingEmail(5_000, 2)).isTrue();
        MimeMessage received = SMTP.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo(SUBJECT);
        assertThat(addresses(received.getFrom())).containsExactly("alerts@scem.example");
        assertThat(((InternetAddress) received.getFrom()[0]).getPersonal()).isEqualTo("SCEM Störungsmeldung");
        assertThat(addresses(received.getRecipients(Message.RecipientType.TO)))
                .containsExactly("ops@scem.example", "lead@scem.example");
        assertThat(received.getMessageID()).isEqualTo(attempt.providerId()).endsWith(".scem@scem.example>");

        assertThat(received.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat((String) parts.getBodyPart(0).getContent()).isEqualToNormalizingNewlines(TEXT);
        assertThat(parts.getBodyPart(1).getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
        assertThat((String) parts.getBodyPart(1).getContent()).isEqualToNormalizingNewlines(HTML);
    }

    @Test
    void shouldSendPlainTextAloneWhenThereIsNoHtml() throws Exception {
        sender().attempt(email(List.of("ops@scem.example"), null, "n-1"));

        assertThat(SMTP.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage received = SMTP.getReceivedMessages()[0];
        assertThat(received.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat((String) received.getContent()).isEqualToNormalizingNewlines(TEXT);
    }

    @Test
    void shouldDeriveTheMessageIdFromTheDedupKey() {
        EmailSender sender = sender();

        Attempt first = sender.attempt(email(List.of("ops@scem.example"), null, "n-1"));
        Attempt again = sender.attempt(email(List.of("ops@scem.example"), null, "n-1"));
        Attempt other = sender.attempt(email(List.of("ops@scem.example"), null, "n-2"));

        assertThat(first.providerId()).isEqualTo(again.providerId()).isNotEqualTo(other.providerId());
    }

    @Test
    void shouldRejectAnInvalidAddressWithoutTrying() {
        Attempt attempt = sender().attempt(email(List.of("not an address"), null, "n-1"));

        assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.REJECTED);
        assertThat(attempt.detail()).contains("invalid address");
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void shouldGiveUpOnAServerThatNeverAnswersWithinTheTimeout() throws IOException {
        // The kernel completes the connection from the backlog; nobody ever says "220".
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            EmailSender sender = new EmailSender(SmtpSettings.plain("127.0.0.1", silent.getLocalPort(), "alerts@scem.example")
                    .withTimeout(Duration.ofMillis(300)));
            long start = System.nanoTime();

            Attempt attempt = sender.attempt(email(List.of("ops@scem.example"), null, "n-1"));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.RETRYABLE);
        }
    }

    @Test
    void shouldReportAServerThatIsNotThereAsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        EmailSender sender = new EmailSender(SmtpSettings.plain("127.0.0.1", closedPort, "alerts@scem.example"));

        Attempt attempt = sender.attempt(email(List.of("ops@scem.example"), null, "n-1"));

        assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.RETRYABLE);
        assertThat(attempt.detail()).contains("127.0.0.1:" + closedPort);
    }

    private static EmailSender sender() {
        return new EmailSender(SmtpSettings.plain("127.0.0.1", SMTP.getSmtp().getPort(),
                "SCEM Störungsmeldung <alerts@scem.example>"));
    }

    static OutgoingMessage email(List<String> to, String html, String dedupKey) {
        return new OutgoingMessage(Channel.EMAIL, "ops", to, SUBJECT, TEXT, html, dedupKey);
    }

    private static List<String> addresses(Address[] addresses) {
        return Arrays.stream(addresses).map(a -> ((InternetAddress) a).getAddress()).toList();
    }
}
