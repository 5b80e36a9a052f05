package io.scem.jobs.config;

import io.scem.core.text.Utf8;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * A settings file as the jobs read it: its values ({@link Properties}, UTF-8) and the line each
 * key is written on, so that a problem with a key says {@code file:line:} like a compiler does,
 * and a misspelt key is answered with the key that was meant.
 */
public final class PropertiesFile {
    private final Path file;
    private final Properties values = new Properties();
    /** The line of each key's last occurrence: the one whose value {@link Properties} keeps. */
    private final Map<String, Integer> lines = new HashMap<>();

    private PropertiesFile(Path file, String text) throws IOException {
        this.file = file;
        values.load(new StringReader(text));
        boolean continued = false;
        String[] physical = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < physical.length; i++) {
            String line = physical[i].stripLeading();
            boolean starts = !continued && !line.isEmpty() && line.charAt(0) != '#' && line.charAt(0) != '!';
            if (starts) lines.put(keyOf(line), i + 1);
            continued = (starts || continued) && endsWithOddBackslashes(line);
        }
    }

    /**
     * Reads {@code file}.
     *
     * @throws IllegalArgumentException at the first byte that is not UTF-8, as {@code file:line:column: …}
     */
    public static PropertiesFile read(Path file) throws IOException {
        String text = Utf8.readLeniently(file);
        Utf8.Position notUtf8 = Utf8.firstInvalid(text);
        if (notUtf8 != null) {
            throw new IllegalArgumentException(file + ":" + notUtf8.line() + ":" + notUtf8.column() + ": " + Utf8.NOT_UTF8);
        }
        return new PropertiesFile(file, text);
    }

    public Properties values() {
        return values;
    }

    /**
     * A problem for each key that is neither in {@code known} nor under one of {@code families}
     * (prefixes such as {@code kafka.client.}, whose keys another part checks).
     */
    public List<String> unknownKeys(Collection<String> known, List<String> families) {
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(values.stringPropertyNames())) {
            if (!known.contains(key) && families.stream().noneMatch(key::startsWith)) {
                problems.add(unknownKey(key, known, families));
            }
        }
        return problems;
    }

    /** The problem of a key not in {@code known}: it names the key meant when one is close, and otherwise lists the known ones. */
    public static String unknownKey(String key, Collection<String> known, List<String> families) {
        String meant = closest(key, known);
        return "unknown key '" + key + "' " + (meant != null
                ? "(did you mean " + meant + "?)"
                : "(known: " + String.join(", ", new TreeSet<>(known))
                        + families.stream().map(f -> ", " + f + "*").reduce("", String::concat) + ")");
    }

    /**
     * {@code message} as a user should see it: after {@code file:line:} when it is about a key
     * written in the file (it starts with the key, or says "unknown key 'KEY'"), else after
     * {@code file:}.
     */
    public String locate(String message) {
        return located(message).text();
    }

    /** The messages located ({@link #locate}), one a line in the order of the file's lines, as an exception to throw. */
    public IllegalArgumentException problems(List<String> messages) {
        return new IllegalArgumentException(String.join("\n", messages.stream().map(this::located)
                .sorted(Comparator.comparingInt(Located::line)).map(Located::text).toList()));
    }

    /** A message after its place in the file; {@code line} is {@link Integer#MAX_VALUE} for none, to sort last. */
    private record Located(int line, String text) {}

    private Located located(String message) {
        Integer line = lines.get(subjectOf(message));
        return line == null
                ? new Located(Integer.MAX_VALUE, file + ": " + message)
                : new Located(line, file + ":" + line + ": " + message);
    }

    private String subjectOf(String message) {
        String unknown = "unknown key '";
        if (message.startsWith(unknown)) {
            int end = message.indexOf('\'', unknown.length());
            return end < 0 ? null : message.substring(unknown.length(), end);
        }
        String subject = null;
        for (String key : lines.keySet()) {
            boolean about = message.startsWith(key) && (message.length() == key.length()
                    || message.charAt(key.length()) == ':' || message.charAt(key.length()) == ' ');
            if (about && (subject == null || key.length() > subject.length())) subject = key;
        }
        return subject;
    }

    /** The key of a logical line's first physical line, as {@link Properties#load} reads it (escapes aside). */
    private static String keyOf(String line) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                key.append(line.charAt(++i));
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    private static boolean endsWithOddBackslashes(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) n++;
        return n % 2 == 1;
    }

    /** The known key at the smallest edit distance from {@code key}, if it is a slip of a few letters. */
    static String closest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(known)) {
            int d = editDistance(key, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.min(3, key.length() / 3) ? best : null;
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
