package io.scem.core.rules;

import java.util.List;
import java.util.stream.Collectors;

/** The rule files do not compile; {@link #problems()} says where and why. */
public class RuleCompileException extends Exception {
    private final List<RuleProblem> problems;

    public RuleCompileException(List<RuleProblem> problems) {
        super(problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
