package io.scem.core.rules;

import io.scem.core.event.Instants;
import java.util.Map;

/**
 * The Java functions rule files may call, by name: {@code hoursBetween(a, b)},
 * {@code formatInstant(t)}. They are registered as Esper single-row functions (see
 * {@link RuleSafety#restrict}); no other Java code is reachable from EPL.
 *
 * <p>Instants are epoch milliseconds, as in the fact types. A null argument gives null, so a
 * rule can pass a deadline that is not set yet without guarding it.
 */
public final class RuleFunctions {
    /** Function name in EPL to method name here: what {@link RuleSafety} registers and allows. */
    static final Map<String, String> FUNCTIONS = Map.of(
            "hoursBetween", "hoursBetween",
            "formatInstant", "formatInstant");

    private RuleFunctions() {}

    /** Hours from {@code from} to {@code to} (negative when {@code to} is earlier), fractional. */
    public static Double hoursBetween(Long from, Long to) {
        if (from == null || to == null) return null;
        return (to - from) / 3_600_000.0;
    }

    /** An instant as ISO-8601 UTC text ({@code 2026-01-05T10:15:00Z}), as alert messages show it. */
    public static String formatInstant(Long instant) {
        return instant == null ? null : Instants.format(instant);
    }
}
