package io.scem.jobs.dashboards;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an InfluxQL query reads: the measurements it selects from and every tag or field name it
 * uses, each with the scope it must exist in. Enough InfluxQL for dashboards: {@code SELECT}
 * with functions, arithmetic, {@code AS}, {@code FROM} a measurement or a subquery, {@code
 * WHERE}, {@code GROUP BY}, {@code fill}, {@code ORDER BY}, {@code LIMIT}; and {@code SHOW TAG
 * VALUES FROM m WITH KEY = "k"}. Anything else is rejected, so that an unchecked query cannot
 * slip through.
 *
 * <p>A name read from a subquery must be one of the subquery's output columns (its aliases, or
 * the function or field names) or one of the tags it groups by; the subquery's own names are
 * checked against its measurement.
 */
public final class InfluxQlReferences {

    /** A name the query reads from {@code measurement}; {@code asTag} when it must be a tag (GROUP BY, WITH KEY). */
    public record Name(String measurement, String name, boolean asTag) {}

    /** A name the query reads from a subquery that does not produce it. */
    public record Unresolved(String name, Set<String> available) {}

    /** Everything a query reads. */
    public record References(Set<String> measurements, List<Name> names, List<Unresolved> unresolved) {}

    private static final Set<String> KEYWORDS = Set.of("select", "from", "where", "and", "or", "group", "by",
            "order", "desc", "asc", "limit", "slimit", "offset", "soffset", "as", "fill", "tz", "time", "now",
            "null", "none", "previous", "linear", "true", "false", "show", "tag", "field", "values", "with", "key", "in");
    private static final Set<String> CLAUSE_ENDS = Set.of("where", "group", "order", "limit", "slimit",
            "offset", "soffset", "fill", "tz");

    private enum T { IDENT, QUOTED, STRING, REGEX, NUMBER, OP, LPAREN, RPAREN, COMMA, SEMI, EOF }

    private record Token(T type, String text) {
        boolean is(String word) {
            return (type == T.IDENT) && text.equalsIgnoreCase(word);
        }

        boolean isName() {
            return type == T.QUOTED || (type == T.IDENT && !KEYWORDS.contains(text.toLowerCase(Locale.ROOT)));
        }
    }

    /** A source's scope: a measurement, or the columns and tags of a subquery. */
    private record Scope(String measurement, Set<String> columns) {}

    private final List<Token> tokens;
    private int pos;
    private final Set<String> measurements = new LinkedHashSet<>();
    private final List<Name> names = new ArrayList<>();
    private final List<Unresolved> unresolved = new ArrayList<>();

    private InfluxQlReferences(String query) {
        this.tokens = tokenize(query);
    }

    /** The references of one or more {@code ;}-separated statements; throws on what it cannot read. */
    public static References of(String query) {
        InfluxQlReferences parser = new InfluxQlReferences(query);
        parser.statements();
        return new References(parser.measurements, parser.names, parser.unresolved);
    }

    private void statements() {
        do {
            if (peek().is("show")) {
                showTagValues();
            } else {
                select();
            }
        } while (accept(T.SEMI) && peek().type != T.EOF);
        expect(T.EOF, "end of query");
    }

    private void showTagValues() {
        next();
        expectWord("tag");
        expectWord("values");
        expectWord("from");
        String m = name(next());
        measurements.add(m);
        expectWord("with");
        expectWord("key");
        expect(T.OP, "=");
        names.add(new Name(m, name(next()), true));
        if (accept("where")) {
            condition(new Scope(m, null));
        }
    }

    /** Parses one SELECT and returns the columns and tags it produces. */
    private Set<String> select() {
        expectWord("select");
        int selectStart = pos;
        skipTo(t -> t.is("from"));
        int selectEnd = pos;
        expectWord("from");
        Scope scope;
        if (accept(T.LPAREN)) {
            scope = new Scope(null, select());
            expect(T.RPAREN, ")");
        } else {
            String m = name(next());
            measurements.add(m);
            scope = new Scope(m, null);
        }
        Set<String> produced = new LinkedHashSet<>(selectList(selectStart, selectEnd, scope));
        if (accept("where")) {
            condition(scope);
        }
        if (accept("group")) {
            expectWord("by");
            produced.addAll(groupBy(scope));
        }
        if (accept("fill")) {
            skipParenthesized();
        }
        if (accept("order")) {
            expectWord("by");
            expectWord("time");
            if (!accept("desc")) {
                accept("asc");
            }
        }
        while (peek().is("limit") || peek().is("slimit") || peek().is("offset") || peek().is("soffset")) {
            next();
            expect(T.NUMBER, "a number");
        }
        if (accept("tz")) {
            skipParenthesized();
        }
        return produced;
    }

    /** Reads the names of the select list and returns its output column names. */
    private List<String> selectList(int start, int end, Scope scope) {
        List<String> columns = new ArrayList<>();
        String firstName = null;
        String function = null;
        int depth = 0;
        for (int i = start; i < end; i++) {
            Token t = tokens.get(i);
            Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : new Token(T.EOF, "");
            if (t.type == T.LPAREN) {
                depth++;
            } else if (t.type == T.RPAREN) {
                depth--;
            } else if (t.type == T.COMMA && depth == 0) {
                addColumn(columns, function != null ? function : firstName);
                firstName = null;
                function = null;
            } else if (t.is("as")) {
                columns.add(name(after));
                i++;
                // skip to the end of this item
                while (i + 1 < end && tokens.get(i + 1).type != T.COMMA) {
                    i++;
                }
                if (i + 1 < end) {
                    i++;
                }
                firstName = null;
                function = null;
            } else if (t.type == T.IDENT && after.type == T.LPAREN) {
                if (depth == 0 && function == null && firstName == null) {
                    function = t.text.toLowerCase(Locale.ROOT);
                }
            } else if (t.isName()) {
                String n = name(t);
                use(scope, n, false);
                if (firstName == null && function == null) {
                    firstName = n;
                }
            }
        }
        addColumn(columns, function != null ? function : firstName);
        return columns;
    }

    private static void addColumn(List<String> columns, String column) {
        if (column != null) {
            columns.add(column);
        }
    }

    private void condition(Scope scope) {
        int depth = 0;
        while (true) {
            Token t = peek();
            if (t.type == T.EOF || t.type == T.SEMI || (t.type == T.RPAREN && depth == 0)) {
                return;
            }
            if (depth == 0 && t.type == T.IDENT && CLAUSE_ENDS.contains(t.text.toLowerCase(Locale.ROOT))) {
                return;
            }
            next();
            if (t.type == T.LPAREN) {
                depth++;
            } else if (t.type == T.RPAREN) {
                depth--;
            } else if (t.isName() && peek().type != T.LPAREN) {
                use(scope, name(t), false);
            }
        }
    }

    private Set<String> groupBy(Scope scope) {
        Set<String> tags = new LinkedHashSet<>();
        do {
            if (accept("time")) {
                skipParenthesized();
            } else if (peek().type == T.OP && peek().text.equals("*")) {
                next();
            } else {
                String tag = name(next());
                use(scope, tag, true);
                tags.add(tag);
            }
        } while (accept(T.COMMA));
        return tags;
    }

    private void use(Scope scope, String name, boolean asTag) {
        if (scope.measurement() != null) {
            names.add(new Name(scope.measurement(), name, asTag));
        } else if (!scope.columns().contains(name)) {
            unresolved.add(new Unresolved(name, scope.columns()));
        }
    }

    private void skipParenthesized() {
        expect(T.LPAREN, "(");
        for (int depth = 1; depth > 0; ) {
            Token t = next();
            if (t.type == T.EOF) {
                throw error("unbalanced parentheses");
            }
            depth += t.type == T.LPAREN ? 1 : t.type == T.RPAREN ? -1 : 0;
        }
    }

    private void skipTo(java.util.function.Predicate<Token> stop) {
        int depth = 0;
        while (!(depth == 0 && stop.test(peek()))) {
            Token t = next();
            if (t.type == T.EOF) {
                throw error("expected FROM");
            }
            depth += t.type == T.LPAREN ? 1 : t.type == T.RPAREN ? -1 : 0;
        }
    }

    private static String name(Token t) {
        if (t.type == T.QUOTED || (t.type == T.IDENT && !KEYWORDS.contains(t.text.toLowerCase(Locale.ROOT)))) {
            return t.text;
        }
        throw new IllegalArgumentException("expected a name, got " + t.text);
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.type != T.EOF) {
            pos++;
        }
        return t;
    }

    private boolean accept(T type) {
        if (peek().type == type) {
            next();
            return true;
        }
        return false;
    }

    private boolean accept(String word) {
        if (peek().is(word)) {
            next();
            return true;
        }
        return false;
    }

    private void expect(T type, String what) {
        if (!accept(type) || (type == T.OP && !tokens.get(pos - 1).text.equals(what))) {
            throw error("expected " + what);
        }
    }

    private void expectWord(String word) {
        if (!accept(word)) {
            throw error("expected " + word.toUpperCase(Locale.ROOT));
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at token " + pos + " ('" + peek().text + "')");
    }

    private static List<Token> tokenize(String q) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < q.length()) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                StringBuilder s = new StringBuilder();
                while (j < q.length() && q.charAt(j) != c) {
                    if (q.charAt(j) == '\\' && j + 1 < q.length()) {
                        j++;
                    }
                    s.append(q.charAt(j++));
                }
                if (j >= q.length()) {
                    throw new IllegalArgumentException("unterminated quote at " + i);
                }
                out.add(new Token(c == '"' ? T.QUOTED : T.STRING, s.toString()));
                i = j + 1;
            } else if (c == '/' && !out.isEmpty() && out.get(out.size() - 1).type == T.OP
                    && out.get(out.size() - 1).text.matches("=~|!~")) {
                int j = i + 1;
                while (j < q.length() && q.charAt(j) != '/') {
                    j += q.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= q.length()) {
                    throw new IllegalArgumentException("unterminated regex at " + i);
                }
                out.add(new Token(T.REGEX, q.substring(i + 1, j)));
                i = j + 1;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < q.length() && (Character.isLetterOrDigit(q.charAt(j)) || q.charAt(j) == '.')) {
                    j++;
                }
                out.add(new Token(T.NUMBER, q.substring(i, j)));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < q.length() && (Character.isLetterOrDigit(q.charAt(j)) || q.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Token(T.IDENT, q.substring(i, j)));
                i = j;
            } else if (c == '(') {
                out.add(new Token(T.LPAREN, "("));
                i++;
            } else if (c == ')') {
                out.add(new Token(T.RPAREN, ")"));
                i++;
            } else if (c == ',') {
                out.add(new Token(T.COMMA, ","));
                i++;
            } else if (c == ';') {
                out.add(new Token(T.SEMI, ";"));
                i++;
            } else if (c == '$') {
                throw new IllegalArgumentException("unsubstituted " + q.substring(i, Math.min(q.length(), i + 20)));
            } else {
                String two = i + 1 < q.length() ? q.substring(i, i + 2) : "";
                if (two.matches("=~|!~|<=|>=|!=|<>|::")) {
                    out.add(new Token(T.OP, two));
                    i += 2;
                } else if ("=<>+-*/%".indexOf(c) >= 0) {
                    out.add(new Token(T.OP, String.valueOf(c)));
                    i++;
                } else {
                    throw new IllegalArgumentException("unexpected '" + c + "' at " + i);
                }
            }
        }
        out.add(new Token(T.EOF, ""));
        return out;
    }
}
