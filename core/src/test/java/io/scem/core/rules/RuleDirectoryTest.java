package io.scem.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a running job follows a rules directory: changes apply, broken files are rejected alone. */
class RuleDirectoryTest {
    @TempDir
    Path dir;

    @BeforeEach
    void copyShippedRules() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../rules"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".epl")).toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
    }

    @Test
    void theFilesTheJobStartedWithAreNotCompiledAgain() throws Exception {
        RuleDirectory rules = new RuleDirectory(dir, RuleSet.compile(dir));
        assertThat(rules.poll()).isEmpty();
        assertThat(rules.poll()).isEmpty();
    }

    @Test
    void aChangedFileIsCompiledOnce() throws Exception {
        RuleSet started = RuleSet.compile(dir);
        RuleDirectory rules = new RuleDirectory(dir, started);
        rules.poll();
        replace("supplier.epl", "SUPPLIER_LATE_GRACE_MINUTES = 0", "SUPPLIER_LATE_GRACE_MINUTES = 120");

        RuleDirectory.Change change = rules.poll().orElseThrow();
        assertThat(change.rejected()).isEmpty();
        assertThat(change.rules().versions()).hasSize(started.versions().size())
                .isNotEqualTo(started.versions()).contains(versionOf("stock.epl"), versionOf("supplier.epl"));
        assertThat(rules.poll()).isEmpty();
    }

    @Test
    void aBrokenFileIsRejectedWithItsLineAndItsPreviousVersionKeepsRunning() throws Exception {
        RuleSet started = RuleSet.compile(dir);
        String goodSupplier = versionOf("supplier.epl");
        RuleDirectory rules = new RuleDirectory(dir, started);
        rules.poll();
        replace("supplier.epl", "from PurchaseOrder(not open);", "from PurchaseOrder(not open and nosuchproperty);");
        replace("stock.epl", "STOCK_OUT_LEVEL = 0", "STOCK_OUT_LEVEL = 5");

        RuleDirectory.Change change = rules.poll().orElseThrow();
        assertThat(change.rejected()).containsOnlyKeys("supplier.epl");
        RuleProblem problem = change.rejected().get("supplier.epl").get(0);
        assertThat(problem.file()).isEqualTo("supplier.epl");
        assertThat(problem.line()).isGreaterThan(1);
        assertThat(problem.message()).contains("nosuchproperty");
        assertThat(change.rules().versions()).contains(goodSupplier, versionOf("stock.epl"));

        // Still broken at the next poll, with nothing else changed: nothing new to do.
        assertThat(rules.poll()).isEmpty();
        replace("supplier.epl", "not open and nosuchproperty", "not open");
        RuleDirectory.Change fixed = rules.poll().orElseThrow();
        assertThat(fixed.rejected()).isEmpty();
        assertThat(fixed.rules().versions()).contains(goodSupplier);
    }

    @Test
    void aNewBrokenFileIsLeftOutAndTheOthersRun() throws Exception {
        RuleDirectory rules = new RuleDirectory(dir, RuleSet.compile(dir));
        rules.poll();
        Files.writeString(dir.resolve("zz-new.epl"), "@Name('NEW') select * from NoSuchFact;\n");

        RuleDirectory.Change change = rules.poll().orElseThrow();
        assertThat(change.rejected()).containsOnlyKeys("zz-new.epl");
        assertThat(change.rules().modules()).extracting(RuleSet.CompiledModule::file).doesNotContain("zz-new.epl");
    }

    /**
     * A file saved as Latin-1 (an "é" in a message) made every poll throw: no change of any file
     * applied while it was there, and a job restarting with it could not start.
     */
    @Test
    void aFileThatIsNotUtf8IsRejectedAtItsLineAndTheOtherChangesApply() throws Exception {
        RuleDirectory rules = new RuleDirectory(dir, RuleSet.compile(dir));
        rules.poll();
        byte[] latin1 = "// r\u00e9serve\n@Name('NEW') select * from StockLevel;\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("zz-latin1.epl"), latin1);
        replace("stock.epl", "STOCK_OUT_LEVEL = 0", "STOCK_OUT_LEVEL = 5");

        RuleDirectory.Change change = rules.poll().orElseThrow();

        assertThat(change.rejected()).containsOnlyKeys("zz-latin1.epl");
        assertThat(change.rejected().get("zz-latin1.epl"))
                .containsExactly(new RuleProblem("zz-latin1.epl", 1, 5, "not UTF-8 text here (or the character U+FFFD): save the file as UTF-8"));
        assertThat(change.rules().versions()).contains(versionOf("stock.epl"));
        assertThat(change.rules().modules()).extracting(RuleSet.CompiledModule::file).doesNotContain("zz-latin1.epl");
    }

    @Test
    void aFileThatReachesForJavaIsRejectedByTheReloadToo() throws Exception {
        RuleDirectory rules = new RuleDirectory(dir, RuleSet.compile(dir));
        rules.poll();
        Files.writeString(dir.resolve("zz-evil.epl"), """
                @Name('EVIL') @Tag(name='severity', value='INFO') @Tag(name='stage', value='supplier')
                @Tag(name='message', value='x')
                select 'FIRING' as status, poId as key, occurredAt as at, java.lang.Runtime.getRuntime().exec('touch /tmp/x') as pwned
                from PurchaseOrder;
                """);

        RuleDirectory.Change change = rules.poll().orElseThrow();
        assertThat(change.rejected()).containsOnlyKeys("zz-evil.epl");
        assertThat(change.rejected().get("zz-evil.epl").get(0).message()).contains("java.lang.Runtime");
        assertThat(change.rules().modules()).extracting(RuleSet.CompiledModule::file).doesNotContain("zz-evil.epl");
    }

    @Test
    void aChangeThatBreaksAnotherFileIsHeldBack() throws Exception {
        RuleDirectory rules = new RuleDirectory(dir, RuleSet.compile(dir));
        rules.poll();
        // Every deadline rule uses secondsUntil from the common file.
        replace("00-common.epl", "create expression secondsUntil", "create expression secondsFromNowUntil");

        RuleDirectory.Change change = rules.poll().orElseThrow();
        assertThat(change.rules()).isNull();
        assertThat(change.rejected()).containsKey("00-common.epl").containsKey("supplier.epl");
    }

    @Test
    void deletingEveryFileKeepsTheRunningRules() throws Exception {
        RuleDirectory rules = new RuleDirectory(dir, RuleSet.compile(dir));
        rules.poll();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) Files.delete(file);
        }
        RuleDirectory.Change change = rules.poll().orElseThrow();
        assertThat(change.rules()).isNull();
        assertThat(change.rejected()).hasSize(1);
    }

    @Test
    void aDeletedFileIsNoLongerRun() throws Exception {
        RuleDirectory rules = new RuleDirectory(dir, RuleSet.compile(dir));
        rules.poll();
        Files.delete(dir.resolve("distribution.epl"));
        Optional<RuleDirectory.Change> change = rules.poll();
        assertThat(change).get().satisfies(c -> {
            assertThat(c.rejected()).isEmpty();
            assertThat(c.rules().modules()).extracting(RuleSet.CompiledModule::file).doesNotContain("distribution.epl");
        });
    }

    @Test
    void itemsCsvReloadsWithTheRulesAndABadRowIsRejectedWithItsLine() throws Exception {
        Files.writeString(dir.resolve("items.csv"), "site,sku,safetyStock,leadTimeDays\nDC1,SKU-1,40,7\n");
        RuleSet started = RuleSet.compile(dir);
        RuleDirectory rules = new RuleDirectory(dir, started);
        rules.poll();

        Files.writeString(dir.resolve("items.csv"), "site,sku,safetyStock,leadTimeDays\nDC1,SKU-1,50,7\n");
        RuleDirectory.Change change = rules.poll().orElseThrow();
        assertThat(change.rules().items()).singleElement().satisfies(i -> assertThat(i.getSafetyStock()).isEqualTo(50));
        assertThat(change.rules().versions()).isNotEqualTo(started.versions());

        Files.writeString(dir.resolve("items.csv"), "site,sku,safetyStock,leadTimeDays\nDC1,SKU-1,50,7\nDC2,SKU-1,lots,7\n");
        RuleDirectory.Change bad = rules.poll().orElseThrow();
        assertThat(bad.rejected().get("items.csv")).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("safetyStock must be a whole number").contains("'lots'");
        });
        assertThat(bad.rules().items()).singleElement().satisfies(i -> assertThat(i.getSafetyStock()).isEqualTo(50));
    }

    private void replace(String file, String from, String to) throws IOException {
        String text = Files.readString(dir.resolve(file));
        assertThat(text).contains(from);
        Files.writeString(dir.resolve(file), text.replace(from, to));
    }

    private String versionOf(String file) throws IOException {
        return RuleSet.versionOf(Files.readString(dir.resolve(file)));
    }
}
