package io.scem.core.backtest;

import io.scem.core.alert.Alert;
import io.scem.core.event.Decoded;
import io.scem.core.event.EventFiles;
import io.scem.core.event.EventIntake;
import io.scem.core.event.SupplyEvent;
import io.scem.core.rules.LocalMonitor;
import io.scem.core.rules.RuleErrors;
import io.scem.core.rules.RuleSet;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Runs one or more rule sets over a JSON Lines file of history with {@link LocalMonitor}s, in one
 * read of the file: "what would these rules have raised last month?". Lines go through the job's
 * {@link EventIntake} (same dead letters, same lateness per file), and events are released in
 * (occurredAt, line) order once no accepted event can come before them any more, as the job's
 * watermark does: memory holds the out-of-order window, not the file.
 */
public final class Backtest {
    private static final int PROGRESS_EVERY_LINES = 1 << 16;

    private Backtest() {}

    /** Called now and then while reading, with the lines and bytes read so far. */
    public interface Progress {
        Progress NONE = (lines, bytes) -> { };

        void read(long lines, long bytes);
    }

    /** The alerts of one rule set, and the rules it has (a rule that raised nothing has 0). */
    /**
     * One rule set's run: its rules, the alerts they raised, and the statements that failed at run
     * time (each skipped for the facts it failed on, so the alerts miss what it would have raised).
     */
    public record Run(Set<String> rules, List<Alert> alerts, Map<String, RuleErrors.Failures> ruleFailures) {
        public Run(Set<String> rules, List<Alert> alerts) {
            this(rules, alerts, Map.of());
        }
    }

    /**
     * @param lines lines read (blank ones included)
     * @param events events processed (valid and not late)
     * @param deadLetters lines rejected: invalid, or late beyond the out-of-order bound
     * @param firstDeadLetter the first of them, as {@code line N: reason}, or null: when every line
     *     is one, the file is likely not events at all
     * @param firstEvent the oldest event time, or null without events
     * @param lastEvent the newest event time (where the clock stopped), or null
     * @param runs one per rule set, in the order given
     */
    public record Result(long lines, long events, long deadLetters, String firstDeadLetter, Long firstEvent, Long lastEvent,
            List<Run> runs, long millis) {}

    /**
     * @param outOfOrderBoundMillis how late an event may come and still count (the job's
     *     {@code job.out-of-order-bound}); later ones are dead letters
     */
    public static Result run(Path file, List<RuleSet> ruleSets, long outOfOrderBoundMillis, LocalMonitor.Settings settings,
            Progress progress) throws IOException {
        long start = System.nanoTime();
        List<List<Alert>> alerts = new ArrayList<>();
        List<LocalMonitor> monitors = new ArrayList<>();
        try {
            for (RuleSet rules : ruleSets) {
                List<Alert> out = new ArrayList<>();
                alerts.add(out);
                monitors.add(new LocalMonitor(rules, settings, System::currentTimeMillis, out::add));
            }
            EventIntake intake = new EventIntake(outOfOrderBoundMillis);
            PriorityQueue<SupplyEvent> held = new PriorityQueue<>(LocalMonitor.EVENT_ORDER);
            String origin = file.getFileName().toString();
            long lines = 0;
            long events = 0;
            long deadLetters = 0;
            String firstDeadLetter = null;
            Long first = null;
            try (CountingStream counting = new CountingStream(Files.newInputStream(file));
                    BufferedReader in = new BufferedReader(
                            new InputStreamReader(EventFiles.decompressed(file, counting), StandardCharsets.UTF_8), 1 << 16)) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines++;
                    if (lines % PROGRESS_EVERY_LINES == 0) progress.read(lines, counting.count);
                    if (line.isBlank()) continue;
                    Decoded decoded = intake.accept(line, origin, 0, lines);
                    if (!decoded.isEvent()) {
                        if (deadLetters++ == 0) firstDeadLetter = "line " + lines + ": " + decoded.deadLetter.reason;
                        continue;
                    }
                    SupplyEvent event = decoded.event;
                    events++;
                    first = first == null ? event.occurredAt : Math.min(first, event.occurredAt);
                    held.add(event);
                    // No event still to be accepted can be older than newest - bound (it would be
                    // late), and one at that very time has a later line: release up to there.
                    long safe = releasableUpTo(intake.newestEventTime(), outOfOrderBoundMillis);
                    while (!held.isEmpty() && held.peek().occurredAt <= safe) {
                        feed(monitors, held.poll());
                    }
                }
                progress.read(lines, counting.count);
            }
            while (!held.isEmpty()) {
                feed(monitors, held.poll());
            }
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < monitors.size(); i++) {
                monitors.get(i).finish();
                runs.add(new Run(monitors.get(i).ruleNames(), alerts.get(i), monitors.get(i).ruleFailures()));
            }
            Long last = events == 0 ? null : intake.newestEventTime();
            return new Result(lines, events, deadLetters, firstDeadLetter, first, last, runs, (System.nanoTime() - start) / 1_000_000);
        } finally {
            monitors.forEach(LocalMonitor::close);
        }
    }

    private static long releasableUpTo(long newest, long bound) {
        long safe = newest - bound;
        // Underflows only for an absurd bound: then nothing is released before the end.
        return safe > newest ? Long.MIN_VALUE : safe;
    }

    private static void feed(List<LocalMonitor> monitors, SupplyEvent event) {
        for (LocalMonitor monitor : monitors) {
            monitor.accept(event);
        }
    }

    /** Bytes read from the file, for progress in percent. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) count += n;
            return n;
        }
    }
}
