package io.scem.jobs.notify;

import io.scem.jobs.config.Secret;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Where {@link SmsSender} posts: a Twilio-compatible Messages API. The record's {@code toString()}
 * shows the token as {@code ***} ({@link Secret}).
 *
 * @param baseUrl e.g. {@code https://api.twilio.com}
 * @param from the sending number (E.164, e.g. {@code +15017122661}) or alphanumeric sender id
 * @param timeout for connecting, and for the whole request
 */
public record SmsSettings(String baseUrl, String accountSid, Secret authToken, String from, Duration timeout)
        implements Serializable {

    public static final String TWILIO = "https://api.twilio.com";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public SmsSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(accountSid, "accountSid");
        Objects.requireNonNull(authToken, "authToken");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(timeout, "timeout");
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    }

    public SmsSettings withTimeout(Duration timeout) {
        return new SmsSettings(baseUrl, accountSid, authToken, from, timeout);
    }
}
