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
import io.scem.core.entity.CustomerOrder;
import io.scem.core.entity.ProductionLine;
import io.scem.core.entity.PurchaseOrder;
import io.scem.core.entity.Shipment;
import io.scem.core.entity.StockLevel;
import io.scem.core.entity.WorkOrder;
import io.scem.core.reference.Item;
import io.scem.core.reference.ItemsCsv;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The EPL modules of a rules directory, compiled once. Compiling costs seconds, so the job
 * compiles in the client and ships this (serializable) to every subtask, which only deploys.
 */
public final class RuleSet implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The types rules can select from, under their simple class names: the entity facts, and the
     * rows of items.csv (which 00-common.epl merges into the Items table).
     */
    private static final List<Class<?>> FACT_TYPES = List.of(
            StockLevel.class, PurchaseOrder.class, WorkOrder.class, Shipment.class, CustomerOrder.class,
            ProductionLine.class, Item.class);

    /** One compiled file, with the hash of its text: the rule version alerts can carry. */
    public record CompiledModule(String file, String contentHash, EPCompiled compiled) implements Serializable {}

    private final List<CompiledModule> modules;
    /** The reference data of items.csv, and its version (null without the file). */
    private final List<Item> items;
    private final String itemsVersion;

    private RuleSet(List<CompiledModule> modules, List<Item> items, String itemsVersion) {
        this.modules = List.copyOf(modules);
        this.items = List.copyOf(items);
        this.itemsVersion = itemsVersion;
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
        return config;
    }

    /** Compiles every {@code *.epl} file of {@code dir}, in name order (later files may use earlier ones). */
    public static RuleSet compile(Path dir) throws RuleCompileException, IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".epl")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new RuleCompileException(List.of(new RuleProblem(dir.toString(), 0, 0, "no .epl rule files")));
        }
        EPCompiler compiler = EPCompilerProvider.getCompiler();
        Configuration config = configuration();
        List<CompiledModule> compiled = new ArrayList<>();
        List<RuleProblem> problems = new ArrayList<>();
        List<EPCompiled> earlier = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String text = Files.readString(file, StandardCharsets.UTF_8);
            try {
                Module module = compiler.parseModule(text);
                module.setName(name);
                CompilerArguments args = new CompilerArguments(config);
                args.getPath().addAll(earlier);
                EPCompiled result = compiler.compile(module, args);
                earlier.add(result);
                compiled.add(new CompiledModule(name, versionOf(text), result));
            } catch (ParseException e) {
                problems.add(new RuleProblem(name, 1, 1, e.getMessage()));
            } catch (EPCompileException e) {
                for (EPCompileExceptionItem item : itemsOf(e)) {
                    problems.add(new RuleProblem(name, Math.max(1, item.getLineNumber()), 1, firstLine(item.getMessage())));
                }
            }
        }
        List<Item> items = List.of();
        String itemsVersion = null;
        Path itemsFile = dir.resolve(ItemsCsv.FILE);
        if (Files.isRegularFile(itemsFile)) {
            String text = Files.readString(itemsFile, StandardCharsets.UTF_8);
            ItemsCsv.Result parsed = ItemsCsv.parse(text);
            problems.addAll(parsed.problems());
            items = parsed.items();
            itemsVersion = versionOf(text);
        }
        if (!problems.isEmpty()) {
            throw new RuleCompileException(problems);
        }
        return new RuleSet(compiled, items, itemsVersion);
    }

    private static List<EPCompileExceptionItem> itemsOf(EPCompileException e) {
        if (e.getItems() != null && !e.getItems().isEmpty()) {
            return e.getItems();
        }
        return List.of(new EPCompileExceptionItem(e.getMessage(), e, null, 1));
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
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
