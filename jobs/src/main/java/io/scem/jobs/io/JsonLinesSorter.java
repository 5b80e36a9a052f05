package io.scem.jobs.io;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * Sorts a JSON Lines file in place by a key read from each line. Up to {@link #INDEXED_LINES}
 * lines, it keeps only each line's key and place in memory, sorts those, and copies the lines'
 * bytes into place: the file is read twice (to index it, then line by line in order) and written
 * once, where spilled runs read and write it twice each (a replay's order statuses are a gigabyte
 * a month: sorting them took 10 s of a 6 M-event replay's 137 s in runs, 6–8 s by index). Beyond that, runs
 * of {@link #RUN_LINES} lines are sorted and spilled next to the file, then merged, so memory
 * stays bounded whatever the size. Lines end with {@code \n} or {@code \r\n} and are written
 * back with {@code \n}.
 */
public final class JsonLinesSorter {
    /** 100–150 bytes of heap each (key, offset, length): 200–300 MB at most, after the job. */
    static final int INDEXED_LINES = 2_000_000;
    static final int RUN_LINES = 100_000;

    private JsonLinesSorter() {}

    private record Keyed<K>(K key, String line) {}

    /** Where one line is in the file, and its key. */
    private record Placed<K>(K key, long offset, int length) {}

    /** Sorts {@code file} in place by {@code keyOf(line)} in {@code order}; returns its number of lines. */
    public static <K> long sort(Path file, Function<String, K> keyOf, Comparator<K> order) throws IOException {
        return sort(file, keyOf, order, INDEXED_LINES);
    }

    /** As {@link #sort(Path, Function, Comparator)}, indexing at most {@code indexedLines} lines (tests). */
    static <K> long sort(Path file, Function<String, K> keyOf, Comparator<K> order, int indexedLines) throws IOException {
        // A file past the limit has had its first lines indexed for nothing: one extra partial
        // read, cheaper than counting every file's lines first.
        List<Placed<K>> index = index(file, keyOf, indexedLines);
        if (index == null) return sortInRuns(file, keyOf, order);
        // A stable sort: lines of equal keys keep their order in the file.
        index.sort(Comparator.comparing(Placed::key, order));
        Path sorted = file.resolveSibling(file.getFileName() + ".sorted");
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(sorted), 1 << 20)) {
            // Read in place, line by line: mapping the file instead would count all of it in the
            // process's resident memory.
            ByteBuffer line = ByteBuffer.allocate(64 * 1024);
            for (Placed<K> placed : index) {
                if (line.capacity() < placed.length()) line = ByteBuffer.allocate(placed.length());
                line.clear().limit(placed.length());
                while (line.hasRemaining()) {
                    if (in.read(line, placed.offset() + line.position()) < 0) throw new IOException(file + " shrank while sorted");
                }
                out.write(line.array(), 0, placed.length());
                out.write('\n');
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(sorted);
            throw e;
        }
        Files.move(sorted, file, StandardCopyOption.REPLACE_EXISTING);
        return index.size();
    }

    /** Each line's key and place, in file order; null if there are more than {@code limit} lines. */
    private static <K> List<Placed<K>> index(Path file, Function<String, K> keyOf, int limit) throws IOException {
        List<Placed<K>> index = new ArrayList<>();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] buffer = new byte[1 << 20];
            int filled = 0;
            long bufferOffset = 0; // the file offset of buffer[0]
            boolean ended = false;
            while (!ended) {
                int read = in.read(ByteBuffer.wrap(buffer, filled, buffer.length - filled));
                ended = read < 0;
                if (!ended) filled += read;
                int start = 0;
                for (int i = 0; i < filled; i++) {
                    if (buffer[i] != '\n') continue;
                    if (!add(index, keyOf, limit, buffer, start, i, bufferOffset)) return null;
                    start = i + 1;
                }
                if (ended && start < filled) {
                    // The last line, without a line end.
                    if (!add(index, keyOf, limit, buffer, start, filled, bufferOffset)) return null;
                    start = filled;
                }
                // Keep the unfinished line at the front; a line longer than the buffer grows it.
                System.arraycopy(buffer, start, buffer, 0, filled - start);
                filled -= start;
                bufferOffset += start;
                if (filled == buffer.length) buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
        }
        return index;
    }

    private static <K> boolean add(List<Placed<K>> index, Function<String, K> keyOf, int limit, byte[] buffer, int start,
            int end, long bufferOffset) {
        if (index.size() == limit) return false;
        int length = end > start && buffer[end - 1] == '\r' ? end - start - 1 : end - start;
        String line = new String(buffer, start, length, StandardCharsets.UTF_8);
        index.add(new Placed<>(keyOf.apply(line), bufferOffset + start, length));
        return true;
    }

    /** The bounded-memory sort: runs sorted and spilled beside the file, then merged. */
    private static <K> long sortInRuns(Path file, Function<String, K> keyOf, Comparator<K> order) throws IOException {
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
