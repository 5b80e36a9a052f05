package io.scem.jobs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The jobs' settings files as the commands that run a job read them: a bad file is a message, not a stack trace. */
final class SettingsFiles {
    /** Reads a settings file into its typed settings; throws with every problem, one a line. */
    interface Reader<T> {
        T read(Path file) throws IOException;
    }

    private SettingsFiles() {}

    /**
     * The settings in {@code file}, or null after printing why there are none: the file cannot be
     * read, or its problems ({@code file:line: message}, every one, so that one edit fixes them).
     */
    static <T> T readOrReport(String command, Path file, Reader<T> reader, PrintWriter err) throws IOException {
        String problem = CommandFiles.cannotRead(file);
        if (problem != null) {
            err.println("scem " + command + ": " + problem);
            return null;
        }
        try {
            return reader.read(file);
        } catch (IllegalArgumentException problems) {
            err.println(problems.getMessage());
            return null;
        }
    }
}
