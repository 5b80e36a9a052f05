package io.scem.core.rules;

import static io.scem.core.rules.RuleSetCheckTest.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompiler;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rule file cannot run Java of its own: each way EPL has to reach Java is refused by
 * {@link RuleSet#compile} (so by {@code rules check} and by hot reload) with its place and a
 * reason; the compiler configuration refuses class references even without that check, and
 * the check of the generated code refuses reflection however the EPL was written.
 */
class RuleSetSafetyTest {
    private static final String ALLOWED =
            "which rules may not use; allowed functions: demandPerDay, formatInstant, hoursBetween, inboundWithin, onTimePercent, runsOutAt and the methods listed in rules/README.md (Safety)";

    @Test
    void runtimeExecIsRefused() throws Exception {
        assertThat(problemsOf("runtime-exec")).containsExactly(
                "stock.epl:3:8: calls java.lang.Runtime.getRuntime(), " + ALLOWED);
    }

    @Test
    void systemExitIsRefused() throws Exception {
        assertThat(problemsOf("system-exit")).containsExactly("stock.epl:2:29: calls System.exit(), " + ALLOWED);
    }

    @Test
    void readingFilesIsRefused() throws Exception {
        assertThat(problemsOf("read-file")).containsExactly(
                "stock.epl:2:14: calls java.nio.file.Files.readAllLines(), " + ALLOWED,
                "stock.epl:2:47: calls java.nio.file.Path.of(), " + ALLOWED);
    }

    @Test
    void reflectionThroughAValueIsRefusedOncePerCallChain() throws Exception {
        assertThat(problemsOf("get-class")).containsExactly("stock.epl:2:8: calls site.getClass(), " + ALLOWED);
    }

    @Test
    void inlineClassIsRefusedAsAWholeWithoutLookingIntoItsJava() throws Exception {
        assertThat(problemsOf("inlined-class")).containsExactly(
                "stock.epl:1:8: declares an inline Java class (inlined_class), which rules may not do");
    }

    @Test
    void scriptExpressionIsRefused() throws Exception {
        assertThat(problemsOf("script")).containsExactly(
                "stock.epl:2:8: declares a script (an expression in another language, or with a return type),"
                        + " which rules may not do; declare EPL expressions as expression name { x => ... }");
    }

    @Test
    void importIsRefused() throws Exception {
        assertThat(problemsOf("import")).containsExactly(
                "stock.epl:1:1: imports Java classes (import java.io.*), which rules may not do; allowed functions:"
                        + " demandPerDay, formatInstant, hoursBetween, inboundWithin, onTimePercent, runsOutAt and the methods listed in rules/README.md (Safety)");
    }

    @Test
    void newJavaObjectIsRefused() throws Exception {
        assertThat(problemsOf("new-object")).containsExactly(
                "stock.epl:2:14: creates a Java object (new java.io.File), which rules may not do");
    }

    @Test
    void annotationsThatNameClassesAreRefused() throws Exception {
        assertThat(problemsOf("hook-annotation")).containsExactly(
                "stock.epl:2:1: uses the annotation @Hook, which rules may not use;"
                        + " allowed annotations: @Name, @Tag, @Description, @Priority, @Drop, @Hint");
    }

    @Test
    void dynamicPropertiesAreRefused() throws Exception {
        // s.class? would call getClass() on the fact by reflection at run time.
        assertThat(problemsOf("dynamic-property")).containsExactly(
                "stock.epl:2:15: uses a dynamic property or parameter ('?'), which rules may not use:"
                        + " name a property of the fact type");
    }

    @Test
    void classNamedOutsideACallIsRefusedByTheCompilerAndReportedAsSuch() throws Exception {
        // No call here for the token check to see: the compiler's class loading refuses it.
        assertThat(problemsOf("cast-class")).containsExactly(
                "stock.epl:2:19: uses the Java class java.io.File, which rules may not use");
    }

    /** The second layer alone: the compiler configured by {@link RuleSet#configuration()}, no token check. */
    @ParameterizedTest
    @ValueSource(strings = {
        "@Name('a') select java.lang.System.exit(0) as x from StockLevel",
        "@Name('a') select System.exit(0) as x from StockLevel",
        "@Name('a') select java.lang.Runtime.getRuntime().exec('x') as x from StockLevel",
        "@Name('a') select java.nio.file.Files.readAllLines(java.nio.file.Path.of('/etc/passwd')) as x from StockLevel",
        "@Name('a') select new java.io.File('x') as x from StockLevel",
        "@Name('a') select cast(site, java.io.File) as x from StockLevel",
        "@Name('a') select * from method:java.lang.Runtime.getRuntime()",
        "create schema Evil as java.lang.ProcessBuilder",
        "create variable java.io.File evil",
        "create inlined_class \"\"\" public class Evil { public static int x() { return 1; } } \"\"\"",
        "@Name('a') @Hook(type=HookType.INTERNAL_QUERY_PLAN, hook='java.lang.Runtime') select site from StockLevel",
    })
    void compilerConfigurationAloneRefusesJavaClasses(String epl) {
        EPCompiler compiler = EPCompilerProvider.getCompiler();
        assertThatThrownBy(() -> compiler.compile(compiler.parseModule(epl), new CompilerArguments(RuleSet.configuration())))
                .isInstanceOf(EPCompileException.class);
    }

    /** The third layer alone: what the compiled code of a statement calls, however it was written. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "select site.getClass().forName('java.lang.Runtime') as x from StockLevel | java.lang.Class.forName",
        "select site.getClass().getMethod('x').invoke(null) as x from StockLevel  | java.lang.reflect.Method.invoke",
        "select s.class? as x from StockLevel s                                     | com.espertech.esper.common.internal.event.bean.getter.DynamicPropertyGetterByMethodBase.dynamicPropertyCacheCheck",
        "select io.scem.core.entity.StockLevel.next(null, null) as x from StockLevel | io.scem.core.entity.StockLevel.next",
    })
    void compiledCodeThatReachesJavaIsRefused(String epl, String member) throws Exception {
        assertThat(GeneratedCode.refusedMembers(compile("@Name('a') " + epl))).contains(member);
    }

    @Test
    void compiledCodeOfOrdinaryRulesPassesTheCheck() throws Exception {
        // Esper's own generated code uses getClass() and Class.getName(): they must not count.
        String module = String.join(";\n",
                "create variable long LEVEL = 0",
                "create expression twice { x => x * 2 }",
                "create window W#keepall as StockLevel",
                "insert into W select * from StockLevel",
                "create table T(site string primary key, sku string primary key, total sum(long))",
                "into table T select sum(onHand) as total from StockLevel group by site, sku",
                "@Name('g') select site, sku, count(*) as n, window(*).where(v => v.onHand > 0).countOf() as c"
                        + " from StockLevel#time(1 hour) group by site, sku having count(*) > 1",
                "@Name('m') select * from StockLevel match_recognize (partition by site measures A.site as s"
                        + " pattern (A B? C) define A as A.onHand > 0, B as B.onHand < 5, C as C.onHand = 0)",
                "@Name('t') select T[site, sku].total as tot, twice(onHand) as tw, occurredAt.format() as f,"
                        + " site.toUpperCase() as u, typeof(site) as tp, cast(onHand, double) as d,"
                        + " hoursBetween(occurredAt, occurredAt) as h, new { a = 1 } as m from StockLevel",
                "on StockLevel set LEVEL = onHand",
                "@Name('p') select * from pattern [every a=StockLevel -> (timer:interval(10 sec) and not StockLevel(site = a.site))]");
        assertThat(GeneratedCode.refusedMembers(compile(module))).isEmpty();
        for (RuleSet.CompiledModule shipped : RuleSet.compile(Path.of("../rules")).modules()) {
            assertThat(GeneratedCode.refusedMembers(shipped.compiled())).as(shipped.file()).isEmpty();
        }
    }

    private static EPCompiled compile(String module) throws Exception {
        EPCompiler compiler = EPCompilerProvider.getCompiler();
        return compiler.compile(compiler.parseModule(module), new CompilerArguments(RuleSet.configuration()));
    }

    @Test
    void compilerConfigurationStillCompilesTheAllowedFunctions() throws Exception {
        EPCompiler compiler = EPCompilerProvider.getCompiler();
        String epl = "@Name('a') select hoursBetween(occurredAt, occurredAt + 1) as h, formatInstant(occurredAt) as f,"
                + " site.toLowerCase() as s from StockLevel";
        assertThat(compiler.compile(compiler.parseModule(epl), new CompilerArguments(RuleSet.configuration())))
                .isNotNull();
    }
}
