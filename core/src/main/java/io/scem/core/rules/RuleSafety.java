package io.scem.core.rules;

import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.ATCHAR;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.CLASSDECL;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.COLON;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.CREATE;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.DATAFLOW;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.DOT;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.EXPRESSIONDECL;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.FOR;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.LBRACK;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.LCURLY;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.LPAREN;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.MATCH_RECOGNIZE;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.METADATASQL;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.NEWKW;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.PATTERN;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.QUESTION;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.RBRACK;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.RPAREN;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.SQL;
import static com.espertech.esper.compiler.internal.generated.EsperEPL2GrammarLexer.TRIPLEQUOTE;

import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.common.client.configuration.common.ConfigurationCommon;
import com.espertech.esper.common.client.util.ClassForNameProvider;
import io.scem.core.rules.RuleSource.Statement;
import io.scem.core.rules.RuleSource.Token;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What keeps a rule file from running code of its own in the job. EPL can reach Java in many
 * ways (static and instance method calls, {@code new}, inline classes, scripts, imports,
 * method and SQL joins, hook annotations); rules get none of them except the functions of
 * {@link RuleFunctions} and a list of harmless methods. Three independent layers:
 *
 * <ol>
 *   <li>{@link #check}: the tokens of every statement are checked before anything is compiled,
 *       which gives each refusal a place and a reason a rule author can act on.
 *   <li>{@link #restrict}: the compiler has no imports, no inline classes, no scripts, and can
 *       load by name only the classes of {@link AllowedClasses}; anything else does not compile.
 *   <li>{@link GeneratedCode}: the bytecode the compiler produced calls no reflection, class
 *       loading, process, file or network API; it is checked before anything is deployed.
 * </ol>
 *
 * See {@code rules/README.md (Safety)} for the model and the lists.
 */
final class RuleSafety {
    /** Annotations rules may carry (lower case); {@code @Hook}, {@code @JsonSchema} and others name classes or files. */
    static final Set<String> ANNOTATIONS = Set.of("name", "tag", "description", "priority", "drop", "hint");

    /** Esper's enumeration methods (on collections and arrays). */
    static final Set<String> ENUMERATION_METHODS = names(
            "aggregate allOf anyOf arrayOf average countOf distinctOf except firstOf groupBy intersect lastOf"
            + " leastFrequent max maxBy min minBy mostFrequent orderBy orderByDesc reverse selectFrom sequenceEqual"
            + " sumOf take takeLast takeWhile takeWhileLast toMap union where");

    /** Esper's date-time methods (on epoch-millisecond longs and dates). */
    static final Set<String> DATE_TIME_METHODS = names(
            "after before between coincides during finishedBy finishes format get getDayOfMonth getDayOfWeek"
            + " getDayOfYear getEra getHourOfDay getMillisOfSecond getMinuteOfHour getMonthOfYear getSecondOfMinute"
            + " getWeekyear getYear includes meets metBy minus overlappedBy overlaps plus roundCeiling roundFloor"
            + " roundHalf set startedBy starts toCalendar toDate toMillisec withDate withMax withMin withTime");

    /** Java methods of text (and any value) that only read it. */
    static final Set<String> TEXT_METHODS = names(
            "charAt compareTo compareToIgnoreCase concat contains endsWith equals equalsIgnoreCase indexOf isBlank"
            + " isEmpty lastIndexOf length replace startsWith strip substring toLowerCase toString toUpperCase trim");

    private static final Set<String> METHODS = Stream.of(ENUMERATION_METHODS, DATE_TIME_METHODS, TEXT_METHODS)
            .flatMap(Set::stream).map(m -> m.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

    /** First segments that make a dotted name a Java class rather than a property path. */
    private static final Set<String> PACKAGE_ROOTS = Set.of("java", "javax", "jdk", "sun", "com", "org", "net", "io");

    private static final String ALLOWED = "allowed functions: " + String.join(", ", new TreeSet<>(RuleFunctions.FUNCTIONS.keySet()))
            + " and the methods listed in rules/README.md (Safety)";

    private RuleSafety() {}

    private static Set<String> names(String spaceSeparated) {
        return Set.of(spaceSeparated.trim().split(" +"));
    }

    /**
     * Locks the compiler down: no imports but the built-in annotations, no inline classes, no
     * scripts, {@link RuleFunctions} as the only functions, and class loading by name limited to
     * {@code factTypes} and plain value types.
     */
    static void restrict(Configuration config, List<Class<?>> factTypes) {
        ConfigurationCommon common = config.getCommon();
        // Default imports (java.lang.*, java.util.*, ...) would make System.exit(0) resolve.
        common.getImports().clear();
        common.getAnnotationImports().clear();
        // Esper finds @Name, @Tag, ... through this import; other annotations are refused by check().
        common.addImport(ConfigurationCommon.ANNOTATION_IMPORT);
        config.getCompiler().getByteCode().setAllowInlinedClass(false);
        config.getCompiler().getScripts().setEnabled(false);
        RuleFunctions.FUNCTIONS.forEach((function, method) ->
                config.getCompiler().addPlugInSingleRowFunction(function, RuleFunctions.class.getName(), method));
        if (common.getTransientConfiguration() == null) {
            common.setTransientConfiguration(new HashMap<>());
        }
        common.getTransientConfiguration().put(ClassForNameProvider.NAME, new AllowedClasses(factTypes));
    }

    /** The class names the compiler asked for and was refused, to explain a compile error. */
    static Set<String> refusedClasses(Configuration config) {
        Object provider = config.getCommon().getTransientConfiguration().get(ClassForNameProvider.NAME);
        return provider instanceof AllowedClasses allowed ? allowed.refused : Set.of();
    }

    /**
     * Esper resolves every class name of a statement ({@code a.b.C.m()}, {@code new C()},
     * {@code cast(x, C)}, {@code create schema S as C}, types of variables and columns,
     * single-row functions) through this provider. It answers only for the allowed classes and
     * never loads anything else, so no static initialiser of another class runs either.
     */
    static final class AllowedClasses implements ClassForNameProvider {
        private final Map<String, Class<?>> allowed = new HashMap<>();
        /** Refused names that are real classes (Esper also probes names that are not). */
        final Set<String> refused = ConcurrentHashMap.newKeySet();

        AllowedClasses(List<Class<?>> factTypes) {
            List<Class<?>> classes = new ArrayList<>(factTypes);
            classes.addAll(List.of(RuleFunctions.class, String.class, Object.class, Number.class, Boolean.class,
                    Character.class, Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class,
                    BigInteger.class, BigDecimal.class));
            for (Class<?> c : classes) {
                allowed.put(c.getName(), c);
            }
        }

        @Override
        public Class classForName(String className) throws ClassNotFoundException {
            Class<?> c = allowed.get(className);
            if (c != null) return c;
            ClassLoader loader = RuleSafety.class.getClassLoader();
            if (loader != null && loader.getResource(className.replace('.', '/') + ".class") != null) {
                refused.add(className);
            }
            throw new ClassNotFoundException(className + " is not a class rules may use");
        }
    }

    /** Every use of Java in the file that rules may not make, each where it is. */
    static List<RuleProblem> check(RuleSource source) {
        List<RuleProblem> problems = new ArrayList<>();
        for (Statement statement : source.statements) {
            check(source, statement, problems);
        }
        return problems;
    }

    private static void check(RuleSource source, Statement s, List<RuleProblem> problems) {
        String directive = s.directive();
        if ("import".equals(directive)) {
            problems.add(source.problem(s.first(), "imports Java classes (import " + rest(s, 1)
                    + "), which rules may not do; " + ALLOWED));
            return;
        }
        if ("uses".equals(directive)) {
            problems.add(source.problem(s.first(), "declares a module dependency (uses " + rest(s, 1)
                    + "), which rule files do not need: they load in name order"));
            return;
        }
        List<Token> t = s.tokens;
        Set<Integer> patternQuantifiers = matchRecognizePatterns(s);
        Set<Integer> flaggedChains = new HashSet<>();
        for (int i = 0; i < t.size(); i++) {
            Token token = t.get(i);
            Token next = i + 1 < t.size() ? t.get(i + 1) : null;
            if (token.is(CLASSDECL)) {
                problems.add(source.problem(token, "declares an inline Java class (inlined_class), which rules may not do"));
                i = endOfBody(t, i, TRIPLEQUOTE, TRIPLEQUOTE);
            } else if (token.is(EXPRESSIONDECL) && !isEplExpression(t, i)) {
                problems.add(source.problem(token, "declares a script (an expression in another language, or with a"
                        + " return type), which rules may not do; declare EPL expressions as expression name { x => ... }"));
                i = endOfBody(t, i, LBRACK, RBRACK);
            } else if (token.is(NEWKW) && next != null && !next.is(LCURLY)) {
                int end = endOfDottedName(t, i + 1);
                problems.add(source.problem(token, "creates a Java object (new " + text(s, i + 1, end)
                        + "), which rules may not do"));
                i = end - 1;
            } else if (token.is(ATCHAR) && next != null) {
                String name = annotationName(t, i + 1);
                if (!ANNOTATIONS.contains(name.toLowerCase(Locale.ROOT))) {
                    problems.add(source.problem(token, "uses the annotation @" + name
                            + ", which rules may not use; allowed annotations: @Name, @Tag, @Description, @Priority, @Drop, @Hint"));
                }
            } else if (token.is(QUESTION) && !patternQuantifiers.contains(i)) {
                problems.add(source.problem(token, "uses a dynamic property or parameter ('?'), which rules may not use:"
                        + " name a property of the fact type"));
            } else if (next != null && next.is(COLON) && "method".equalsIgnoreCase(token.text())) {
                problems.add(source.problem(token, "joins the result of a Java method (method:...), which rules may not do"));
            } else if ((token.is(SQL) && next != null && next.is(COLON)) || token.is(METADATASQL)) {
                problems.add(source.problem(token, "queries a database (sql:...), which rules may not do"));
            } else if (token.is(CREATE) && next != null && next.is(DATAFLOW)) {
                problems.add(source.problem(token, "declares a data flow, which rules may not do"));
            } else if (token.is(DOT) && next != null && next.name() != null && i + 2 < t.size() && t.get(i + 2).is(LPAREN)) {
                checkCall(source, s, i, problems, flaggedChains);
            }
        }
    }

    /**
     * Problems for members that {@link GeneratedCode} found in a file's compiled code, each at
     * the first call of a method of that name in the file (or at its first statement).
     */
    static List<RuleProblem> refusedInCompiledCode(RuleSource source, Set<String> members) {
        List<RuleProblem> problems = new ArrayList<>();
        for (String member : members) {
            String name = member.substring(member.lastIndexOf('.') + 1);
            Token at = source.statements.isEmpty() ? null : source.statements.get(0).body();
            search:
            for (Statement s : source.statements) {
                for (int i = 1; i < s.tokens.size(); i++) {
                    if (name.equals(s.tokens.get(i).name()) && s.tokens.get(i - 1).is(DOT)) {
                        at = s.tokens.get(i);
                        break search;
                    }
                }
            }
            String message = "calls " + member + "(), which rules may not use; " + ALLOWED;
            problems.add(at == null ? new RuleProblem(source.file, 1, 1, message) : source.problem(at, message));
        }
        return problems;
    }

    /** {@code receiver.method(...)}: allowed if the method is a harmless one and the receiver a value, not a class. */
    private static void checkCall(RuleSource source, Statement s, int dot, List<RuleProblem> problems, Set<Integer> flaggedChains) {
        String method = s.tokens.get(dot + 1).name();
        int start = receiverStart(s, dot);
        if (start == dot && dot > 0) start = dot - 1; // a literal: 'x'.getClass()
        String receiver = text(s, start, dot);
        boolean allowed = METHODS.contains(method.toLowerCase(Locale.ROOT)) && !isClassName(s, start, dot);
        // One refusal per call chain: a.getClass().forName(...) is one mistake, not two.
        if (!allowed && flaggedChains.add(start)) {
            problems.add(source.problem(s.tokens.get(start), "calls " + receiver + "." + method
                    + "(), which rules may not use; " + ALLOWED));
        }
    }

    /** Index of the first token of the receiver chain ending just before the '.' at {@code dot}. */
    private static int receiverStart(Statement s, int dot) {
        int j = dot - 1;
        while (j >= 0) {
            Token t = s.tokens.get(j);
            if (t.is(RPAREN) || t.is(RBRACK)) {
                j = s.opening(j) - 1;
                if (j >= 0 && s.tokens.get(j).name() != null) j--;
            } else if (t.name() != null) {
                j--;
            } else {
                break;
            }
            if (j >= 0 && s.tokens.get(j).is(DOT)) {
                j--;
            } else {
                break;
            }
        }
        return j + 1;
    }

    /** A dotted name such as {@code java.lang.Runtime} (a class), as opposed to {@code s.site} (a property). */
    private static boolean isClassName(Statement s, int from, int to) {
        List<String> segments = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Token t = s.tokens.get(i);
            if (t.is(DOT)) continue;
            if (t.name() == null) return false;
            segments.add(t.name());
        }
        if (segments.isEmpty()) return false;
        if (segments.size() > 1 && PACKAGE_ROOTS.contains(segments.get(0))) return true;
        for (int i = 1; i < segments.size(); i++) {
            if (Character.isUpperCase(segments.get(i).charAt(0))) return true;
        }
        return false;
    }

    /**
     * Index of the token that closes the body of an inline class or script declared at
     * {@code keyword}: its text is Java or JavaScript, not EPL, so it is refused as a whole
     * rather than token by token. A script's body is its last [...] ("[]" is an array type).
     */
    private static int endOfBody(List<Token> t, int keyword, int open, int close) {
        int start = -1;
        for (int i = keyword + 1; i < t.size(); i++) {
            if (start < 0 && t.get(i).is(open) && !(i + 1 < t.size() && t.get(i + 1).is(close) && open != close)) {
                start = i;
            } else if (start >= 0 && t.get(i).is(close)) {
                if (open == close) return i;
                int depth = 0;
                for (int j = start; j <= i; j++) {
                    if (t.get(j).is(open)) depth++;
                    if (t.get(j).is(close)) depth--;
                }
                if (depth == 0) return i;
            }
        }
        return t.size() - 1;
    }

    private static int endOfDottedName(List<Token> t, int from) {
        int i = from;
        while (i < t.size() && (t.get(i).name() != null || t.get(i).is(DOT))) i++;
        return i;
    }

    /** The source text of tokens [from, to), arguments shortened to (...). */
    private static String text(Statement s, int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            Token t = s.tokens.get(i);
            if (t.is(LPAREN) || t.is(LBRACK)) {
                int close = s.closing(i);
                out.append(t.is(LPAREN) ? "(" : "[").append(close == i + 1 ? "" : "...").append(t.is(LPAREN) ? ")" : "]");
                i = close;
            } else {
                out.append(t.name() != null ? t.name() : t.text());
            }
        }
        return out.toString();
    }

    private static String rest(Statement s, int from) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < s.tokens.size(); i++) out.append(s.tokens.get(i).text());
        return out.toString();
    }

    private static String annotationName(List<Token> t, int from) {
        StringBuilder name = new StringBuilder();
        for (int i = from; i < t.size() && (t.get(i).name() != null || t.get(i).is(DOT)); i++) {
            name.append(t.get(i).text());
        }
        return name.length() == 0 ? t.get(from).text() : name.toString();
    }

    /**
     * An EPL expression declaration is {@code expression name { ... }} or
     * {@code expression name alias for { ... }}; anything else after the keyword (a dialect such
     * as {@code js:}, parameters in parentheses, a [...] body, a return type) makes it a script.
     */
    private static boolean isEplExpression(List<Token> t, int keyword) {
        int i = keyword + 1;
        if (i >= t.size() || t.get(i).name() == null) return false;
        i++;
        if (i + 1 < t.size() && "alias".equalsIgnoreCase(t.get(i).text()) && t.get(i + 1).is(FOR)) i += 2;
        return i < t.size() && t.get(i).is(LCURLY);
    }

    /** Indices of tokens inside match_recognize's pattern (...), where '?' is a quantifier. */
    private static Set<Integer> matchRecognizePatterns(Statement s) {
        Set<Integer> inside = new HashSet<>();
        boolean matchRecognize = false;
        for (int i = 0; i < s.tokens.size(); i++) {
            if (s.tokens.get(i).is(MATCH_RECOGNIZE)) matchRecognize = true;
            if (matchRecognize && s.tokens.get(i).is(PATTERN) && i + 1 < s.tokens.size() && s.tokens.get(i + 1).is(LPAREN)) {
                int close = s.closing(i + 1);
                for (int j = i + 1; j <= close; j++) inside.add(j);
            }
        }
        return inside;
    }
}
