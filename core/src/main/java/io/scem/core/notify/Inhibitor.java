package io.scem.core.notify;

import io.scem.core.alert.Alert;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Applies the inhibit rules of the routing file: keeps the firing alerts that inhibit others (in
 * an {@link InhibitionSources}, the caller's state) and says whether an alert is inhibited now.
 * The rules are configuration and the sources are state, so they are kept apart: a restored
 * state needs no rules re-attached.
 */
public final class Inhibitor {
    private final List<InhibitRule> rules;

    public Inhibitor(List<InhibitRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Whether {@code alert} matches the source side of some rule, so that {@link #observe} keeps it. */
    public boolean isSource(Alert alert) {
        for (InhibitRule r : rules) {
            if (r.isSource(alert)) return true;
        }
        return false;
    }

    /**
     * Records a firing source alert, or forgets one that resolved.
     *
     * @return whether the sources changed (so inhibited alerts may have to be looked at again)
     */
    public boolean observe(InhibitionSources sources, Alert alert) {
        int at = indexOf(sources, alert.alertId);
        if (alert.isFiring()) {
            if (at >= 0 || !isSource(alert)) return false;
            sources.firing = Arrays.copyOf(sources.firing, sources.firing.length + 1);
            sources.firing[sources.firing.length - 1] = alert;
            return true;
        }
        if (at < 0) return false;
        List<Alert> kept = new ArrayList<>(Arrays.asList(sources.firing));
        kept.remove(at);
        sources.firing = kept.toArray(Alert[]::new);
        return true;
    }

    /** Whether a firing source alert inhibits {@code target} under some rule. */
    public boolean isInhibited(InhibitionSources sources, Alert target) {
        for (InhibitRule r : rules) {
            for (Alert source : sources.firing) {
                if (r.inhibits(source, target)) return true;
            }
        }
        return false;
    }

    private static int indexOf(InhibitionSources sources, String alertId) {
        for (int i = 0; i < sources.firing.length; i++) {
            if (sources.firing[i].alertId.equals(alertId)) return i;
        }
        return -1;
    }
}
