package io.scem.core.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Text files that people edit (rule files, settings), read so that one saved in another encoding
 * (Latin-1, Windows-1252) is a problem at its line and column, like any other mistake in them.
 * Read strictly, such a file was an I/O error without a file name ("Input length = 1").
 */
public final class Utf8 {
    /** A place in a text, both counted from 1. */
    public record Position(int line, int column) {}

    private Utf8() {}

    /**
     * The text of {@code file}, every byte that is not UTF-8 made U+FFFD (see {@link #firstInvalid}),
     * without the byte order mark that some editors put first ("UTF-8 with BOM"): it was an
     * "unexpected character" at 1:1 of a rule file, and part of the first key of a settings file.
     */
    public static String readLeniently(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Where {@code text} has its first U+FFFD (a byte that was not UTF-8), or null if it has none. */
    public static Position firstInvalid(String text) {
        int at = text.indexOf('\uFFFD');
        if (at < 0) return null;
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(line, at - lineStart + 1);
    }

    /** What to say at {@link #firstInvalid}'s position. */
    public static final String NOT_UTF8 = "not UTF-8 text here (or the character U+FFFD): save the file as UTF-8";
}
