package io.scem.core.notify;

import io.scem.core.alert.Alert;
import java.util.List;

/**
 * While a firing alert matches {@code source}, alerts that match {@code target} and have the same
 * values of the {@code equal} fields are not notified: a supplier in trouble need not also page
 * for each of its late POs. A target whose {@code rootCause} names the source alert (the job's
 * correlation decided that the source explains it) is inhibited too, whatever the equal fields say.
 * An alert never inhibits itself.
 *
 * @param line where the rule starts in the routing file
 */
public record InhibitRule(List<Matcher> source, List<Matcher> target, List<AlertField> equal, int line) {
    public InhibitRule {
        source = List.copyOf(source);
        target = List.copyOf(target);
        equal = List.copyOf(equal);
    }

    /** Whether this firing or resolved alert is of the kind that inhibits (its status aside). */
    public boolean isSource(Alert alert) {
        return Matcher.all(source, alert);
    }

    public boolean inhibits(Alert firingSource, Alert target) {
        if (!firingSource.isFiring() || !isSource(firingSource) || !Matcher.all(this.target, target)) return false;
        if (firingSource.alertId != null && firingSource.alertId.equals(target.alertId)) return false;
        if (target.rootCause != null && target.rootCause.equals(firingSource.alertId)) return true;
        for (AlertField f : equal) {
            if (!f.of(firingSource).equals(f.of(target))) return false;
        }
        return true;
    }
}
