package io.scem.core.notify;

import io.scem.core.alert.Alert;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The routing file, parsed and checked once: the route tree, the receivers by name and the inhibit
 * rules. Immutable; see {@code rules/README.md} ("Routing notifications") for the format.
 */
public final class RoutingConfig {
    private final Route root;
    private final Map<String, Receiver> receivers;
    private final List<InhibitRule> inhibitRules;

    public RoutingConfig(Route root, Map<String, Receiver> receivers, List<InhibitRule> inhibitRules) {
        this.root = Objects.requireNonNull(root);
        this.receivers = Collections.unmodifiableMap(new LinkedHashMap<>(receivers));
        this.inhibitRules = List.copyOf(inhibitRules);
    }

    /**
     * Reads {@code file}; messages name it by its file name ({@code routing.yaml:12: ...}).
     *
     * @throws RoutingException listing every problem found
     */
    public static RoutingConfig read(Path file) throws RoutingException, IOException {
        return orThrow(RoutingFile.read(file));
    }

    /** Reads routing YAML held as text; for tests and tools. */
    public static RoutingConfig parse(String yaml, String displayName) throws RoutingException {
        try {
            return orThrow(RoutingFile.read(new StringReader(yaml), displayName));
        } catch (IOException e) {
            throw new RoutingException(List.of(new RoutingProblem(displayName, 1, e.getMessage())));
        }
    }

    private static RoutingConfig orThrow(RoutingFile.Parsed parsed) throws RoutingException {
        if (parsed.config() == null) throw new RoutingException(parsed.problems());
        return parsed.config();
    }

    /**
     * The routes that take {@code alert} (Alertmanager's rules: depth first, the first matching
     * child unless it says {@code continue: true}, the parent when no child matches), each with the
     * group the alert joins there. Never empty: the root takes what nothing else does.
     */
    public List<RouteMatch> routesFor(Alert alert) {
        List<RouteMatch> out = new ArrayList<>();
        for (Route r : root.match(alert)) out.add(new RouteMatch(r, GroupKey.of(r, alert)));
        return out;
    }

    public Route root() {
        return root;
    }

    /** The route at {@code path} (as in a group key), or null if this config has none there. */
    public Route route(String path) {
        return root.find(path);
    }

    /** The receiver with that name, or null. */
    public Receiver receiver(String name) {
        return receivers.get(name);
    }

    public Map<String, Receiver> receivers() {
        return receivers;
    }

    public List<InhibitRule> inhibitRules() {
        return inhibitRules;
    }
}
