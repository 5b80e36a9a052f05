package io.scem.jobs.monitoring;

import io.scem.core.event.Decoded;
import io.scem.core.event.EventDecoder;
import io.scem.core.event.SupplyEvent;
import io.scem.core.sim.SimulationConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A savepoint of the monitoring job kept in the repository, {@code
 * jobs/src/test/resources/savepoints/VERSION/}: the production wiring (Kafka in and out) stopped
 * with a savepoint after the first part of a fixed simulated history, with deadlines armed and
 * not yet passed. {@link SavepointUpgradeTest} restores every fixture there and feeds the rest;
 * {@link SavepointFixtureWriter} writes a new one.
 *
 * <p>The history ({@link #HISTORY_FILE}) is what every fixture was taken on: changing it orphans
 * them. It is kept as a file, not simulated anew, so that the simulator may change: it is three
 * days of {@link #WORLD} as the simulator of version 0.1.0 made them (5,202 events).
 */
record SavepointFixture(String version, Path savepoint, List<String> alertsBeforeSavepoint) {
    /** Where fixtures live, from the {@code jobs} module (Maven's working directory for tests). */
    static final Path DIRECTORY = Path.of("src/test/resources/savepoints");
    /** The alerts the job had committed when the savepoint was taken, one {@code STATUS RULE KEY AT} a line. */
    static final String ALERTS_FILE = "alerts-before-savepoint.txt";
    /** The consumer group (and transactional id prefixes) the fixture's job ran with. */
    static final String GROUP = "scem-savepoint-fixture";

    /** The world the history was simulated in: its start is the history's. */
    static final SimulationConfig WORLD = SimulationConfig.defaults(11)
            .withDisruptions(new SimulationConfig.Disruptions(0.2, 0.1, 0.1, 0.2, 0.02, 0.05, 0.05));
    static final Path HISTORY_FILE = DIRECTORY.resolve("history.jsonl.gz");
    /** Events before this much of the history went in before the savepoint, the others after the restore. */
    static final Duration SPLIT = Duration.ofHours(36);

    static List<SupplyEvent> history() {
        EventDecoder decoder = new EventDecoder();
        List<SupplyEvent> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(HISTORY_FILE)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                // Numbered from 1, as the simulator numbers its events.
                Decoded decoded = decoder.decode(line, HISTORY_FILE.toString(), events.size() + 1);
                if (!decoded.isEvent()) throw new IllegalStateException(HISTORY_FILE + ": " + line);
                events.add(decoded.event);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    static long splitMillis() {
        return WORLD.start().toEpochMilli() + SPLIT.toMillis();
    }

    static List<SupplyEvent> beforeSavepoint(List<SupplyEvent> history) {
        return history.stream().filter(e -> e.occurredAt < splitMillis()).toList();
    }

    static List<SupplyEvent> afterSavepoint(List<SupplyEvent> history) {
        return history.stream().filter(e -> e.occurredAt >= splitMillis()).toList();
    }

    /** Every fixture in {@link #DIRECTORY}, oldest version first (not the notifier's, {@code notifier-VERSION}). */
    static List<SavepointFixture> all() throws IOException {
        try (Stream<Path> versions = Files.list(DIRECTORY)) {
            return versions.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("notifier-"))
                    .sorted().map(SavepointFixture::read).toList();
        }
    }

    private static SavepointFixture read(Path versionDirectory) {
        try (Stream<Path> files = Files.list(versionDirectory)) {
            Path savepoint = files.filter(p -> p.getFileName().toString().startsWith("savepoint-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no savepoint-* directory in " + versionDirectory));
            return new SavepointFixture(versionDirectory.getFileName().toString(), savepoint.toAbsolutePath(),
                    Files.readAllLines(versionDirectory.resolve(ALERTS_FILE)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the fixture " + versionDirectory, e);
        }
    }
}
