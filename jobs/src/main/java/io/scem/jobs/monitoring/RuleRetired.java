package io.scem.jobs.monitoring;

/**
 * A rule whose file was deleted (or which its file no longer defines) while the job ran: its open
 * alerts can no longer resolve by themselves, so the alert lifecycle resolves them. {@code at} is
 * the rule clock (event time) when the rule went.
 */
public class RuleRetired {
    public String rule;
    public long at;

    public RuleRetired() {}

    public RuleRetired(String rule, long at) {
        this.rule = rule;
        this.at = at;
    }
}
