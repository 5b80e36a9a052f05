package io.scem.core.rules;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.common.client.util.EventTypeBusModifier;
import com.espertech.esper.common.client.util.NameAccessModifier;
import com.espertech.esper.common.client.module.Module;
import com.espertech.esper.common.client.module.ParseException;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompileExceptionItem;
import com.espertech.esper.compiler.client.EPCompiler;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import io.scem.core.cost.CostModel;
import io.scem.core.cost.CostsFile;
import io.scem.core.entity.CustomerOrder;
import io.scem.core.entity.ProductionLine;
import io.scem.core.entity.PurchaseOrder;
import io.scem.core.entity.Shipment;
import io.scem.core.entity.StockLevel;
import io.scem.core.entity.SupplierRecord;
import io.scem.core.entity.WorkOrder;
import io.scem.core.reference.Item;
import io.scem.core.reference.ItemsCsv;
import io.scem.core.text.Utf8;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The EPL modules of a rules directory, checked and compiled once. Compiling costs seconds, so
 * the job compiles in the client and ships this (serializable) to every subtask, which only
 * deploys. Both {@code scem rules check} and hot reload go through {@link #compile}, so a rule
 * file that would reach Java (see {@link RuleSafety}) is refused by both.
 */
public final class RuleSet implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The types rules can select from, under their simple class names: the entity facts, and the
     * rows of items.csv (which 00-common.epl merges into the Items table).
     */
    private static final List<Class<?>> FACT_TYPES = List.of(
            StockLevel.class, PurchaseOrder.class, WorkOrder.class, Shipment.class, CustomerOrder.class,
            ProductionLine.class, SupplierRecord.class, Item.class);

    /**
     * One compiled file, with the hash of its text (the rule version alerts can carry) and the
     * line of each named statement (where a failure at run time points the rule author).
     */
    public record CompiledModule(String file, String contentHash, EPCompiled compiled, Map<String, Integer> statementLines)
            implements Serializable {
        public CompiledModule {
            statementLines = Map.copyOf(statementLines);
        }

        /** The line of the statement named {@code statement} in {@link #file}, or 0 if it has no {@code @Name}. */
        public int lineOf(String statement) {
            return statementLines.getOrDefault(statement, 0);
        }
    }

    private final List<CompiledModule> modules;
    /** The reference data of items.csv, and its version (null without the file). */
    private final List<Item> items;
    private final String itemsVersion;
    /** The cost-to-serve reference data of costs.yaml ({@link CostModel#NONE} without the file). */
    private final CostModel costs;

    private RuleSet(List<CompiledModule> modules, List<Item> items, String itemsVersion, CostModel costs) {
        this.modules = List.copyOf(modules);
        this.items = List.copyOf(items);
        this.itemsVersion = itemsVersion;
        this.costs = costs;
    }

    /**
     * The cost-to-serve reference data of {@code costs.yaml}, checked with the rules. The order
     * status stage reads it when the job starts; it is not part of {@link #versions}, so a change
     * does not rebuild the rule engine (no rule reads it) and applies at the next start.
     */
    public CostModel costs() {
        return costs;
    }

    /** The rows of {@code items.csv}, which the engine loads into the {@code Items} table. */
    public List<Item> items() {
        return items;
    }

    public List<CompiledModule> modules() {
        return modules;
    }

    /** The content hashes of the modules: two rule sets with the same versions behave alike. */
    public java.util.Set<String> versions() {
        java.util.Set<String> versions = new java.util.HashSet<>();
        for (CompiledModule module : modules) versions.add(module.contentHash());
        if (itemsVersion != null) versions.add(itemsVersion);
        return versions;
    }

    /**
     * The version of the whole rule set, from its modules' versions: what a failure that no
     * module owns (a filter's, see {@link RuleErrors}) is a failure of.
     */
    public String version() {
        return versionOf(String.join(",", new java.util.TreeSet<>(versions())));
    }

    /** The Esper configuration that compiler and runtime share. */
    public static Configuration configuration() {
        Configuration config = new Configuration();
        for (Class<?> type : FACT_TYPES) {
            config.getCommon().addEventType(type.getSimpleName(), type);
        }
        // Time comes from event time (Flink watermarks or a replay), never the wall clock.
        config.getRuntime().getThreading().setInternalTimerEnabled(false);
        // One runtime per subtask, driven by one thread: locking buys nothing.
        config.getRuntime().getExecution().setDisableLocking(true);
        config.getCompiler().getByteCode().setAllowSubscriber(false);
        // Rule files share variables, expressions and tables without access modifiers to learn.
        config.getCompiler().getByteCode().setAccessModifierVariable(NameAccessModifier.PUBLIC);
        config.getCompiler().getByteCode().setAccessModifierExpression(NameAccessModifier.PUBLIC);
        config.getCompiler().getByteCode().setAccessModifierTable(NameAccessModifier.PUBLIC);
        config.getCompiler().getByteCode().setAccessModifierNamedWindow(NameAccessModifier.PUBLIC);
        config.getCompiler().getByteCode().setAccessModifierScript(NameAccessModifier.PUBLIC);
        config.getCompiler().getByteCode().setAccessModifierEventType(NameAccessModifier.PUBLIC);
        config.getCompiler().getByteCode().setBusModifierEventType(EventTypeBusModifier.BUS);
        // A statement that throws on every event must not fill the disk with its stack traces.
        config.getRuntime().getExceptionHandling().addClass(RuleErrors.Factory.class);
        // Rule files are edited by analysts and hot-reloaded into the job: they get no Java.
        RuleSafety.restrict(config, FACT_TYPES);
        return config;
    }

    /**
     * Compiles every {@code *.epl} file of {@code dir}, in name order (later files may use
     * earlier ones), after checking that no file reaches Java beyond {@link RuleFunctions} (see
     * {@link RuleSafety}); a file that fails that check is not compiled at all, and one whose
     * compiled code calls what rules may not call (see {@link GeneratedCode}) is dropped. Then
     * checks the names and the alert metadata of the statements (see {@link RuleMetadata}).
     *
     * @throws RuleCompileException with every problem found, each at its file, line and column
     */
    public static RuleSet compile(Path dir) throws RuleCompileException, IOException {
        return compile(dir.toString(), readFiles(dir));
    }

    /**
     * The rule files of {@code dir} (every {@code *.epl}, {@code items.csv} and {@code costs.yaml}), by file name,
     * as text. A file deleted while the directory is read is left out.
     */
    public static SortedMap<String, String> readFiles(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(RuleSet::isRuleFile).toList();
        }
        SortedMap<String, String> texts = new TreeMap<>();
        for (Path file : files) {
            try {
                // A byte that is not UTF-8 is a problem at its line, reported by compile(); read
                // strictly, it stopped the whole directory from being read, and a running job
                // from applying any change.
                texts.put(file.getFileName().toString(), Utf8.readLeniently(file));
            } catch (NoSuchFileException deletedMeanwhile) {
                // Gone between listing and reading: it is deleted, as the next read will see.
            }
        }
        return texts;
    }

    private static boolean isRuleFile(Path file) {
        String name = file.getFileName().toString();
        return (name.endsWith(".epl") || name.equals(ItemsCsv.FILE) || name.equals(CostModel.FILE))
                && Files.isRegularFile(file);
    }

    /**
     * Compiles rule files given as texts by file name ({@link #readFiles}); {@code origin} names
     * where they come from in a problem that concerns them all.
     */
    public static RuleSet compile(String origin, SortedMap<String, String> files) throws RuleCompileException {
        Map<RuleSource, String> texts = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (file.getKey().endsWith(".epl")) {
                texts.put(RuleSource.read(file.getKey(), file.getValue()), file.getValue());
            }
        }
        if (texts.isEmpty()) {
            throw new RuleCompileException(List.of(new RuleProblem(origin, 0, 0, "no .epl rule files")));
        }
        List<RuleSource> sources = List.copyOf(texts.keySet());
        List<RuleProblem> problems = new ArrayList<>();
        List<RuleSource> readable = new ArrayList<>();
        List<RuleSource> safe = new ArrayList<>();
        for (RuleSource source : sources) {
            if (source.unreadable != null) {
                problems.add(source.unreadable);
                continue;
            }
            readable.add(source);
            List<RuleProblem> refused = RuleSafety.check(source);
            problems.addAll(refused);
            if (refused.isEmpty()) safe.add(source);
        }
        problems.addAll(RuleMetadata.checkNames(readable));

        EPCompiler compiler = EPCompilerProvider.getCompiler();
        Configuration config = configuration();
        List<String> factTypes = FACT_TYPES.stream().map(Class::getSimpleName).toList();
        List<CompiledModule> compiled = new ArrayList<>();
        List<RuleSource> compiledSources = new ArrayList<>();
        List<EPCompiled> earlier = new ArrayList<>();
        for (RuleSource source : safe) {
            String text = texts.get(source);
            try {
                Module module = compiler.parseModule(text);
                module.setName(source.file);
                CompilerArguments args = new CompilerArguments(config);
                args.getPath().addAll(earlier);
                RuleSafety.refusedClasses(config).clear();
                EPCompiled result = compiler.compile(module, args);
                Set<String> refused = GeneratedCode.refusedMembers(result);
                if (!refused.isEmpty()) {
                    // Never deployed, not even into the throwaway runtime below.
                    problems.addAll(RuleSafety.refusedInCompiledCode(source, refused));
                    continue;
                }
                earlier.add(result);
                compiled.add(new CompiledModule(source.file, versionOf(text), result, source.statementLines()));
                compiledSources.add(source);
            } catch (IOException e) {
                throw new UncheckedIOException("reading a module from a string", e);
            } catch (ParseException e) {
                // The lexer found nothing wrong, so this is about module/uses/import lines.
                problems.add(new RuleProblem(source.file, 1, 1, e.getMessage()));
            } catch (EPCompileException e) {
                for (EPCompileExceptionItem item : itemsOf(e)) {
                    problems.add(CompileMessages.of(source, item, factTypes, Set.copyOf(RuleSafety.refusedClasses(config))));
                }
            }
        }
        problems.addAll(RuleMetadata.checkAlerts(selectedColumns(compiledSources, compiled, problems)));
        List<Item> items = List.of();
        String itemsVersion = null;
        String itemsText = files.get(ItemsCsv.FILE);
        if (itemsText != null) {
            RuleProblem notUtf8 = RuleProblem.notUtf8(ItemsCsv.FILE, itemsText);
            if (notUtf8 != null) problems.add(notUtf8);
            ItemsCsv.Result parsed = ItemsCsv.parse(itemsText);
            problems.addAll(parsed.problems());
            items = parsed.items();
            itemsVersion = versionOf(itemsText);
        }
        CostModel costs = CostModel.NONE;
        String costsText = files.get(CostModel.FILE);
        if (costsText != null) {
            RuleProblem notUtf8 = RuleProblem.notUtf8(CostModel.FILE, costsText);
            if (notUtf8 != null) problems.add(notUtf8);
            CostsFile.Result parsed = CostsFile.parse(costsText);
            problems.addAll(parsed.problems());
            costs = parsed.model();
        }
        if (!problems.isEmpty()) {
            Map<String, Integer> order = new HashMap<>();
            for (RuleSource source : sources) order.put(source.file, order.size());
            problems.sort(Comparator.comparing((RuleProblem p) -> order.getOrDefault(p.file(), -1))
                    .thenComparingInt(RuleProblem::line).thenComparingInt(RuleProblem::column));
            throw new RuleCompileException(problems);
        }
        return new RuleSet(compiled, items, itemsVersion, costs);
    }

    /**
     * The columns each compiled statement selects, which only a deployment tells: the modules
     * are deployed into a throwaway runtime (no events, no clock) and their statements paired
     * with the source statements, in order.
     */
    private static List<RuleMetadata.Selected> selectedColumns(List<RuleSource> sources, List<CompiledModule> modules,
            List<RuleProblem> problems) {
        List<RuleMetadata.Selected> selected = new ArrayList<>();
        if (modules.isEmpty()) return selected;
        EPRuntime runtime = EPRuntimeProvider.getRuntime("scem-rules-check-" + UUID.randomUUID(), configuration());
        try {
            for (int m = 0; m < modules.size(); m++) {
                RuleSource source = sources.get(m);
                EPStatement[] deployed;
                try {
                    deployed = runtime.getDeploymentService().deploy(modules.get(m).compiled()).getStatements();
                } catch (EPDeployException e) {
                    problems.add(new RuleProblem(source.file, 1, 1, "cannot be started: " + e.getMessage()));
                    break;
                }
                List<RuleSource.Statement> statements = source.statements.stream().filter(s -> s.directive() == null).toList();
                for (int i = 0; i < deployed.length; i++) {
                    // Esper deploys one statement per module item, in order; should that ever
                    // differ from what the lexer read, pair them by name instead.
                    String name = deployed[i].getName();
                    RuleSource.Statement statement = deployed.length == statements.size() ? statements.get(i)
                            : statements.stream().filter(s -> name.equals(s.name())).findFirst().orElse(null);
                    if (statement != null) {
                        selected.add(new RuleMetadata.Selected(source, statement, deployed[i].getEventType()));
                    }
                }
            }
        } finally {
            runtime.destroy();
            RuleErrors.forget(runtime.getURI());
        }
        return selected;
    }

    private static List<EPCompileExceptionItem> itemsOf(EPCompileException e) {
        if (e.getItems() != null && !e.getItems().isEmpty()) {
            return e.getItems();
        }
        return List.of(new EPCompileExceptionItem(e.getMessage(), e, null, 1));
    }

    /** A rule file's version: the start of the SHA-256 of its text. */
    static String versionOf(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
