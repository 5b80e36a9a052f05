package io.scem.jobs.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JsonLinesSorter} both ways: by an index of the lines in memory, and in spilled runs (an
 * index limit below the file's lines).
 */
class JsonLinesSorterTest {
    private static final Comparator<Integer> BY_NUMBER = Comparator.naturalOrder();

    @TempDir
    Path dir;

    /** A line's key: the number before its first colon. */
    private static Integer keyOf(String line) {
        return Integer.parseInt(line.substring(0, line.indexOf(':')));
    }

    private static List<String> lines(int count, long seed) {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // Few keys, so that many lines share one: their order in the file must survive.
            lines.add(random.nextInt(40) + ":line " + i + " é ✓ " + "x".repeat(random.nextInt(300)));
        }
        return lines;
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, UTF_8);
        return file;
    }

    /** The lines sorted by key, equal keys in their original order (List.sort is stable). */
    private static List<String> expected(List<String> lines) {
        List<String> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparing(JsonLinesSorterTest::keyOf));
        return sorted;
    }

    @Test
    void sortsByIndexKeepingTheFileOrderOfEqualKeys() throws IOException {
        List<String> lines = lines(5_000, 1);
        Path file = write("a.jsonl", String.join("\n", lines) + "\n");

        assertThat(JsonLinesSorter.sort(file, JsonLinesSorterTest::keyOf, BY_NUMBER, 1_000_000)).isEqualTo(5_000);

        assertThat(Files.readAllLines(file, UTF_8)).isEqualTo(expected(lines));
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("a.jsonl");
        }
    }

    @Test
    void sortsInRunsWhenThereAreMoreLinesThanTheIndexTakes() throws IOException {
        List<String> lines = lines(JsonLinesSorter.RUN_LINES * 2 + 17, 2);
        Path file = write("b.jsonl", String.join("\n", lines) + "\n");

        assertThat(JsonLinesSorter.sort(file, JsonLinesSorterTest::keyOf, BY_NUMBER, 1_000)).isEqualTo(lines.size());

        List<String> sorted = Files.readAllLines(file, UTF_8);
        assertThat(sorted.stream().map(JsonLinesSorterTest::keyOf).toList()).isSorted();
        // The same lines, nothing lost or repeated (compared sorted: AssertJ's any-order check is quadratic).
        List<String> sameLines = new ArrayList<>(sorted);
        List<String> original = new ArrayList<>(lines);
        sameLines.sort(null);
        original.sort(null);
        assertThat(sameLines.equals(original)).isTrue();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("b.jsonl");
        }
    }

    @Test
    void takesCrLfEndsALastLineWithoutEndAndALineLongerThanTheReadBuffer() throws IOException {
        String longLine = "2:" + "y".repeat(3 << 20);
        Path file = write("c.jsonl", "3:c\r\n" + longLine + "\r\n1:a\n3:b");

        assertThat(JsonLinesSorter.sort(file, JsonLinesSorterTest::keyOf, BY_NUMBER, 1_000_000)).isEqualTo(4);

        assertThat(Files.readString(file, UTF_8)).isEqualTo("1:a\n" + longLine + "\n3:c\n3:b\n");
    }

    @Test
    void leavesAnEmptyFileEmpty() throws IOException {
        Path file = write("d.jsonl", "");

        assertThat(JsonLinesSorter.sort(file, JsonLinesSorterTest::keyOf, BY_NUMBER)).isZero();

        assertThat(Files.size(file)).isZero();
    }
}
