package io.scem.core.scenario;

import io.scem.core.event.Instants;
import io.scem.core.sim.ExpectedAlert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Expected against actual alerts as a diff: both sorted by (at, rule, key, status), then merged,
 * so each line is common ({@code "  "}), expected but missing ({@code "- "}) or unexpected
 * ({@code "+ "}). On sorted lists this merge is the longest common subsequence, and it reads in
 * time order.
 */
public final class AlertDiff {
    /** The order alerts are compared and listed in. */
    public static final Comparator<ExpectedAlert> ORDER = Comparator.comparingLong(ExpectedAlert::at)
            .thenComparing(ExpectedAlert::rule)
            .thenComparing(ExpectedAlert::key)
            .thenComparing(ExpectedAlert::status);

    private AlertDiff() {}

    /** One line of the diff. */
    public record Line(char sign, ExpectedAlert alert) {
        @Override
        public String toString() {
            return sign + " " + format(alert);
        }
    }

    /** Both lists are sorted here (copies); equal lists give lines that all start with a space. */
    public static List<Line> diff(List<ExpectedAlert> expected, List<ExpectedAlert> actual) {
        List<ExpectedAlert> e = expected.stream().sorted(ORDER).toList();
        List<ExpectedAlert> a = actual.stream().sorted(ORDER).toList();
        List<Line> out = new ArrayList<>(Math.max(e.size(), a.size()));
        int i = 0;
        int j = 0;
        while (i < e.size() || j < a.size()) {
            int c = i == e.size() ? 1 : j == a.size() ? -1 : ORDER.compare(e.get(i), a.get(j));
            if (c == 0) {
                out.add(new Line(' ', e.get(i++)));
                j++;
            } else if (c < 0) {
                out.add(new Line('-', e.get(i++)));
            } else {
                out.add(new Line('+', a.get(j++)));
            }
        }
        return out;
    }

    /** True when the diff has a missing or an unexpected alert. */
    public static boolean differs(List<Line> diff) {
        return diff.stream().anyMatch(l -> l.sign() != ' ');
    }

    /** An alert as a diff shows it: {@code 2026-01-07T08:00:00Z SUPPLIER_LATE FIRING PO-1}. */
    public static String format(ExpectedAlert a) {
        return String.format("%s %-16s %-8s %s", Instants.format(a.at()), a.rule(), a.status(), a.key());
    }
}
