package io.scem.jobs.monitoring;

/**
 * How many more times a rule statement failed at run time (see {@link io.scem.core.rules.RuleErrors}),
 * counted by a rule subtask at a watermark, for the {@code scem_rule_failures} metric.
 *
 * @param statement {@code file#statement}, or {@code filter on Type}
 */
public record RuleFailureCount(String statement, long failures) {}
