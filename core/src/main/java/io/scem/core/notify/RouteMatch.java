package io.scem.core.notify;

/** A route that takes an alert, and the group the alert joins on it. */
public record RouteMatch(Route route, GroupKey groupKey) {
    public String receiver() {
        return route.receiver();
    }

    public GroupTiming timing() {
        return route.timing();
    }
}
