package io.scem.core.rules;

import com.espertech.esper.compiler.client.EPCompileExceptionItem;
import io.scem.core.rules.RuleSource.Statement;
import io.scem.core.rules.RuleSource.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Esper's compile errors as {@code file:line:column: message}. Esper reports a syntax error at
 * "line N column M" of the statement's text, and other errors with no place at all but with
 * the offending text in quotes ("Property named 'foo' is not valid in stream 's'"); that text
 * is looked up among the statement's tokens. Messages lose Esper's internal wording where a
 * plainer one says the same.
 */
final class CompileMessages {
    private static final Pattern AT_LINE = Pattern.compile(" at line (\\d+) column (\\d+)");
    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");
    private static final Pattern UNKNOWN_TYPE = Pattern.compile(
            "Failed to resolve event type, named window or table by name '([^']+)'.*");
    private static final Pattern VALIDATE = Pattern.compile("Failed to validate ([\\w -]+?) expression '(.*?)': (.*)", Pattern.DOTALL);
    private static final Pattern UNKNOWN_PROPERTY = Pattern.compile(
            "Property named '([^']+)' is not valid in (?:stream '([^']+)'|any stream)(.*)", Pattern.DOTALL);

    private CompileMessages() {}

    /** The problem an Esper compile error describes, placed in {@code source}. */
    static RuleProblem of(RuleSource source, EPCompileExceptionItem item, List<String> factTypes, Set<String> refusedClasses) {
        Statement statement = statementOf(source, item);
        String message = firstLine(item.getMessage() == null ? String.valueOf(item) : item.getMessage(), item.getExpression());
        if (statement == null) {
            return new RuleProblem(source.file, Math.max(1, item.getLineNumber()), 1, readable(message, factTypes));
        }
        Matcher at = AT_LINE.matcher(message);
        if (at.find()) {
            int line = Integer.parseInt(at.group(1));
            int column = Integer.parseInt(at.group(2));
            // Esper counts from the start of the statement text, which begins at its first token
            // (a comment, possibly); columns on that first line are shifted by where it begins.
            Token first = statement.firstAny;
            int fileLine = first.line() + line - 1;
            int fileColumn = (line == 1 ? first.column() - 1 : 0) + column + 1;
            return new RuleProblem(source.file, fileLine, fileColumn, readable(message.replace(at.group(), ""), factTypes));
        }
        for (String refused : refusedClasses) {
            Token token = find(statement, List.of(refused), false);
            if (token != null) {
                return source.problem(token, "uses the Java class " + refused + ", which rules may not use");
            }
        }
        List<String> quoted = new ArrayList<>();
        for (Matcher m = QUOTED.matcher(message); m.find(); ) {
            quoted.add(m.group(1));
        }
        Token token = find(statement, quoted, true);
        return source.problem(token == null ? statement.body() : token, readable(message, factTypes));
    }

    /** The statement the error is about: Esper gives the line its text starts on. */
    private static Statement statementOf(RuleSource source, EPCompileExceptionItem item) {
        String expression = item.getExpression() == null ? "" : item.getExpression().replaceAll("\\s+", "");
        Statement sameLine = null;
        for (Statement s : source.statements) {
            if (s.firstAny.line() != item.getLineNumber()) continue;
            if (sameLine == null) sameLine = s;
            if (expression.startsWith(s.first().text().replaceAll("\\s+", ""))) return s;
        }
        return sameLine;
    }

    /**
     * The token where the first quoted fragment of the message occurs in the statement (outside
     * annotations); if a later fragment occurs within that span, the more precise place:
     * in "expression 's.foo': Property named 'foo'" the place is foo.
     */
    private static Token find(Statement s, List<String> fragments, boolean refine) {
        for (int f = 0; f < fragments.size(); f++) {
            int[] span = span(s, fragments.get(f), s.bodyStart, s.tokens.size());
            if (span == null) continue;
            if (refine) {
                for (int g = f + 1; g < fragments.size(); g++) {
                    int[] inner = span(s, fragments.get(g), span[0], span[1] + 1);
                    if (inner != null) return s.tokens.get(inner[0]);
                }
            }
            return s.tokens.get(span[0]);
        }
        return null;
    }

    /** First and last token index of the tokens that spell {@code fragment} (spacing and quote style ignored). */
    private static int[] span(Statement s, String fragment, int from, int to) {
        String wanted = normalize(fragment);
        if (wanted.isEmpty()) return null;
        for (int i = from; i < to; i++) {
            StringBuilder text = new StringBuilder();
            for (int j = i; j < to && text.length() < wanted.length(); j++) {
                text.append(normalize(s.tokens.get(j).text()));
                if (text.toString().equals(wanted)) return new int[] {i, j};
                if (!wanted.startsWith(text.toString())) break;
            }
        }
        return null;
    }

    private static String normalize(String text) {
        return text.replaceAll("\\s+", "").replace('"', '\'').replace("`", "");
    }

    /** Esper's message in the words of the rule file. */
    static String readable(String message, List<String> factTypes) {
        String m = message.trim();
        Matcher type = UNKNOWN_TYPE.matcher(m);
        if (type.matches()) {
            return "unknown event type '" + type.group(1) + "'; rules select from " + String.join(", ", factTypes)
                    + " (or a window, table or stream the rules declare)";
        }
        Matcher validate = VALIDATE.matcher(m);
        String where = "";
        if (validate.matches()) {
            where = " in the " + validate.group(1).replace("-clause", " clause").replace('-', ' ');
            m = validate.group(3);
        }
        Matcher property = UNKNOWN_PROPERTY.matcher(m);
        if (property.matches()) {
            m = "unknown property '" + property.group(1) + "'"
                    + (property.group(2) == null ? "" : " of " + property.group(2)) + where + property.group(3);
        } else if (!where.isEmpty()) {
            m = m + " (" + where.trim() + ")";
        }
        m = m.replace("Incorrect syntax near", "syntax error near").replace("Unexpected end-of-input", "the statement ends too early");
        return m;
    }

    private static String firstLine(String message, String statementText) {
        // Esper may append the whole statement in brackets; the location says which one it is.
        if (statementText != null && message.endsWith(" [" + statementText + "]")) {
            message = message.substring(0, message.length() - statementText.length() - 3);
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
