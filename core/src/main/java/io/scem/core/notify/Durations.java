package io.scem.core.notify;

import java.time.Duration;
import java.util.regex.Pattern;

/** Durations as routing files write them ({@code 30s}, {@code 5m}, {@code 4h}, {@code 1d}, {@code 1h30m}) and as messages show them. */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    /** @throws IllegalArgumentException if {@code text} is not such a duration (or {@code 0}) */
    public static Duration parse(String text) {
        if (text == null || !(text.equals("0") || WHOLE.matcher(text).matches())) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 30s, 5m, 4h, 1d or 1h30m");
        }
        Duration total = Duration.ZERO;
        java.util.regex.Matcher m = PART.matcher(text); // not this package's alert Matcher
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        return total;
    }

    /** A readable length such as {@code 2 h 15 min}, {@code 3 d 4 h} or {@code 45 s}: two units at most. */
    public static String format(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long days = s / 86_400, hours = s % 86_400 / 3_600, minutes = s % 3_600 / 60, seconds = s % 60;
        if (days > 0) return days + " d" + (hours > 0 ? " " + hours + " h" : "");
        if (hours > 0) return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
        if (minutes > 0) return minutes + " min" + (seconds > 0 ? " " + seconds + " s" : "");
        return seconds + " s";
    }
}
