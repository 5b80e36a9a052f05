package io.scem.core.rules;

import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import java.util.Set;
import java.util.TreeSet;

/**
 * The RULE_FAILING alert: a rule statement, or a rule's filter, that throws at run time in the
 * running job. Esper skips the statement for each fact it fails on (a filter's fact is skipped by
 * every rule), so alerts may be missing or never resolve: the rule author has to look. It is
 * keyed by the statement and the version that failed (its file's; the whole rule set's for a
 * filter, which Esper does not attribute), and resolves when that version no longer runs: the
 * file changed or went. Until then every engine of that version would fail the same way.
 */
public final class RuleFailing {
    public static final String RULE = "RULE_FAILING";

    private RuleFailing() {}

    /** {@code file#statement@version}, or {@code filter on Type@version}. */
    public static String key(String statement, RuleErrors.Failures failures) {
        return statementIn(statement, failures) + "@" + failures.version();
    }

    /** {@code file#statement}, or {@code filter on Type}: the statement whatever its version. */
    public static String statementIn(String statement, RuleErrors.Failures failures) {
        return (failures.file() == null ? "" : failures.file() + "#") + statement;
    }

    /** @param dir the rules directory, for the message (null: the file's name alone) */
    public static Alert firing(String dir, String statement, RuleErrors.Failures failures) {
        Alert alert = base(key(statement, failures), Alert.FIRING, failures.firstAt());
        alert.ruleVersion = failures.version();
        String first = failures.firstEventId() == null ? "" : " (first on the fact of event " + failures.firstEventId() + ")";
        String since = Instants.format(failures.firstAt());
        if (RuleErrors.isFilter(statement)) {
            String type = statement.substring(RuleErrors.FILTER_ON.length());
            alert.message = "A rule's filter on " + type + " facts fails at run time since " + since + ": "
                    + failures.firstError() + first
                    + ". No rule sees a fact that a filter fails on, and Esper does not say whose filter it is: look for"
                    + " a where clause on " + type + " in " + (dir == null ? "the rule files" : dir)
                    + " (the job's log has the stack trace)";
        } else {
            String where = failures.file() == null ? "version " + failures.version()
                    : (dir == null ? "" : dir + "/") + failures.file() + (failures.line() > 0 ? ":" + failures.line() : "")
                            + ", version " + failures.version();
            alert.message = "Rule statement " + statement + " (" + where + ") fails at run time since " + since + ": "
                    + failures.firstError() + first + ". It is skipped for every fact it fails on, so its alerts may be missing or never resolve"
                    + " (the job's log has the statement and the stack trace)";
        }
        alert.evidence = failures.firstEventId() == null ? new String[0] : new String[] {failures.firstEventId()};
        return alert;
    }

    /** The version that failed no longer runs: the file changed or went (or, for a filter, some file did). */
    public static Alert resolved(String key, long at) {
        Alert alert = base(key, Alert.RESOLVED, at);
        alert.ruleVersion = versionIn(key);
        alert.message = "The version of " + key + " that failed at run time no longer runs: the rules changed";
        alert.evidence = new String[0];
        return alert;
    }

    /** The keys of {@code failing} whose version no longer runs in {@code rules}. */
    public static Set<String> retiredBy(RuleSet rules, Set<String> failing) {
        Set<String> retired = new TreeSet<>();
        for (String key : failing) {
            String version = versionIn(key);
            if (!version.equals(rules.version()) && !rules.versions().contains(version)) retired.add(key);
        }
        return retired;
    }

    private static String versionIn(String key) {
        return key.substring(key.lastIndexOf('@') + 1);
    }

    private static Alert base(String key, String status, long at) {
        Alert alert = new Alert();
        alert.rule = RULE;
        alert.status = status;
        alert.severity = "MAJOR";
        alert.stage = "rules";
        alert.key = key;
        alert.at = at;
        return alert;
    }
}
