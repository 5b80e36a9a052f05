package io.scem.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scem rules check}: each broken rule directory under {@code broken-rules/} gives its
 * problems at the right file, line and column, in words a rule author can act on.
 */
class RuleSetCheckTest {
    static final Path BROKEN = Path.of("src/test/resources/broken-rules");

    /** The problems {@link RuleSet#compile} reports for a fixture, as {@code file:line:column: message}. */
    static List<String> problemsOf(String fixture) throws Exception {
        RuleCompileException e = catchThrowableOfType(RuleCompileException.class,
                () -> RuleSet.compile(BROKEN.resolve(fixture)));
        assertThat(e).as("rules in %s should not compile", fixture).isNotNull();
        return e.problems().stream().map(RuleProblem::toString).toList();
    }

    @Test
    void shippedRulesCompileClean() throws Exception {
        RuleSet rules = RuleSet.compile(Path.of("../rules"));
        assertThat(rules.modules()).extracting(RuleSet.CompiledModule::file)
                .containsExactly("00-common.epl", "distribution.epl", "orders.epl", "production.epl", "stock.epl",
                        "supplier.epl");
    }

    /** items.csv saved by a spreadsheet as Windows-1252: said at its line, as a rule file's would be. */
    @Test
    void aReferenceFileThatIsNotUtf8IsReportedAtItsLine(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("../rules/stock.epl"), dir.resolve("stock.epl"));
        Files.copy(Path.of("../rules/00-common.epl"), dir.resolve("00-common.epl"));
        Files.write(dir.resolve("items.csv"), "# caf\u00e9 items\n".getBytes(StandardCharsets.ISO_8859_1));

        RuleCompileException e = catchThrowableOfType(RuleCompileException.class, () -> RuleSet.compile(dir));

        assertThat(e.problems()).map(RuleProblem::toString)
                .containsExactly("items.csv:1:6: not UTF-8 text here (or the character U+FFFD): save the file as UTF-8");
    }

    /** Saved as "UTF-8 with BOM" (Notepad): the mark is not a character of the rules. */
    @Test
    void aByteOrderMarkBeforeTheRulesIsIgnored(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("../rules/00-common.epl"), dir.resolve("00-common.epl"));
        byte[] stock = Files.readAllBytes(Path.of("../rules/stock.epl"));
        byte[] withMark = new byte[stock.length + 3];
        withMark[0] = (byte) 0xEF;
        withMark[1] = (byte) 0xBB;
        withMark[2] = (byte) 0xBF;
        System.arraycopy(stock, 0, withMark, 3, stock.length);
        Files.write(dir.resolve("stock.epl"), withMark);

        assertThat(RuleSet.compile(dir).modules()).extracting(RuleSet.CompiledModule::file)
                .containsExactly("00-common.epl", "stock.epl");
    }

    @Test
    void syntaxErrorIsReportedAtItsLineAndColumnNotAtTheStatementStart() throws Exception {
        // The statement starts on line 4 (a comment); the stray '=' is on line 11, column 16.
        assertThat(problemsOf("syntax")).containsExactly(
                "stock.epl:11:16: syntax error near '=', please check the where clause");
    }

    @Test
    void unknownEventTypeIsReportedAtTheTypeNameWithTheTypesThereAre() throws Exception {
        assertThat(problemsOf("unknown-type")).containsExactly(
                "orders.epl:3:21: unknown event type 'CustomerOrders'; rules select from StockLevel, PurchaseOrder,"
                        + " WorkOrder, Shipment, CustomerOrder, ProductionLine, SupplierRecord, Item (or a window, table or stream the rules declare)");
    }

    @Test
    void unknownPropertyIsReportedAtThePropertyWithASuggestion() throws Exception {
        assertThat(problemsOf("unknown-property")).containsExactly(
                "stock.epl:3:8: unknown property 'onHandd' in the select clause (did you mean 'onHand'?)");
    }

    @Test
    void unclosedQuoteIsReportedAtTheQuote() throws Exception {
        assertThat(problemsOf("unclosed-quote")).containsExactly(
                "stock.epl:2:36: text in quotes is not closed (' without a matching ')");
    }

    @Test
    void statementWithoutNameIsAnErrorButDeclarationsNeedNone() throws Exception {
        assertThat(problemsOf("missing-name")).containsExactly(
                "stock.epl:6:1: statement has no @Name: name it, e.g. @Name('STOCK_OUT')"
                        + " (an alert's rule is its name up to the first dot)");
    }

    @Test
    void duplicateNameIsReportedAtTheSecondUseWithThePlaceOfTheFirst() throws Exception {
        assertThat(problemsOf("duplicate-name")).containsExactly(
                "b-orders.epl:3:4: statement name 'STOCK_SEEN' is already used at a-stock.epl:1:1");
    }

    @Test
    void everyAlertRuleNeedsAKnownSeverityAndStageAndAMessage() throws Exception {
        assertThat(problemsOf("missing-metadata")).containsExactly(
                // Once per rule: STOCK_LOW.resolve has no severity either, and inherits the lack.
                "stock.epl:2:1: rule STOCK_LOW has no severity: add @Tag(name='severity', value='...')"
                        + " (one of CRITICAL, MAJOR, MINOR, INFO)",
                "stock.epl:14:29: severity 'Major' is not one of CRITICAL, MAJOR, MINOR, INFO",
                "stock.epl:15:26: stage 'storage' is not one of supplier, production, warehouse, distribution, orders, rules",
                "stock.epl:21:1: rule STOCK_ZERO has no message: add @Tag(name='message', value='...')"
                        + " (what happened, where, since when; {column} shows a selected column)");
    }

    @Test
    void messagePlaceholdersMustNameSelectedColumnsAlsoWhenInherited() throws Exception {
        assertThat(problemsOf("bad-placeholder")).containsExactly(
                "stock.epl:4:46: message shows {quantity}, which the statement does not select"
                        + " (it selects status, key, site, sku, at)",
                "stock.epl:9:1: the message this statement takes from STOCK_LOW shows {sku}, which this statement"
                        + " does not select (it selects status, key, site, at); select it, or give the statement its own"
                        + " @Tag(name='message', ...)",
                "stock.epl:9:1: the message this statement takes from STOCK_LOW shows {quantity}, which this statement"
                        + " does not select (it selects status, key, site, at); select it, or give the statement its own"
                        + " @Tag(name='message', ...)");
    }

    @Test
    void literalStatusMustBeFiringOrResolved() throws Exception {
        assertThat(problemsOf("bad-status")).containsExactly("stock.epl:5:8: status 'FIRED' is not FIRING or RESOLVED");
    }
}
