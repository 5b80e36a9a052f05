package io.scem.jobs.io;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * Sorts a JSON Lines file in place by a key read from each line, without holding it in memory:
 * runs of {@link #RUN_LINES} lines are sorted and spilled next to the file, then merged. The sort
 * is stable within a run only, so keys should decide the order completely.
 */
public final class JsonLinesSorter {
    static final int RUN_LINES = 100_000;

    private JsonLinesSorter() {}

    private record Keyed<K>(K key, String line) {}

    /** Sorts {@code file} in place by {@code keyOf(line)} in {@code order}; returns its number of lines. */
    public static <K> long sort(Path file, Function<String, K> keyOf, Comparator<K> order) throws IOException {
        Comparator<Keyed<K>> byKey = Comparator.comparing(Keyed::key, order);
        List<Path> runs = new ArrayList<>();
        long lines = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<Keyed<K>> run = new ArrayList<>(RUN_LINES);
            String line;
            while ((line = in.readLine()) != null) {
                run.add(new Keyed<>(keyOf.apply(line), line));
                lines++;
                if (run.size() == RUN_LINES) {
                    runs.add(spill(file, runs.size(), run, byKey));
                    run.clear();
                }
            }
            runs.add(spill(file, runs.size(), run, byKey));
        }
        try {
            merge(runs, file, keyOf, byKey);
        } finally {
            for (Path run : runs) Files.deleteIfExists(run);
        }
        return lines;
    }

    private static <K> Path spill(Path file, int index, List<Keyed<K>> run, Comparator<Keyed<K>> byKey) throws IOException {
        run.sort(byKey);
        Path out = file.resolveSibling(file.getFileName() + ".run" + index);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (Keyed<K> k : run) {
                w.write(k.line());
                w.newLine();
            }
        }
        return out;
    }

    /** One sorted run being merged: its reader and its current line. */
    private static final class Cursor<K> {
        final BufferedReader in;
        final Function<String, K> keyOf;
        Keyed<K> head;

        Cursor(Path run, Function<String, K> keyOf) throws IOException {
            this.in = Files.newBufferedReader(run, StandardCharsets.UTF_8);
            this.keyOf = keyOf;
            advance();
        }

        void advance() throws IOException {
            String line = in.readLine();
            head = line == null ? null : new Keyed<>(keyOf.apply(line), line);
        }
    }

    private static <K> void merge(List<Path> runs, Path file, Function<String, K> keyOf, Comparator<Keyed<K>> byKey)
            throws IOException {
        Path merged = file.resolveSibling(file.getFileName() + ".sorted");
        PriorityQueue<Cursor<K>> heads = new PriorityQueue<>((a, b) -> byKey.compare(a.head, b.head));
        List<Cursor<K>> cursors = new ArrayList<>();
        try (BufferedWriter out = Files.newBufferedWriter(merged, StandardCharsets.UTF_8)) {
            for (Path run : runs) {
                Cursor<K> c = new Cursor<>(run, keyOf);
                cursors.add(c);
                if (c.head != null) heads.add(c);
            }
            while (!heads.isEmpty()) {
                Cursor<K> c = heads.poll();
                out.write(c.head.line());
                out.newLine();
                c.advance();
                if (c.head != null) heads.add(c);
            }
        } finally {
            for (Cursor<K> c : cursors) c.in.close();
        }
        Files.move(merged, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
