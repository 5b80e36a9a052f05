package io.scem.jobs.notify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file read into a value, and read again when it changes: ops edit routing.yaml and add silences
 * while the notifier runs. Checked at most once a second, on the caller's thread. A version that
 * does not load is logged and the previous value kept, so that a typo never stops notifications.
 */
final class WatchedFile<T> {
    interface Loader<T> {
        T load(Path file) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(WatchedFile.class);
    private static final long CHECK_EVERY_MILLIS = 1000;

    private final Path file;
    private final Loader<T> loader;
    private T value;
    private FileTime loadedVersion;
    private long checkedAt;

    /** Loads the file now: a file that does not load at start is an error the caller reports. */
    WatchedFile(Path file, Loader<T> loader) throws Exception {
        this.file = file;
        this.loader = loader;
        this.loadedVersion = version();
        this.value = loader.load(file);
        this.checkedAt = System.currentTimeMillis();
    }

    /** The latest value that loaded. */
    T get() {
        long now = System.currentTimeMillis();
        if (now - checkedAt < CHECK_EVERY_MILLIS) return value;
        checkedAt = now;
        FileTime version;
        try {
            version = version();
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", file, e.getMessage());
            return value;
        }
        if (version == null || version.equals(loadedVersion)) return value;
        // Tried once per change: a broken version is reported once, not every second.
        loadedVersion = version;
        try {
            value = loader.load(file);
            LOG.info("Reloaded {}", file);
        } catch (Exception e) {
            LOG.error("{} changed but does not load; the previous version stays in force: {}", file, e.getMessage());
        }
        return value;
    }

    private FileTime version() throws IOException {
        try {
            return Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
