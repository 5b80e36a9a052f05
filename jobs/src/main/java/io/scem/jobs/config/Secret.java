package io.scem.jobs.config;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A password or token, read from where it is kept rather than from the configuration file:
 * {@code env:NAME} (an environment variable) or {@code file:PATH} (e.g. a Docker or Kubernetes
 * secret). {@link #toString()} is {@code ***}, so a secret that ends up in a record, a log line or
 * an exception message shows nothing; only {@link #reveal()} gives the value, for the one call
 * that needs it.
 *
 * <p>Serializable because the settings that hold it travel to Flink's task managers: the job
 * graph then carries the value, as it would any other credential of a Flink job.
 */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** A secret the caller already holds (tests, or code that read it elsewhere). */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) throw new IllegalArgumentException("a secret must not be empty");
        return new Secret(value);
    }

    /** Resolves {@code env:NAME} or {@code file:PATH} against the process environment. */
    public static Secret resolve(String reference) {
        return resolve(reference, System::getenv);
    }

    /**
     * Resolves {@code env:NAME} (looked up with {@code env}) or {@code file:PATH} (read as UTF-8,
     * a trailing line break dropped, as secret files usually have one). Anything else is refused,
     * because a secret written into the configuration file ends up in version control; the error
     * never repeats the reference, which might be the secret itself.
     */
    public static Secret resolve(String reference, UnaryOperator<String> env) {
        String ref = reference.trim();
        if (ref.startsWith("env:")) {
            String name = ref.substring(4).trim();
            String value = env.apply(name);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("environment variable " + name + " is not set or empty");
            }
            return new Secret(value);
        }
        if (ref.startsWith("file:")) {
            Path file = Path.of(ref.substring(5).trim());
            String value;
            try {
                value = Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\\R\\z", "");
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read secret file " + file + " (" + e.getClass().getSimpleName() + ")");
            }
            if (value.isEmpty()) throw new IllegalArgumentException("secret file " + file + " is empty");
            return new Secret(value);
        }
        throw new IllegalArgumentException("must be env:VARIABLE or file:PATH (a secret is not written into the configuration)");
    }

    /** The value itself: pass it straight to the API that needs it, never into a string that is kept. */
    public String reveal() {
        return value;
    }

    /** {@code text} with every occurrence of this secret replaced by {@code ***}: for messages built from library errors. */
    public String redact(String text) {
        return text == null ? null : text.replace(value, "***");
    }

    @Override
    public String toString() {
        return "***";
    }
}
