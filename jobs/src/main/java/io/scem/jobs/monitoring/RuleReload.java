package io.scem.jobs.monitoring;

import java.io.Serializable;
import java.time.Duration;

/**
 * Hot reload of the rule files: every subtask of the rule evaluation follows {@code dir} (a path
 * each TaskManager can read: local in the demo and a single-machine run, shared storage on a
 * cluster) and applies a change within about two {@code interval}s.
 */
public record RuleReload(String dir, Duration interval) implements Serializable {
    public RuleReload {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("the rule reload interval must be positive");
        }
    }
}
