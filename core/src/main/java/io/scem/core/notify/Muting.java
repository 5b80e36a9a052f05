package io.scem.core.notify;

import io.scem.core.alert.Alert;

/**
 * Whether an alert is left out of notifications at a moment (silenced or inhibited). Asked when a
 * group is about to notify, not when the alert arrives, so that a silence created or an
 * inhibiting alert that fires during group_wait still counts.
 */
@FunctionalInterface
public interface Muting {
    Muting NONE = (alert, now) -> false;

    boolean isMuted(Alert alert, long now);

    /** Muted by an active silence or by a firing inhibiting alert. */
    static Muting of(Silences silences, Inhibitor inhibitor, InhibitionSources sources) {
        return (alert, now) -> silences.isSilenced(alert, now) || inhibitor.isInhibited(sources, alert);
    }
}
