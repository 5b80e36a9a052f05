package io.scem.jobs.notify;

import io.scem.jobs.config.Secret;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Where {@link EmailSender} hands mail over. The record's {@code toString()} shows the password as
 * {@code ***} ({@link Secret}).
 *
 * @param starttls upgrade the connection with STARTTLS, and refuse to go on without it
 * @param user SMTP AUTH user, or null to send without authentication
 * @param password with {@code user}, else null
 * @param from the From address, e.g. {@code SCEM Alerts <alerts@example.com>}
 * @param timeout for connecting, and for each read and write on the connection
 */
public record SmtpSettings(String host, int port, boolean starttls, String user, Secret password, String from,
        Duration timeout) implements Serializable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65_535) throw new IllegalArgumentException("port must be 1 to 65535");
        if ((user == null) != (password == null)) throw new IllegalArgumentException("user and password go together");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    }

    /** No authentication, no STARTTLS, 10 s timeout: a local relay (or a test server). */
    public static SmtpSettings plain(String host, int port, String from) {
        return new SmtpSettings(host, port, false, null, null, from, DEFAULT_TIMEOUT);
    }

    public SmtpSettings withCredentials(String user, Secret password) {
        return new SmtpSettings(host, port, starttls, user, password, from, timeout);
    }

    public SmtpSettings withTimeout(Duration timeout) {
        return new SmtpSettings(host, port, starttls, user, password, from, timeout);
    }
}
