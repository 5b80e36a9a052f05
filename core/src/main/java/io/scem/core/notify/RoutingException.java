package io.scem.core.notify;

import java.util.List;
import java.util.stream.Collectors;

/** A routing file that cannot be used; the message lists every problem found, one a line. */
public class RoutingException extends Exception {
    private final List<RoutingProblem> problems;

    public RoutingException(List<RoutingProblem> problems) {
        super(problems.stream().map(RoutingProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) throw new IllegalArgumentException("a RoutingException needs a problem");
        this.problems = List.copyOf(problems);
    }

    public List<RoutingProblem> problems() {
        return problems;
    }
}
