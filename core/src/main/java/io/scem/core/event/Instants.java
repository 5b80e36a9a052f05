package io.scem.core.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** ISO-8601 instants to epoch millis and back; a fast path for the common UTC form. */
public final class Instants {
    public static final long HOUR = 3_600_000L;
    public static final long DAY = 24 * HOUR;

    private Instants() {}

    /** The UTC day of an instant, counted from 1970-01-01 (day 0). */
    public static long epochDay(long epochMillis) {
        return Math.floorDiv(epochMillis, DAY);
    }

    /**
     * Parses an ISO-8601 instant with a zone offset ({@code 2026-01-05T10:15:00Z},
     * {@code 2026-01-05T10:15:00.250+01:00}). Returns epoch millis.
     *
     * @throws DateTimeException if the text is not such an instant
     */
    public static long parse(String text) {
        long fast = parseUtcFast(text);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            throw new DateTimeException("not an ISO-8601 instant: " + abbreviate(text));
        }
    }

    public static String format(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    // The JDK parser costs ~1 µs an instant; events carry up to three, so the plain
    // "yyyy-MM-ddTHH:mm:ss[.fraction]Z" form is decoded by hand. Anything else falls back.
    private static long parseUtcFast(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        int millis = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21 || n > 30) {
                return Long.MIN_VALUE;
            }
            int scale = 100;
            for (int i = 20; i < n - 1; i++) {
                int d = s.charAt(i) - '0';
                if (d < 0 || d > 9) {
                    return Long.MIN_VALUE;
                }
                millis += d * scale;
                scale /= 10;
            }
        }
        long days = daysFromCivil(year, month, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    private static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
