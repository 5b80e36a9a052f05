package io.scem.jobs.monitoring;

/**
 * A rule whose file was deleted (or which its file no longer defines) while the job ran, or
 * ORDER_AT_RISK in a job restored without following orders: its open alerts can no longer resolve
 * by themselves, so the alert lifecycle resolves them. {@code at} is the rule clock (event time)
 * when the rule went; {@code why} ends the resolving message's "Closed because rule R …".
 */
public class RuleRetired {
    public String rule;
    public long at;
    public String why;

    public RuleRetired() {}

    public RuleRetired(String rule, long at) {
        this(rule, at, "was removed from the rules");
    }

    public RuleRetired(String rule, long at, String why) {
        this.rule = rule;
        this.at = at;
        this.why = why;
    }
}
