package io.scem.jobs.notify;

import io.scem.jobs.config.PropertiesFile;
import io.scem.jobs.config.Secret;
import io.scem.jobs.monitoring.ScemConfig;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The senders' configuration, parsed once from properties (keys {@code smtp.*}, {@code sms.*},
 * {@code notify.*}; other keys are left to their owners, so the file can be shared). A channel
 * whose host ({@code smtp.host}) or account ({@code sms.account-sid}) is absent is off. Bad values
 * are errors that name the key; secrets ({@code smtp.password}, {@code sms.auth-token}) are
 * {@code env:NAME} or {@code file:PATH} and are never repeated in an error or in {@code toString()}.
 *
 * @param smtp null when email is off
 * @param sms null when SMS is off
 */
public record NotifierSettings(SmtpSettings smtp, SmsSettings sms, DeliveryPolicy delivery) implements Serializable {

    private static final Set<String> KEYS = Set.of(
            "smtp.host", "smtp.port", "smtp.starttls", "smtp.user", "smtp.password", "smtp.from", "smtp.timeout",
            "sms.base-url", "sms.account-sid", "sms.auth-token", "sms.from", "sms.timeout",
            "notify.max-attempts", "notify.backoff-base", "notify.backoff-max", "notify.rate-per-minute",
            "notify.max-in-flight", "notify.undelivered-capacity", "notify.probe-interval", "notify.dedup-capacity");

    public static NotifierSettings load(Path file) throws IOException {
        PropertiesFile settings = PropertiesFile.read(file);
        List<String> errors = new ArrayList<>();
        NotifierSettings parsed = parse(settings.values(), System::getenv, errors);
        if (!errors.isEmpty()) throw settings.problems(errors);
        return parsed;
    }

    /** @param env looks up environment variables for {@code env:} secrets; throws with every problem, one a line */
    public static NotifierSettings parse(Properties p, UnaryOperator<String> env) {
        List<String> errors = new ArrayList<>();
        NotifierSettings parsed = parse(p, env, errors);
        if (!errors.isEmpty()) throw new IllegalArgumentException(String.join("\n", errors));
        return parsed;
    }

    /**
     * As {@link #parse(Properties, UnaryOperator)}, each problem added to {@code errors}; null when
     * it added any (problems already in the list, the caller's, are not its concern).
     */
    public static NotifierSettings parse(Properties p, UnaryOperator<String> env, List<String> errors) {
        int before = errors.size();
        Parser in = new Parser(p, env, errors);
        for (String key : p.stringPropertyNames()) {
            boolean ours = key.startsWith("smtp.") || key.startsWith("sms.") || key.startsWith("notify.");
            if (ours && !KEYS.contains(key)) {
                in.errors.add(PropertiesFile.unknownKey(key, KEYS, List.of()));
            }
        }
        SmtpSettings smtp = smtp(in);
        SmsSettings sms = sms(in);
        DeliveryPolicy d = DeliveryPolicy.DEFAULTS;
        int maxAttempts = in.whole("notify.max-attempts", d.maxAttempts(), 1);
        Duration base = in.duration("notify.backoff-base", d.backoffBase());
        Duration max = in.duration("notify.backoff-max", d.backoffMax());
        if (max.compareTo(base) < 0) in.errors.add("notify.backoff-max (" + max + ") is shorter than notify.backoff-base (" + base + ")");
        int rate = in.whole("notify.rate-per-minute", d.ratePerMinute(), 0);
        int inFlight = in.whole("notify.max-in-flight", d.maxInFlight(), 1);
        int undelivered = in.whole("notify.undelivered-capacity", d.undeliveredCapacity(), 0);
        Duration probe = in.duration("notify.probe-interval", d.probeInterval());
        if (probe.isZero()) in.errors.add("notify.probe-interval must be longer than 0");
        int dedup = in.whole("notify.dedup-capacity", d.dedupCapacity(), 1);
        if (errors.size() > before) return null;
        DeliveryPolicy delivery = new DeliveryPolicy(maxAttempts, base, max, rate, inFlight, undelivered, probe, dedup);
        return new NotifierSettings(smtp, sms, delivery);
    }

    private static SmtpSettings smtp(Parser in) {
        String host = in.text("smtp.host");
        if (host == null) {
            in.requireAbsent("smtp.", "smtp.host");
            return null;
        }
        boolean starttls = in.bool("smtp.starttls", true);
        int port = in.whole("smtp.port", starttls ? 587 : 25, 1);
        if (port > 65_535) in.errors.add("smtp.port: " + port + " is not a port (1 to 65535)");
        String user = in.text("smtp.user");
        Secret password = in.secret("smtp.password");
        if (user != null && password == null) in.errors.add("smtp.password is required with smtp.user");
        if (user == null && password != null) in.errors.add("smtp.user is required with smtp.password");
        if (user != null && !starttls && !isLoopback(host)) {
            in.errors.add("smtp.starttls: false would send smtp.password in clear text to " + host);
        }
        String from = in.text("smtp.from");
        if (from == null) {
            in.errors.add("smtp.from is required with smtp.host");
        } else {
            try {
                new InternetAddress(from, true);
            } catch (AddressException e) {
                in.errors.add("smtp.from: '" + from + "' is not an email address");
            }
        }
        Duration timeout = in.duration("smtp.timeout", SmtpSettings.DEFAULT_TIMEOUT);
        if (timeout.isZero()) in.errors.add("smtp.timeout must be longer than 0");
        if (!in.errors.isEmpty()) return null;
        return new SmtpSettings(host, port, starttls, user, password, from, timeout);
    }

    private static SmsSettings sms(Parser in) {
        String account = in.text("sms.account-sid");
        if (account == null) {
            in.requireAbsent("sms.", "sms.account-sid");
            return null;
        }
        String baseUrl = in.text("sms.base-url");
        baseUrl = baseUrl == null ? SmsSettings.TWILIO : baseUrl;
        try {
            URI uri = new URI(baseUrl);
            if (uri.getHost() == null || !("https".equals(uri.getScheme())
                    || "http".equals(uri.getScheme()) && isLoopback(uri.getHost()))) {
                in.errors.add("sms.base-url: '" + baseUrl + "' must be an https URL (http only to localhost)");
            }
        } catch (URISyntaxException e) {
            in.errors.add("sms.base-url: '" + baseUrl + "' is not a URL");
        }
        Secret token = in.secret("sms.auth-token");
        if (token == null) in.errors.add("sms.auth-token is required with sms.account-sid");
        String from = in.text("sms.from");
        if (from == null) in.errors.add("sms.from is required with sms.account-sid");
        Duration timeout = in.duration("sms.timeout", SmsSettings.DEFAULT_TIMEOUT);
        if (timeout.isZero()) in.errors.add("sms.timeout must be longer than 0");
        if (!in.errors.isEmpty()) return null;
        return new SmsSettings(baseUrl, account, token, from, timeout);
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    /** Reads values and collects every error, so that one run reports all of them. */
    private static final class Parser {
        final Properties p;
        final UnaryOperator<String> env;
        final List<String> errors;

        Parser(Properties p, UnaryOperator<String> env, List<String> errors) {
            this.p = p;
            this.env = env;
            this.errors = errors;
        }

        String text(String key) {
            String value = p.getProperty(key);
            return value == null || value.isBlank() ? null : value.trim();
        }

        Secret secret(String key) {
            String ref = text(key);
            if (ref == null) return null;
            try {
                return Secret.resolve(ref, env);
            } catch (IllegalArgumentException e) {
                errors.add(key + ": " + e.getMessage()); // Secret's messages never quote the value
                return null;
            }
        }

        boolean bool(String key, boolean fallback) {
            String value = text(key);
            if (value == null) return fallback;
            if (value.equalsIgnoreCase("true")) return true;
            if (value.equalsIgnoreCase("false")) return false;
            errors.add(key + ": '" + value + "' is not true or false");
            return fallback;
        }

        int whole(String key, int fallback, int min) {
            String value = text(key);
            if (value == null) return fallback;
            try {
                int n = Integer.parseInt(value);
                if (n >= min) return n;
            } catch (NumberFormatException e) {
                // reported below
            }
            errors.add(key + ": '" + value + "' is not a whole number of at least " + min);
            return fallback;
        }

        Duration duration(String key, Duration fallback) {
            String value = text(key);
            if (value == null) return fallback;
            try {
                return ScemConfig.parseDuration(value);
            } catch (IllegalArgumentException e) {
                errors.add(key + ": " + e.getMessage());
                return fallback;
            }
        }

        /** A channel's other keys without the one that turns it on are a mistake, not a wish. */
        void requireAbsent(String prefix, String switchKey) {
            p.stringPropertyNames().stream()
                    .filter(k -> k.startsWith(prefix) && !k.equals(switchKey) && text(k) != null)
                    .sorted()
                    .forEach(k -> errors.add(k + " is set but " + switchKey + " is not (the channel is off without it)"));
        }
    }
}
