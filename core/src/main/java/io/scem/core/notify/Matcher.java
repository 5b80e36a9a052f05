package io.scem.core.notify;

import io.scem.core.alert.Alert;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition on one alert field, as routes ({@code match}, {@code match_re}, {@code match_not}),
 * silences and inhibit rules write it. Regexes must match the whole value (Alertmanager anchors them too).
 */
public record Matcher(AlertField field, Kind kind, String value, Pattern pattern) {
    public enum Kind {
        /** {@code match}: the field equals the value. */
        EQUAL("match"),
        /** {@code match_re}: the whole field matches the regex. */
        REGEX("match_re"),
        /** {@code match_not}: the field differs from the value. */
        NOT_EQUAL("match_not");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** How routing.yaml and silences.jsonl write this kind of matcher. */
        public String key() {
            return key;
        }
    }

    public Matcher {
        Objects.requireNonNull(field);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(value);
    }

    public static Matcher equal(AlertField field, String value) {
        return new Matcher(field, Kind.EQUAL, value, null);
    }

    public static Matcher notEqual(AlertField field, String value) {
        return new Matcher(field, Kind.NOT_EQUAL, value, null);
    }

    /** @throws PatternSyntaxException if {@code regex} is not a valid Java regex */
    public static Matcher regex(AlertField field, String regex) {
        return new Matcher(field, Kind.REGEX, regex, Pattern.compile(regex));
    }

    public static Matcher of(Kind kind, AlertField field, String value) {
        return switch (kind) {
            case EQUAL -> equal(field, value);
            case REGEX -> regex(field, value);
            case NOT_EQUAL -> notEqual(field, value);
        };
    }

    public boolean matches(Alert alert) {
        String actual = field.of(alert);
        return switch (kind) {
            case EQUAL -> actual.equals(value);
            case REGEX -> pattern.matcher(actual).matches();
            case NOT_EQUAL -> !actual.equals(value);
        };
    }

    /** True if every matcher matches (so an empty list matches every alert). */
    public static boolean all(List<Matcher> matchers, Alert alert) {
        for (Matcher m : matchers) {
            if (!m.matches(alert)) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        String op = switch (kind) {
            case EQUAL -> "=";
            case REGEX -> "=~";
            case NOT_EQUAL -> "!=";
        };
        return field.fieldName() + op + '"' + value + '"';
    }

    // Pattern has identity equality; two matchers are the same when their text is.
    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && field == m.field && kind == m.kind && value.equals(m.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(field, kind, value);
    }
}
