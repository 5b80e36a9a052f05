package io.scem.jobs.cli;

import io.scem.core.event.Instants;
import io.scem.core.notify.AlertField;
import io.scem.core.notify.Matcher;
import io.scem.core.notify.Silence;
import io.scem.core.notify.Silences;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scem silence add|list|expire}: silences in the file the notifier follows (its
 * {@code silences.file}); a running notifier applies a change within a couple of seconds.
 */
@Command(name = "silence", mixinStandardHelpOptions = true, description = "Silence alert notifications for a while.",
        subcommands = {SilenceCommand.Add.class, SilenceCommand.ListSilences.class, SilenceCommand.Expire.class})
final class SilenceCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("usage: scem silence add|list|expire (see --help of each)");
    }

    abstract static class OnFile {
        @Option(names = "--file", defaultValue = "silences.jsonl", description = "the silences file (default: ${DEFAULT-VALUE})")
        Path file;

        /**
         * The silences of {@link #file}, or null when it cannot be used, after saying why: a
         * directory, or a line that is not a silence ({@code silences.jsonl:3: not JSON: …}).
         */
        Silences open() throws IOException {
            // A file not made yet has no silences; the first one added makes it.
            String problem = Files.exists(file) ? CommandFiles.cannotRead(file) : null;
            if (problem != null) {
                System.err.println("scem silence: " + problem);
                return null;
            }
            try {
                return Silences.open(file);
            } catch (IllegalArgumentException badLine) {
                System.err.println("scem silence: " + badLine.getMessage());
                return null;
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a silence: notifications of matching alerts are held back while it lasts.")
    static final class Add extends OnFile implements Callable<Integer> {
        @Option(names = "--match", required = true, paramLabel = "FIELD=VALUE",
                description = "field=value, field!=value or field=~regex (whole value); repeat: all must hold")
        List<String> matches = new ArrayList<>();

        @Option(names = "--for", required = true, converter = Bounded.PositiveDuration.class, description = "how long, e.g. 2h")
        Duration duration;

        @Option(names = "--starts", description = "ISO-8601 start (default: now)")
        String starts;

        @Option(names = "--by", required = true, description = "who silences")
        String createdBy;

        @Option(names = "--comment", required = true, description = "why")
        String comment;

        @Override
        public Integer call() throws Exception {
            List<Matcher> matchers = new ArrayList<>();
            for (String m : matches) {
                Matcher parsed = parse(m);
                if (parsed == null) return 2;
                matchers.add(parsed);
            }
            long start = starts == null ? System.currentTimeMillis() : Instants.parse(starts);
            Silence silence = Silence.create(matchers, start, start + duration.toMillis(), createdBy, comment);
            Silences silences = open();
            if (silences == null) return 2;
            silences.add(silence);
            System.out.println("silence " + silence.id() + " until " + Instants.format(silence.endsAt()));
            return 0;
        }

        private static Matcher parse(String text) {
            int eq = text.indexOf('=');
            if (eq <= 0) return fail(text, "write field=value, field!=value or field=~regex");
            boolean not = text.charAt(eq - 1) == '!';
            boolean regex = text.startsWith("~", eq + 1);
            String name = text.substring(0, not ? eq - 1 : eq);
            String value = text.substring(eq + (regex ? 2 : 1));
            AlertField field = AlertField.byName(name);
            if (field == null) return fail(text, "unknown field '" + name + "' (fields: " + AlertField.NAMES + ")");
            try {
                return regex ? Matcher.regex(field, value) : not ? Matcher.notEqual(field, value) : Matcher.equal(field, value);
            } catch (PatternSyntaxException e) {
                return fail(text, "bad regex: " + e.getDescription());
            }
        }

        private static Matcher fail(String text, String why) {
            System.err.println("--match " + text + ": " + why);
            return null;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the silences active now or to come.")
    static final class ListSilences extends OnFile implements Callable<Integer> {
        @Option(names = "--all", description = "expired ones too")
        boolean all;

        @Override
        public Integer call() throws Exception {
            Silences silences = open();
            if (silences == null) return 2;
            long now = System.currentTimeMillis();
            for (Silence s : silences.list()) {
                if (!all && s.endsAt() <= now) continue;
                System.out.printf("%s  %s .. %s  by %s  %s  -- %s%n", s.id(), Instants.format(s.startsAt()),
                        Instants.format(s.endsAt()), s.createdBy(), s.matchers(), s.comment());
            }
            return 0;
        }
    }

    @Command(name = "expire", mixinStandardHelpOptions = true, description = "End a silence now.")
    static final class Expire extends OnFile implements Callable<Integer> {
        @Parameters(index = "0", description = "the silence id")
        String id;

        @Override
        public Integer call() throws Exception {
            Silences silences = open();
            if (silences == null) return 2;
            if (silences.expire(id, System.currentTimeMillis())) {
                System.out.println("silence " + id + " expired");
                return 0;
            }
            System.err.println("no active silence " + id);
            return 1;
        }
    }
}
