package io.scem.core.rules;

import com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer;
import com.espertech.esper.compiler.internal.parse.CaseChangingCharStreamFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;

/**
 * A rule file as Esper's own lexer sees it: its statements (split at ';' as Esper's module
 * reader splits them), each with its tokens, their line and column, and its annotations.
 *
 * <p>Using Esper's lexer rather than a hand-written one means comments, string literals and
 * quoted identifiers are recognised exactly as the compiler will recognise them: a check on
 * these tokens cannot be fooled by text the compiler reads differently. The lexer is an
 * internal Esper class; the Esper version is pinned.
 */
final class RuleSource {
    static final int WS = EsperEPL2GrammarLexer.WS;
    static final int SL_COMMENT = EsperEPL2GrammarLexer.SL_COMMENT;
    static final int ML_COMMENT = EsperEPL2GrammarLexer.ML_COMMENT;

    /** One token; {@code column} is 1-based like an editor's. */
    record Token(int type, String text, int line, int column) {
        boolean is(int tokenType) {
            return type == tokenType;
        }

        /** The identifier this token spells (keywords too, backticks removed), or null. */
        String name() {
            if (type == EsperEPL2GrammarLexer.TICKED_STRING_LITERAL) {
                return text.substring(1, text.length() - 1);
            }
            return IDENTIFIER.matcher(text).matches() ? text : null;
        }

        boolean isString() {
            return type == EsperEPL2GrammarLexer.STRING_LITERAL || type == EsperEPL2GrammarLexer.QUOTED_STRING_LITERAL;
        }
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    /** An annotation such as {@code @Tag(name='stage', value='supplier')}: its name and string attributes. */
    record Annotation(Token at, String name, Map<String, Token> attributes) {
        /** The attribute as text (string literals unquoted), or null. */
        String text(String attribute) {
            Token t = attributes.get(attribute);
            return t == null ? null : unquote(t);
        }
    }

    /** One statement: what lies between two ';' (comment-only stretches are not statements). */
    static final class Statement {
        /** The tokens the parser sees: no whitespace, no comments. */
        final List<Token> tokens;
        /** Where Esper's statement text begins (a comment, possibly): its "line 1". */
        final Token firstAny;
        final List<Annotation> annotations;
        /** Index in {@link #tokens} of the first token after the annotations. */
        final int bodyStart;

        Statement(List<Token> tokens, Token firstAny) {
            this.tokens = tokens;
            this.firstAny = firstAny;
            this.annotations = new ArrayList<>();
            this.bodyStart = readAnnotations();
        }

        Token first() {
            return tokens.get(0);
        }

        /** The first token after the annotations (the statement's keyword), or the first token. */
        Token body() {
            return bodyStart < tokens.size() ? tokens.get(bodyStart) : first();
        }

        /** The {@code @Name} annotation, or null. */
        Annotation nameAnnotation() {
            for (Annotation a : annotations) {
                if (a.name().equalsIgnoreCase("Name")) return a;
            }
            return null;
        }

        /** The statement's {@code @Name}, or null. */
        String name() {
            Annotation a = nameAnnotation();
            return a == null ? null : a.text("value");
        }

        /** The {@code @Tag} with that name, or null. */
        Annotation tag(String tagName) {
            for (Annotation a : annotations) {
                if (a.name().equalsIgnoreCase("Tag") && tagName.equals(a.text("name"))) return a;
            }
            return null;
        }

        /** A module directive ({@code module}, {@code uses}, {@code import}) rather than EPL. */
        String directive() {
            String word = first().text().toLowerCase(Locale.ROOT);
            return annotations.isEmpty() && (word.equals("module") || word.equals("uses") || word.equals("import")) ? word : null;
        }

        /** A {@code create ...} statement, which its declaration names. */
        boolean isDeclaration() {
            return body().is(EsperEPL2GrammarLexer.CREATE);
        }

        /** Index of the bracket closing the one at {@code open}, or the last index. */
        int closing(int open) {
            int openType = tokens.get(open).type();
            int closeType = openType == EsperEPL2GrammarLexer.LPAREN ? EsperEPL2GrammarLexer.RPAREN
                    : openType == EsperEPL2GrammarLexer.LBRACK ? EsperEPL2GrammarLexer.RBRACK : EsperEPL2GrammarLexer.RCURLY;
            int depth = 0;
            for (int i = open; i < tokens.size(); i++) {
                if (tokens.get(i).is(openType)) depth++;
                if (tokens.get(i).is(closeType) && --depth == 0) return i;
            }
            return tokens.size() - 1;
        }

        /** Index of the bracket opening the one at {@code close}, or 0. */
        int opening(int close) {
            int closeType = tokens.get(close).type();
            int openType = closeType == EsperEPL2GrammarLexer.RPAREN ? EsperEPL2GrammarLexer.LPAREN
                    : closeType == EsperEPL2GrammarLexer.RBRACK ? EsperEPL2GrammarLexer.LBRACK : EsperEPL2GrammarLexer.LCURLY;
            int depth = 0;
            for (int i = close; i >= 0; i--) {
                if (tokens.get(i).is(closeType)) depth++;
                if (tokens.get(i).is(openType) && --depth == 0) return i;
            }
            return 0;
        }

        private int readAnnotations() {
            int i = 0;
            while (i + 1 < tokens.size() && tokens.get(i).is(EsperEPL2GrammarLexer.ATCHAR)) {
                Token at = tokens.get(i);
                StringBuilder name = new StringBuilder();
                i++;
                while (i < tokens.size() && (tokens.get(i).name() != null || tokens.get(i).is(EsperEPL2GrammarLexer.DOT))) {
                    name.append(tokens.get(i).text());
                    i++;
                }
                Map<String, Token> attributes = new HashMap<>();
                if (i < tokens.size() && tokens.get(i).is(EsperEPL2GrammarLexer.LPAREN)) {
                    int close = closing(i);
                    // @Name('x') is @Name(value='x'); @Tag(name='a', value='b') names its attributes.
                    if (close == i + 2 && tokens.get(i + 1).isString()) {
                        attributes.put("value", tokens.get(i + 1));
                    }
                    for (int j = i + 1; j + 2 < close; j++) {
                        if (tokens.get(j).name() != null && tokens.get(j + 1).is(EsperEPL2GrammarLexer.EQUALS)
                                && tokens.get(j + 2).isString()) {
                            attributes.putIfAbsent(tokens.get(j).text(), tokens.get(j + 2));
                        }
                    }
                    i = close + 1;
                }
                annotations.add(new Annotation(at, name.toString(), attributes));
            }
            return i;
        }
    }

    final String file;
    final List<Statement> statements;
    /** The first character Esper's lexer cannot read (an unclosed quote, say), or null. */
    final RuleProblem unreadable;

    private RuleSource(String file, List<Statement> statements, RuleProblem unreadable) {
        this.file = file;
        this.statements = statements;
        this.unreadable = unreadable;
    }

    /** The line of each named statement ({@code @Name}), where its first token is. */
    Map<String, Integer> statementLines() {
        Map<String, Integer> lines = new HashMap<>();
        for (Statement statement : statements) {
            if (statement.name() != null) lines.putIfAbsent(statement.name(), statement.first().line());
        }
        return lines;
    }

    static RuleSource read(String file, String text) {
        RuleProblem notUtf8 = RuleProblem.notUtf8(file, text);
        if (notUtf8 != null) return new RuleSource(file, List.of(), notUtf8);
        EsperEPL2GrammarLexer lexer = new EsperEPL2GrammarLexer(CaseChangingCharStreamFactory.make(text));
        LexerErrors errors = new LexerErrors(file, text);
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        List<Token> all = new ArrayList<>();
        for (org.antlr.v4.runtime.Token t = lexer.nextToken(); t.getType() != org.antlr.v4.runtime.Token.EOF; t = lexer.nextToken()) {
            all.add(new Token(t.getType(), t.getText(), t.getLine(), t.getCharPositionInLine() + 1));
        }
        return new RuleSource(file, split(all), errors.first);
    }

    /**
     * Splits at ';' like Esper's module reader: a ';' inside the [...] body of a script
     * expression or the """...""" body of an inline class does not end the statement (both
     * are rejected, but must be found whole).
     */
    private static List<Statement> split(List<Token> all) {
        List<Statement> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        Token firstAny = null;
        int scriptBrackets = 0;
        boolean inScriptHead = false;
        boolean inTripleQuotes = false;
        Token previous = null;
        for (Token t : all) {
            if (t.is(EsperEPL2GrammarLexer.EXPRESSIONDECL)) inScriptHead = true;
            if (inScriptHead && t.is(EsperEPL2GrammarLexer.LCURLY) && scriptBrackets == 0) inScriptHead = false;
            if (inScriptHead && t.is(EsperEPL2GrammarLexer.LBRACK)) scriptBrackets++;
            // "[]" (an array return type) is not the script body; the body is the next [...].
            boolean emptyPair = previous != null && previous.is(EsperEPL2GrammarLexer.LBRACK);
            if (scriptBrackets > 0 && t.is(EsperEPL2GrammarLexer.RBRACK) && --scriptBrackets == 0 && !emptyPair) {
                inScriptHead = false;
            }
            if (!t.is(WS) && !t.is(SL_COMMENT) && !t.is(ML_COMMENT)) previous = t;
            // The Java text of an inline class between triple quotes is one piece too.
            if (t.is(EsperEPL2GrammarLexer.TRIPLEQUOTE)) inTripleQuotes = !inTripleQuotes;
            if (t.is(EsperEPL2GrammarLexer.SEMI) && scriptBrackets == 0 && !inTripleQuotes) {
                if (!current.isEmpty()) statements.add(new Statement(current, firstAny));
                current = new ArrayList<>();
                firstAny = null;
                continue;
            }
            if (t.is(WS)) continue;
            if (firstAny == null) firstAny = t;
            if (!t.is(SL_COMMENT) && !t.is(ML_COMMENT)) current.add(t);
        }
        if (!current.isEmpty()) statements.add(new Statement(current, firstAny));
        return statements;
    }

    /** A string literal's text: quotes removed, backslash escapes resolved. */
    static String unquote(Token t) {
        String raw = t.text();
        if (!t.isString() || raw.length() < 2) return raw;
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 1; i < raw.length() - 1; i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() - 1) {
                char n = raw.charAt(++i);
                out.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    RuleProblem problem(Token at, String message) {
        return new RuleProblem(file, at.line(), at.column(), message);
    }

    /** Remembers the first character the lexer could not read, in words a rule author understands. */
    private static final class LexerErrors extends BaseErrorListener {
        private final String file;
        private final String[] lines;
        RuleProblem first;

        LexerErrors(String file, String text) {
            this.file = file;
            this.lines = text.split("\r\n|\r|\n", -1);
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column, String msg,
                RecognitionException e) {
            if (first != null) return;
            char c = line - 1 < lines.length && column < lines[line - 1].length() ? lines[line - 1].charAt(column) : ' ';
            String message = c == '\'' || c == '"' ? "text in quotes is not closed (" + c + " without a matching " + c + ")"
                    : c == '`' ? "a name in backticks is not closed" : "unexpected character '" + c + "'";
            first = new RuleProblem(file, line, column + 1, message);
        }
    }
}
