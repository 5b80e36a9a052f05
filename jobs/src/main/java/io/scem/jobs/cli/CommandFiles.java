package io.scem.jobs.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The files a command is given, checked before it starts: a wrong path is said in one line, not
 * found in a stack trace, or by the last sink after a whole replay (a directory given as
 * {@code --alerts} failed the job once every event had been processed).
 */
final class CommandFiles {
    private CommandFiles() {}

    /** Why {@code file} cannot be read as one file, or null when it can. */
    static String cannotRead(Path file) {
        if (Files.isDirectory(file)) return file + " is a directory, not a file";
        if (!Files.exists(file)) return "cannot read " + file + ": no such file";
        if (!Files.isReadable(file)) return "cannot read " + file + ": permission denied";
        return null;
    }

    /**
     * Why {@code file} cannot be written, or null when it can: then its directory exists (it is
     * made if need be), so that the command does not fail after its work for want of it.
     */
    static String cannotWrite(Path file) {
        if (Files.isDirectory(file)) return file + " is a directory, not a file";
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            return "cannot write " + file + ": " + e.getFile() + " is a file, not a directory";
        } catch (IOException e) {
            return "cannot make the directory of " + file + ": " + describe(e);
        }
        if (parent != null && !Files.isWritable(parent)) return "cannot write in " + parent + ": permission denied";
        if (Files.exists(file) && !Files.isWritable(file)) return "cannot write " + file + ": permission denied";
        return null;
    }

    /**
     * An I/O failure as a line a person reads: the file and what went wrong, without the
     * exception's class name ({@code NoSuchFileException: /proc/x} says "/proc/x: no such file or
     * directory").
     */
    static String describe(IOException e) {
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            String what = e instanceof NoSuchFileException ? "no such file or directory"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileAlreadyExistsException ? "already exists"
                    : e instanceof NotDirectoryException ? "not a directory"
                    : fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
            return fs.getFile() + (fs.getOtherFile() != null ? " -> " + fs.getOtherFile() : "") + ": " + what;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
