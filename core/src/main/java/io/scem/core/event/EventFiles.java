package io.scem.core.event;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Files of events (JSON Lines) as every command reads them: a name ending in {@code .gz} is read
 * through gzip, as the replay's Flink file source does by itself. History is often kept
 * compressed; before, {@code rules backtest} took a gzipped file for thousands of invalid lines,
 * and {@code verify} failed on its bytes.
 */
public final class EventFiles {
    private EventFiles() {}

    /** {@code raw}, the bytes of {@code file}, decompressed if the file's name says gzip. */
    public static InputStream decompressed(Path file, InputStream raw) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".gz") || name.endsWith(".gzip") ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    /** The lines of {@code file}, as UTF-8. */
    public static BufferedReader reader(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(decompressed(file, Files.newInputStream(file)), StandardCharsets.UTF_8),
                1 << 16);
    }
}
