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
    /** A line as read: its text (all, or the beginning kept), its length in bytes, whether it was cut. */
    private record Read(String text, long bytes, boolean cut) {}

    private static List<Read> lines(String text, int maxLineBytes) throws IOException {
        List<Read> out = new ArrayList<>();
        try (BoundedLineReader reader = new BoundedLineReader(new ByteArrayInputStream(text.getBytes(UTF_8)), maxLineBytes)) {
            for (Line line; (line = reader.next()) != null; ) out.add(new Read(line.text(), line.bytes(), line.cut()));
        }
        return out;
    }

    @Test
    void shouldSplitOnNewlinesAndCarriageReturnNewlinesKeepingEmptyAndUnterminatedLines() throws IOException {
        assertThat(lines("a\r\nbb\n\nlast", 100)).containsExactly(
                new Read("a", 1, false), new Read("bb", 2, false), new Read("", 0, false), new Read("last", 4, false));
        assertThat(lines("", 100)).isEmpty();
        assertThat(lines("one\n", 100)).containsExactly(new Read("one", 3, false));
    }

    @Test
    void shouldDecodeMultiByteCharactersThatStraddleItsBuffer() throws IOException {
        // 100,000 two-byte characters: longer than the 64 KB buffer, so some are split across reads.
        String accents = "é".repeat(100_000);

        assertThat(lines(accents + "\nnext", 1 << 20)).containsExactly(
                new Read(accents, 200_000, false), new Read("next", 4, false));
    }

    @Test
    void shouldKeepOnlyTheBeginningOfALongerLineAndCountAllOfIt() throws IOException {
        String longLine = "x".repeat(200_000);

        assertThat(lines("short\n" + longLine + "\nafter", 1000)).containsExactly(
                new Read("short", 5, false), new Read("x".repeat(1000), 200_000, true), new Read("after", 5, false));
    }

    @Test
    void shouldSayABlankLineIsBlankAsStringDoes() throws IOException {
        for (String text : List.of("", " \t", "\u001f \u000b", "\u2003", " \u00a0", " x ", "é")) {
            try (BoundedLineReader reader = new BoundedLineReader(new ByteArrayInputStream((text + "\n").getBytes(UTF_8)), 100)) {
                assertThat(reader.next().isBlank()).as("«%s»", text).isEqualTo(text.isBlank());
            }
        }
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
