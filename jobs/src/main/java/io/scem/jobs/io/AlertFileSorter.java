package io.scem.jobs.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.scem.core.event.Instants;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sorts a JSON Lines file of alerts in the replay's order (time, FIRING before RESOLVED, rule,
 * key) without holding it in memory: a month of the full rule catalogue is hundreds of MB of
 * alerts. Runs of {@link #RUN_LINES} lines are sorted and spilled next to the file, then merged.
 * Only the four sort fields of a line are parsed.
 */
public final class AlertFileSorter {
    static final int RUN_LINES = 100_000;
    private static final JsonFactory JSON = new JsonFactory();

    /** A line and what it sorts by. */
    private record Keyed(long at, int statusRank, String rule, String key, String line) {}

    private static final Comparator<Keyed> ORDER = Comparator.comparingLong(Keyed::at)
            .thenComparingInt(Keyed::statusRank)
            .thenComparing(Keyed::rule)
            .thenComparing(Keyed::key);

    private AlertFileSorter() {}

    /** Sorts {@code file} in place; returns its number of lines. */
    public static long sort(Path file) throws IOException {
        List<Path> runs = new ArrayList<>();
        long lines = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<Keyed> run = new ArrayList<>(RUN_LINES);
            String line;
            while ((line = in.readLine()) != null) {
                run.add(keyed(line));
                lines++;
                if (run.size() == RUN_LINES) {
                    runs.add(spill(file, runs.size(), run));
                    run.clear();
                }
            }
            runs.add(spill(file, runs.size(), run));
        }
        try {
            merge(runs, file);
        } finally {
            for (Path run : runs) Files.deleteIfExists(run);
        }
        return lines;
    }

    private static Path spill(Path file, int index, List<Keyed> run) throws IOException {
        run.sort(ORDER);
        Path out = file.resolveSibling(file.getFileName() + ".run" + index);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (Keyed k : run) {
                w.write(k.line());
                w.newLine();
            }
        }
        return out;
    }

    /** One sorted run being merged: its reader and its current line. */
    private static final class Cursor {
        final BufferedReader in;
        Keyed head;

        Cursor(Path run) throws IOException {
            in = Files.newBufferedReader(run, StandardCharsets.UTF_8);
            advance();
        }

        void advance() throws IOException {
            String line = in.readLine();
            head = line == null ? null : keyed(line);
        }
    }

    private static void merge(List<Path> runs, Path file) throws IOException {
        Path merged = file.resolveSibling(file.getFileName() + ".sorted");
        PriorityQueue<Cursor> heads = new PriorityQueue<>((a, b) -> ORDER.compare(a.head, b.head));
        List<Cursor> cursors = new ArrayList<>();
        try (BufferedWriter out = Files.newBufferedWriter(merged, StandardCharsets.UTF_8)) {
            for (Path run : runs) {
                Cursor c = new Cursor(run);
                cursors.add(c);
                if (c.head != null) heads.add(c);
            }
            while (!heads.isEmpty()) {
                Cursor c = heads.poll();
                out.write(c.head.line());
                out.newLine();
                c.advance();
                if (c.head != null) heads.add(c);
            }
        } finally {
            for (Cursor c : cursors) c.in.close();
        }
        Files.move(merged, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Keyed keyed(String line) {
        long at = 0;
        int statusRank = 0;
        String rule = "";
        String key = "";
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a JSON object: " + line);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "at" -> at = Instants.parse(p.getText());
                    case "status" -> statusRank = "FIRING".equals(p.getText()) ? 0 : 1;
                    case "rule" -> rule = p.getText();
                    case "key" -> key = p.getText();
                    default -> {
                        if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) p.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Keyed(at, statusRank, rule, key, line);
    }
}
