package io.scem.jobs.cli;

import io.scem.core.atp.AtpDecision;
import io.scem.core.atp.AtpDecision.Alternative;
import io.scem.core.atp.AtpProfile;
import io.scem.core.atp.AtpProfiles;
import io.scem.core.atp.AvailableToPromise;
import io.scem.core.atp.Substitutes;
import io.scem.core.event.Instants;
import io.scem.core.reference.Item;
import io.scem.core.reference.ItemsCsv;
import io.scem.jobs.kafka.AtpProfileReader;
import io.scem.jobs.kafka.TopicScan;
import io.scem.jobs.kafka.Topics;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scem atp}: can this quantity of a SKU be promised at a site by a date? Answered from the
 * latest profiles the monitoring job publishes (the compacted {@code scem.atp} topic) or a
 * replay's {@code OUT.atp.jsonl}, with the job's own logic ({@link AvailableToPromise}): yes, or
 * the alternatives, best first. "Now" is the newest profile's time: the state's own clock.
 */
@Command(name = "atp", mixinStandardHelpOptions = true,
        description = "Can a quantity of a SKU be promised at a site by a date? Reads the job's latest ATP profiles "
                + "(Kafka topic " + Topics.ATP + ", or a replay's OUT.atp.jsonl). Exit 0: it can; 1: it cannot "
                + "(the alternatives are printed); 2: bad input.")
final class AtpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "read the profiles from " + Topics.ATP + " on this broker")
        String kafka;

        @Option(names = "--profiles", paramLabel = "FILE", description = "read the profiles from a replay's OUT.atp.jsonl")
        Path file;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Mixin
    KafkaConfigOption kafkaConfig;

    @Option(names = "--site", required = true, description = "the site asked (e.g. DC3)")
    String site;

    @Option(names = "--sku", required = true, description = "the SKU asked (e.g. SKU-9)")
    String sku;

    @Option(names = "--quantity", required = true, description = "units")
    long quantity;

    @Option(names = "--by", paramLabel = "DATE", description = "needed by: an instant (2026-01-12T18:00:00Z) or a day "
            + "(2026-01-12: by its end, UTC); default: now (the newest profile's time)")
    String by;

    @Option(names = "--rules", defaultValue = "${env:SCEM_RULES:-rules}",
            description = "rules directory whose items.csv lists substitutes (default: ${DEFAULT-VALUE})")
    Path rules;

    @Option(names = "--horizon", defaultValue = "30d", converter = DurationConverter.class,
            description = "how far ahead the site's earliest date is looked for (default: ${DEFAULT-VALUE})")
    Duration horizon;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "how long to wait for the broker (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (quantity <= 0) {
            err.println("scem atp: --quantity must be more than 0");
            return 2;
        }
        AtpProfiles profiles;
        String from;
        if (source.file != null) {
            String problem = CommandFiles.cannotRead(source.file);
            if (problem != null) {
                err.println("scem atp: " + problem);
                return 2;
            }
            try {
                profiles = AtpProfileReader.read(source.file.toString(), Files.readAllLines(source.file, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException notProfiles) {
                err.println("scem atp: " + notProfiles.getMessage() + " (--profiles takes a replay's OUT.atp.jsonl)");
                return 2;
            }
            from = source.file.toString();
        } else {
            try {
                profiles = AtpProfileReader.read(kafkaConfig.connectionTo(source.kafka), timeout);
            } catch (TopicScan.Unreadable e) {
                err.println("scem atp: " + e.getMessage());
                return 2;
            }
            from = Topics.ATP + " at " + source.kafka;
        }
        if (profiles.size() == 0) {
            err.println("scem atp: no profiles in " + from + " (has the job seen any stock yet?)");
            return 2;
        }
        // A site or SKU that no profile names is most likely mistyped: "0 available, NO" would hide that.
        Set<String> sites = profiles.all().stream().map(p -> p.site).collect(Collectors.toCollection(TreeSet::new));
        if (!sites.contains(site)) {
            err.printf("scem atp: no site %s in %s (its sites: %s)%n", site, from, abbreviated(sites));
            return 2;
        }
        if (profiles.ofSku(sku).isEmpty()) {
            err.printf("scem atp: no SKU %s at any site in %s%n", sku, from);
            return 2;
        }
        Substitutes substitutes = substitutes(err);
        if (substitutes == null) return 2;
        long now = profiles.newest();
        long deadline;
        try {
            deadline = by == null ? now : parseBy(by);
        } catch (DateTimeException e) {
            err.println("scem atp: --by " + e.getMessage());
            return 2;
        }
        AtpDecision d = new AvailableToPromise(profiles, substitutes, horizon.toMillis())
                .decide(null, site, sku, quantity, deadline, now);
        print(out, d, profiles.getOrEmpty(site, sku), profiles.size(), from, now);
        out.flush();
        return d.feasible() ? 0 : 1;
    }

    /** The first ten names, then how many more. */
    private static String abbreviated(Set<String> names) {
        String shown = names.stream().limit(10).collect(Collectors.joining(", "));
        return names.size() <= 10 ? shown : shown + " and " + (names.size() - 10) + " more";
    }

    /** An instant, or a day meaning its end (UTC). */
    static long parseBy(String text) {
        if (text.length() == 10) {
            try {
                return LocalDate.parse(text).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() - 1;
            } catch (DateTimeException e) {
                throw new DateTimeException("'" + text + "' is not a day like 2026-01-12");
            }
        }
        return Instants.parse(text);
    }

    private Substitutes substitutes(PrintWriter err) throws java.io.IOException {
        Path items = rules.resolve(ItemsCsv.FILE);
        if (!Files.exists(items)) return Substitutes.NONE;
        ItemsCsv.Result parsed = ItemsCsv.parse(Files.readString(items, StandardCharsets.UTF_8));
        if (!parsed.problems().isEmpty()) {
            parsed.problems().forEach(p -> err.println(rules.resolve(p.file()) + ":" + p.line() + ": " + p.message()));
            return null;
        }
        List<Item> list = parsed.items();
        return new Substitutes(list);
    }

    private void print(PrintWriter out, AtpDecision d, AtpProfile own, int stocks, String from, long now) {
        out.printf("%d x %s at %s by %s: %s%n", d.quantity, d.sku, d.site, Instants.format(d.by),
                d.feasible() ? "YES" : "NO");
        out.printf("  %d available by then: on hand %d, allocated %d, due in by then %d%n", d.available, d.onHand,
                d.allocated, d.dueIn);
        if (d.by < now) {
            out.printf("  (%s is before the state's time: this is what is available as of %s)%n", Instants.format(d.by),
                    Instants.format(now));
        }
        if (!d.feasible()) {
            if (d.alternatives.length == 0) {
                out.printf("  cannot be met anywhere: no other site or substitute has %d by then, and %s cannot promise it"
                        + " within %d days%n", d.quantity, d.site, horizon.toDays());
            } else {
                out.println("  instead, best first:");
                for (int i = 0; i < d.alternatives.length; i++) {
                    Alternative a = d.alternatives[i];
                    String what = switch (a.kind) {
                        case Alternative.OTHER_SITE -> a.site + " has " + a.available + " of " + a.sku + " by then";
                        case Alternative.SUBSTITUTE -> "substitute " + a.sku + " at " + a.site + " has " + a.available
                                + " by then";
                        default -> a.site + " can promise it from " + Instants.format(a.at) + " (" + a.available
                                + " available then)";
                    };
                    out.printf("  %d. %s%n", i + 1, what);
                }
            }
        }
        out.printf("  %s/%s day by day (available at the end of each day, UTC, where it changes):", d.site, d.sku);
        long[] daily = own.daily(now, (int) Math.max(1, horizon.toDays()));
        long dayStart = Instants.epochDay(now) * Instants.DAY;
        for (int i = 0; i < daily.length; i++) {
            if (i == 0 || daily[i] != daily[i - 1]) {
                out.printf(" %s %d", Instants.format(dayStart + i * Instants.DAY).substring(0, 10), daily[i]);
            }
        }
        out.println();
        out.printf("  (state as of %s: %d site/SKU profiles from %s)%n", Instants.format(now), stocks, from);
    }
}
