package io.scem.jobs.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.scem.jobs.io.BoundedLineReader.Line;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines as {@code BufferedReader.readLine} splits them, with at most the bound of any line held. */
class BoundedLineReaderTest {
    private static List<Line> lines(String text, int maxLineBytes) throws IOException {
        List<Line> out = new ArrayList<>();
        try (BoundedLineReader reader = new BoundedLineReader(new ByteArrayInputStream(text.getBytes(UTF_8)), maxLineBytes)) {
            for (Line line; (line = reader.next()) != null; ) out.add(line);
        }
        return out;
    }

    @Test
    void shouldSplitOnNewlinesAndCarriageReturnNewlinesKeepingEmptyAndUnterminatedLines() throws IOException {
        assertThat(lines("a\r\nbb\n\nlast", 100)).containsExactly(
                new Line("a", 1, false), new Line("bb", 2, false), new Line("", 0, false), new Line("last", 4, false));
        assertThat(lines("", 100)).isEmpty();
        assertThat(lines("one\n", 100)).containsExactly(new Line("one", 3, false));
    }

    @Test
    void shouldDecodeMultiByteCharactersThatStraddleItsBuffer() throws IOException {
        // 100,000 two-byte characters: longer than the 64 KB buffer, so some are split across reads.
        String accents = "é".repeat(100_000);

        assertThat(lines(accents + "\nnext", 1 << 20)).containsExactly(
                new Line(accents, 200_000, false), new Line("next", 4, false));
    }

    @Test
    void shouldKeepOnlyTheBeginningOfALongerLineAndCountAllOfIt() throws IOException {
        String longLine = "x".repeat(200_000);

        assertThat(lines("short\n" + longLine + "\nafter", 1000)).containsExactly(
                new Line("short", 5, false), new Line("x".repeat(1000), 200_000, true), new Line("after", 5, false));
    }

    /** A whole gigabyte without a line end: readLine would need gigabytes of heap to say so. */
    @Test
    void shouldReadAGigabyteLineWithoutHoldingIt() throws IOException {
        long gigabyte = 1L << 30;
        try (BoundedLineReader reader = new BoundedLineReader(new RepeatedByte('x', gigabyte), 4096)) {
            Line line = reader.next();

            assertThat(line.cut()).isTrue();
            assertThat(line.bytes()).isEqualTo(gigabyte);
            assertThat(line.text()).isEqualTo("x".repeat(4096));
            assertThat(reader.next()).isNull();
        }
    }

    /** {@code length} copies of one byte, generated as read. */
    private static final class RepeatedByte extends InputStream {
        private final byte value;
        private long remaining;

        RepeatedByte(char value, long length) {
            this.value = (byte) value;
            this.remaining = length;
        }

        @Override
        public int read() {
            if (remaining == 0) return -1;
            remaining--;
            return value;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) return -1;
            int n = (int) Math.min(len, remaining);
            java.util.Arrays.fill(b, off, off + n, value);
            remaining -= n;
            return n;
        }
    }
}
