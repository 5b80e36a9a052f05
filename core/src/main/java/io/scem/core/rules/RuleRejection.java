package io.scem.core.rules;

import io.scem.core.alert.Alert;
import java.util.List;

/**
 * The RULE_REJECTED alert: a changed rule file that did not compile in the running job. It tells
 * the rule author where (file:line:column) and that the previous version keeps running; it
 * resolves when the file compiles again or is deleted.
 */
public final class RuleRejection {
    public static final String RULE = "RULE_REJECTED";

    private RuleRejection() {}

    public static Alert firing(String dir, String file, List<RuleProblem> problems, long at) {
        Alert alert = base(dir, file, Alert.FIRING, at);
        RuleProblem first = problems.get(0);
        alert.message = "Rule file " + alert.key + " was rejected and not deployed; its previous version, if any, keeps running. "
                + first + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
        alert.evidence = problems.stream().map(RuleProblem::toString).toArray(String[]::new);
        return alert;
    }

    public static Alert resolved(String dir, String file, long at) {
        Alert alert = base(dir, file, Alert.RESOLVED, at);
        alert.message = "Rule file " + alert.key + " compiles again (or was removed); the rejection is over";
        alert.evidence = new String[0];
        return alert;
    }

    private static Alert base(String dir, String file, String status, long at) {
        Alert alert = new Alert();
        alert.rule = RULE;
        alert.status = status;
        alert.severity = "INFO";
        alert.stage = "rules";
        alert.key = dir.endsWith("/") ? dir + file : dir + "/" + file;
        alert.at = at;
        return alert;
    }
}
