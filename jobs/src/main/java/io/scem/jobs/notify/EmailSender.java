package io.scem.jobs.notify;

import io.scem.core.notify.OutgoingMessage;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Sends an {@link OutgoingMessage} as one email over SMTP (Jakarta Mail, Eclipse Angus): the
 * plain text and, when there is one, the HTML body as multipart/alternative, all UTF-8. One
 * connection per message: alerts are few, and no connection state is shared between threads.
 *
 * <p>The Message-ID is derived from the dedupKey, so that if a message is sent twice (a restart
 * between sending and checkpointing) mail clients that merge duplicates show it once.
 */
public final class EmailSender implements ChannelSender {

    private final SmtpSettings settings;
    private final Session session;
    private final InternetAddress from;
    private final String messageIdDomain;

    public EmailSender(SmtpSettings settings) {
        this.settings = settings;
        this.from = parseFrom(settings.from());
        this.messageIdDomain = from.getAddress().substring(from.getAddress().indexOf('@') + 1);
        String timeout = Long.toString(settings.timeout().toMillis());
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", settings.host());
        p.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        // Without these a silent server holds the thread for ever.
        p.setProperty("mail.smtp.connectiontimeout", timeout);
        p.setProperty("mail.smtp.timeout", timeout);
        p.setProperty("mail.smtp.writetimeout", timeout);
        p.setProperty("mail.smtp.auth", Boolean.toString(settings.user() != null));
        p.setProperty("mail.smtp.starttls.enable", Boolean.toString(settings.starttls()));
        // "required": never fall back to plain text, which would send the password in clear.
        p.setProperty("mail.smtp.starttls.required", Boolean.toString(settings.starttls()));
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        p.setProperty("mail.smtp.from", from.getAddress());
        // Angus would otherwise trace AUTH (user and password, base64) when protocol logging is on.
        p.setProperty("mail.debug.auth", "false");
        this.session = Session.getInstance(p);
    }

    @Override
    public OutgoingMessage.Channel channel() {
        return OutgoingMessage.Channel.EMAIL;
    }

    @Override
    public Attempt attempt(OutgoingMessage message) {
        MimeMessage mime;
        try {
            mime = compose(message);
        } catch (AddressException e) {
            return Attempt.rejected("invalid address: " + e.getMessage());
        } catch (MessagingException e) {
            return Attempt.rejected("cannot compose the email: " + redact(e.getMessage()));
        }
        Transport transport = null;
        try {
            transport = session.getTransport("smtp");
            transport.connect(settings.host(), settings.port(), settings.user(),
                    settings.password() == null ? null : settings.password().reveal());
            transport.sendMessage(mime, mime.getAllRecipients());
            return Attempt.sent(mime.getMessageID());
        } catch (MessagingException e) {
            return classify(e);
        } finally {
            closeQuietly(transport);
        }
    }

    private MimeMessage compose(OutgoingMessage message) throws MessagingException {
        MimeMessage mime = new DedupMimeMessage(session, messageId(message.dedupKey()));
        mime.setFrom(from);
        InternetAddress[] to = new InternetAddress[message.to().size()];
        for (int i = 0; i < to.length; i++) to[i] = new InternetAddress(message.to().get(i), true);
        if (to.length == 0) throw new AddressException("no recipients");
        mime.setRecipients(Message.RecipientType.TO, to);
        mime.setSubject(message.subject(), "UTF-8");
        mime.setSentDate(new Date());
        if (message.html() == null) {
            mime.setText(message.text(), "UTF-8", "plain");
        } else {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(message.text(), "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(message.html(), "UTF-8", "html");
            // Order matters: clients show the last alternative they can render.
            mime.setContent(new MimeMultipart("alternative", text, html));
        }
        mime.saveChanges();
        return mime;
    }

    /** Reply codes decide: 4xx may pass later, 5xx will not; refused credentials or sender are the channel's fault. */
    private Attempt classify(MessagingException e) {
        String what = "SMTP " + settings.host() + ":" + settings.port() + ": " + redact(e.getMessage());
        if (e instanceof AuthenticationFailedException) {
            return Attempt.unauthorized(what + " (user " + settings.user() + ")");
        }
        int code = replyCode(e);
        if (code == 530 || code == 534 || code == 535 || code == 538 || (code >= 500 && hasSenderFailure(e))) {
            return Attempt.unauthorized(what);
        }
        if (code >= 500) return Attempt.rejected(what);
        if (code >= 400) return Attempt.retryable(what);
        // No reply code: the server could not be reached, went silent, or hung up.
        return Attempt.retryable(e.getCause() instanceof IOException io
                ? "SMTP " + settings.host() + ":" + settings.port() + ": " + io.getClass().getSimpleName() + ": " + redact(io.getMessage())
                : what);
    }

    private static int replyCode(MessagingException e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            if (x instanceof SMTPSendFailedException f) return f.getReturnCode();
            if (x instanceof SMTPAddressFailedException f) return f.getReturnCode();
            if (x instanceof SMTPSenderFailedException f) return f.getReturnCode();
        }
        return -1;
    }

    private static boolean hasSenderFailure(MessagingException e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            if (x instanceof SMTPSenderFailedException) return true;
        }
        return false;
    }

    private String redact(String text) {
        return settings.password() == null ? text : settings.password().redact(text);
    }

    private String messageId(String dedupKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(dedupKey.getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(hash, 0, 16) + ".scem@" + messageIdDomain + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static InternetAddress parseFrom(String text) {
        try {
            InternetAddress parsed = new InternetAddress(text, true);
            // Re-encoded so that a non-ASCII display name ("Störungsmeldung") survives in the header.
            return parsed.getPersonal() == null ? parsed
                    : new InternetAddress(parsed.getAddress(), parsed.getPersonal(), "UTF-8");
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalArgumentException("'" + text + "' is not an email address: " + e.getMessage());
        }
    }

    private static void closeQuietly(Transport transport) {
        if (transport == null) return;
        try {
            transport.close();
        } catch (MessagingException e) {
            // The message went out or not before QUIT: a failed QUIT changes nothing.
        }
    }

    /** A message whose Message-ID is ours rather than a random one. */
    private static final class DedupMimeMessage extends MimeMessage {
        private final String id;

        DedupMimeMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
