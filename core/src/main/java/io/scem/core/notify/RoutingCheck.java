package io.scem.core.notify;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What {@code ./scem routing check} reports: every problem of a routing file, in file order. */
public final class RoutingCheck {
    private RoutingCheck() {}

    /** The problems of {@code file}; empty when the notifier can use it as it is. */
    public static List<RoutingProblem> check(Path file) {
        String name = file.getFileName().toString();
        try {
            return RoutingFile.read(file).problems();
        } catch (IOException e) {
            return List.of(new RoutingProblem(name, 1, "cannot read: " + e.getMessage()));
        }
    }
}
