package io.scem.core.rules;

import static io.scem.core.rules.RuleSetCheckTest.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompiler;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rule file cannot run Java of its own: each way EPL has to reach Java is refused by
 * {@link RuleSet#compile} (so by {@code rules check} and by hot reload) with its place and a
 * reason, and the compiler configuration refuses class references even without that check.
 */
class RuleSetSafetyTest {
    private static final String ALLOWED =
            "which rules may not use; allowed functions: formatInstant, hoursBetween and the methods listed in rules/SAFETY.md";

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
                        + " formatInstant, hoursBetween and the methods listed in rules/SAFETY.md");
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

    @Test
    void compilerConfigurationStillCompilesTheAllowedFunctions() throws Exception {
        EPCompiler compiler = EPCompilerProvider.getCompiler();
        String epl = "@Name('a') select hoursBetween(occurredAt, occurredAt + 1) as h, formatInstant(occurredAt) as f,"
                + " site.toLowerCase() as s from StockLevel";
        assertThat(compiler.compile(compiler.parseModule(epl), new CompilerArguments(RuleSet.configuration())))
                .isNotNull();
    }
}
