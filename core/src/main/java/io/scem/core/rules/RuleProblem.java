package io.scem.core.rules;

/** One problem in a rule file, printed as {@code file:line:column: message} like a compiler. */
public record RuleProblem(String file, int line, int column, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
