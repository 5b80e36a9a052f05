package io.scem.jobs.io;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads UTF-8 lines (ended by {@code \n} or {@code \r\n}) holding at most {@code maxLineBytes} of
 * any line in memory: of a longer line only the beginning is kept, the rest is skipped and
 * counted. {@link java.io.BufferedReader#readLine} would build the whole line first, so one line
 * without an end (a truncated binary file, a 2 GB blob) would exhaust the heap. Searching bytes
 * for {@code \n} is safe in UTF-8, where that byte never occurs inside another character.
 */
final class BoundedLineReader implements Closeable {
    /**
     * One line: its UTF-8 bytes {@code utf8[0, length)} (all of it, or its beginning if cut) and its
     * length in bytes without the line end. {@code utf8} is the reader's own buffer, which the next
     * call overwrites: read what you need first.
     */
    record Line(byte[] utf8, int length, long bytes, boolean cut) {
        String text() {
            return new String(utf8, 0, length, UTF_8);
        }

        /** As {@link String#isBlank} says of the text, without making it when the line is ASCII. */
        boolean isBlank() {
            for (int i = 0; i < length; i++) {
                byte b = utf8[i];
                if (b < 0) return text().isBlank(); // a multi-byte character: maybe Unicode whitespace
                if (!Character.isWhitespace(b)) return false;
            }
            return true;
        }
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private int lineLength;

    BoundedLineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at the end of the input (a last line without {@code \n} counts). */
    Line next() throws IOException {
        lineLength = 0;
        long bytes = 0;
        boolean sawAny = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return sawAny ? finish(bytes) : null;
                }
            }
            sawAny = true;
            int end = indexOfNewline(position, limit);
            int chunkEnd = end < 0 ? limit : end;
            keep(position, chunkEnd);
            bytes += chunkEnd - position;
            position = end < 0 ? limit : end + 1;
            if (end >= 0) return finish(bytes);
        }
    }

    private int indexOfNewline(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') return i;
        }
        return -1;
    }

    /** Appends buffer[from, to) to the line, up to the bound; what is beyond it is only counted. */
    private void keep(int from, int to) {
        int n = Math.min(to - from, maxLineBytes - lineLength);
        if (n <= 0) return;
        if (lineLength + n > line.length) line = Arrays.copyOf(line, Math.max(lineLength + n, Math.min(2 * line.length, maxLineBytes)));
        System.arraycopy(buffer, from, line, lineLength, n);
        lineLength += n;
    }

    private Line finish(long bytes) {
        boolean cut = bytes > lineLength;
        int length = lineLength;
        if (!cut && length > 0 && line[length - 1] == '\r') {
            length--;
            bytes--;
        }
        return new Line(line, length, bytes, cut);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
