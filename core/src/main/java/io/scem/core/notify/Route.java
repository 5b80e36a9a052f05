package io.scem.core.notify;

import io.scem.core.alert.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One node of the routing tree, with every inheritable setting already resolved from its
 * ancestors: receiver, group_by and timing are never null here.
 *
 * @param path where the route sits: {@code root}, {@code root/0} (its first child), {@code root/0/2}
 * @param matchers what an alert must satisfy to enter this route (none at the root)
 * @param continueMatching after this route matched, whether its later siblings are tried too
 * @param groupBy the fields whose values split the route's alerts into groups (none: one group)
 * @param line where the route starts in the routing file
 */
public record Route(String path, List<Matcher> matchers, boolean continueMatching, String receiver,
        List<AlertField> groupBy, GroupTiming timing, List<Route> routes, int line) {

    public Route {
        Objects.requireNonNull(path);
        matchers = List.copyOf(matchers);
        Objects.requireNonNull(receiver);
        groupBy = List.copyOf(groupBy);
        Objects.requireNonNull(timing);
        routes = List.copyOf(routes);
    }

    public boolean matches(Alert alert) {
        return Matcher.all(matchers, alert);
    }

    /**
     * The routes that take {@code alert}, as Alertmanager decides: none if this route does not
     * match; otherwise the matches of its children, tried in order, stopping after the first child
     * that matched unless that child has {@code continue: true}; and this route itself when no
     * child matched.
     */
    public List<Route> match(Alert alert) {
        if (!matches(alert)) return List.of();
        List<Route> all = new ArrayList<>();
        for (Route child : routes) {
            List<Route> taken = child.match(alert);
            all.addAll(taken);
            if (!taken.isEmpty() && !child.continueMatching) break;
        }
        if (all.isEmpty()) all.add(this);
        return all;
    }

    /** This route or a descendant with that path, or null. */
    public Route find(String wantedPath) {
        if (path.equals(wantedPath)) return this;
        if (!wantedPath.startsWith(path + "/")) return null;
        for (Route child : routes) {
            Route found = child.find(wantedPath);
            if (found != null) return found;
        }
        return null;
    }
}
