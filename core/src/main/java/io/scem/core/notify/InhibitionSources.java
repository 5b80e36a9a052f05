package io.scem.core.notify;

import io.scem.core.alert.Alert;

/**
 * The firing alerts that may inhibit others, as {@link Inhibitor} keeps them. A Flink POJO; it
 * must see every inhibiting alert of the job, so it belongs in broadcast (or non-keyed) state.
 */
public class InhibitionSources {
    /** Firing alerts that match the source side of some inhibit rule, one per alertId. */
    public Alert[] firing = new Alert[0];

    public InhibitionSources() {}
}
