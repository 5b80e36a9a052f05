package io.scem.core.scenario;

/**
 * A scenario file that cannot be read or a scenario that cannot run as written, with where:
 * printed as {@code file:line: message} like a compiler, so editors can jump to it.
 */
public class ScenarioException extends Exception {
    private final String file;
    private final int line;
    private final String problem;

    public ScenarioException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** The message without the location. */
    public String problem() {
        return problem;
    }
}
