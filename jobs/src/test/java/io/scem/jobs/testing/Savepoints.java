package io.scem.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Savepoint fixtures as the upgrade tests restore them. */
public final class Savepoints {
    private Savepoints() {}

    /**
     * Copies a savepoint directory to {@code target}: a fixture is restored from a copy, since a
     * savepoint must not depend on where it was written (a clone, a new cluster).
     */
    public static Path copy(Path savepoint, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(savepoint)) {
            for (Path file : files.toList()) Files.copy(file, target.resolve(file.getFileName()));
        }
        return target;
    }
}
