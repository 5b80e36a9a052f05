package io.scem.core.sim;

import io.scem.core.event.SupplyEvent;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The simulator's JSON-line output with transport noise on top: verbatim duplicates a few lines
 * later, reordering within a bound, extra malformed lines. Noise has its own random stream, so the
 * underlying events are the same whatever the noise settings.
 *
 * <p>Reordering holds each line back by a random delay in [0, bound] of event time and releases
 * lines in order of {@code occurredAt + delay}. A line is released only when no event still to
 * come can sort before it, so no line is more than {@code bound} older than any line before it.
 */
final class JsonLines {
    /** A line waiting in a buffer, released in order of {@code key} (then arrival). */
    private record Held(long key, long ticket, String line) implements Comparable<Held> {
        @Override
        public int compareTo(Held o) {
            int c = Long.compare(key, o.key);
            return c != 0 ? c : Long.compare(ticket, o.ticket);
        }
    }

    private final SupplyChainSimulator sim;
    private final SimulationConfig.Noise noise;
    private final SplittableRandom random;
    /** Reordering buffer, keyed by release time. */
    private final PriorityQueue<Held> reordered = new PriorityQueue<>();
    /** Duplicates to repeat, keyed by the output line index at which they are due. */
    private final PriorityQueue<Held> repeats = new PriorityQueue<>();
    private long newest = Long.MIN_VALUE;
    private long lineIndex;
    private long tickets;
    private String lastLine;
    long duplicates;
    long malformed;

    JsonLines(SupplyChainSimulator sim, SimulationConfig.Noise noise, long seed) {
        this.sim = sim;
        this.noise = noise;
        // A different stream from the simulation's, derived from the same seed.
        this.random = new SplittableRandom(seed ^ 0x6E6F697365L);
    }

    String next() {
        lineIndex++;
        Held due = repeats.peek();
        if (due != null && due.key() <= lineIndex) {
            repeats.poll();
            duplicates++;
            return due.line();
        }
        if (lastLine != null && noise.malformedRate() > 0 && random.nextDouble() < noise.malformedRate()) {
            malformed++;
            return corrupt(lastLine);
        }
        String line = noise.shuffleBoundMillis() > 0 ? nextReordered() : EventJson.write(sim.next());
        if (noise.duplicateRate() > 0 && random.nextDouble() < noise.duplicateRate()) {
            repeats.add(new Held(lineIndex + 1 + random.nextInt(5), tickets++, line));
        }
        lastLine = line;
        return line;
    }

    private String nextReordered() {
        // Every event still to come has occurredAt >= newest, hence a key >= newest.
        while (reordered.isEmpty() || reordered.peek().key() > newest) {
            SupplyEvent e = sim.next();
            newest = e.occurredAt;
            long delay = random.nextLong(noise.shuffleBoundMillis() + 1);
            reordered.add(new Held(e.occurredAt + delay, tickets++, EventJson.write(e)));
        }
        return reordered.poll().line();
    }

    /** A line no decoder accepts, made from a real one, as broken producers and transports make them. */
    private String corrupt(String line) {
        return switch (random.nextInt(4)) {
            case 0 -> line.substring(0, line.length() / 2); // cut short
            case 1 -> line.substring(line.length() / 2); // the rest of a line cut short
            case 2 -> replaceValue(line, "type", "TELEPORTED");
            default -> replaceValue(line, "occurredAt", "yesterday");
        };
    }

    private static String replaceValue(String line, String name, String value) {
        String marker = "\"" + name + "\":\"";
        int from = line.indexOf(marker) + marker.length();
        int to = line.indexOf('"', from);
        return line.substring(0, from) + value + line.substring(to);
    }
}
