package io.scem.jobs.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the project's {@code .ci/*.sh} scripts: the cluster tests start and stop their
 * processes (Flink, Kafka) exactly the way CI and developers do, so that there is one way to do it.
 */
final class CiScript {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private CiScript() {}

    /** The repository's root: the first directory up from here that has {@code .ci/}. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".ci"))) return dir;
        }
        throw new IllegalStateException("no .ci/ above " + Path.of("").toAbsolutePath());
    }

    /**
     * Runs {@code .ci/SCRIPT ARGS} with {@code env} added to this process's environment and returns
     * the last line of its standard output (the scripts print their URL or address there). Its
     * standard error goes to this process's, so that the test log tells what happened.
     */
    static String run(String script, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(repositoryRoot().resolve(".ci").resolve(script).toString());
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(repositoryRoot().toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().putAll(env);
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not end within " + TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + process.exitValue() + "; stdout: " + out);
            }
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1].strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
