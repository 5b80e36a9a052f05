package io.scem.core.rules;

import io.scem.core.text.Utf8;

/** One problem in a rule file, printed as {@code file:line:column: message} like a compiler. */
public record RuleProblem(String file, int line, int column, String message) {
    /**
     * The problem at the first byte of {@code text} (the rule file, items.csv or costs.yaml
     * {@code file}, read by {@link Utf8#readLeniently}) that was not UTF-8, or null if there is none.
     */
    static RuleProblem notUtf8(String file, String text) {
        Utf8.Position at = Utf8.firstInvalid(text);
        return at == null ? null : new RuleProblem(file, at.line(), at.column(), Utf8.NOT_UTF8);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
