package io.scem.core.sim;

import io.scem.core.event.Instants;
import java.util.Comparator;

/**
 * An alert the rules must produce, as {@link AlertOracle} computes it: which rule, FIRING or
 * RESOLVED, for which key, at which event time (epoch millis). Nothing else, on purpose: these
 * four fields are what a job's output is compared on.
 */
public record ExpectedAlert(String rule, String status, String key, long at) {
    public static final String FIRING = "FIRING";
    public static final String RESOLVED = "RESOLVED";

    /** The oracle's output order: by {@code at}, FIRING before RESOLVED, then rule, then key. */
    public static final Comparator<ExpectedAlert> ORDER = Comparator.comparingLong(ExpectedAlert::at)
            .thenComparing(a -> !a.isFiring())
            .thenComparing(ExpectedAlert::rule)
            .thenComparing(ExpectedAlert::key);

    public static ExpectedAlert firing(String rule, String key, long at) {
        return new ExpectedAlert(rule, FIRING, key, at);
    }

    public static ExpectedAlert resolved(String rule, String key, long at) {
        return new ExpectedAlert(rule, RESOLVED, key, at);
    }

    public boolean isFiring() {
        return FIRING.equals(status);
    }

    @Override
    public String toString() {
        return status + " " + rule + " " + key + " @" + Instants.format(at);
    }
}
