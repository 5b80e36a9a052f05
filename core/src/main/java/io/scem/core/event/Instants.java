package io.scem.core.event;

import java.nio.charset.StandardCharsets;
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

    /**
     * Epoch millis as {@link Instant#toString} writes them ({@code 2026-01-05T10:15:00Z},
     * {@code 2026-01-05T10:15:00.250Z}). Every alert, order status and ATP line carries several,
     * and the JDK's formatter makes a dozen objects for each: years 0 to 9999 are written by hand.
     */
    public static String format(long epochMillis) {
        long days = Math.floorDiv(epochMillis, DAY);
        int millisOfDay = (int) Math.floorMod(epochMillis, DAY);
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return Instant.ofEpochMilli(epochMillis).toString();
        }
        int millis = millisOfDay % 1000;
        int seconds = millisOfDay / 1000;
        byte[] b = new byte[millis == 0 ? 20 : 24];
        put(b, 0, (int) year, 4);
        b[4] = '-';
        put(b, 5, month, 2);
        b[7] = '-';
        put(b, 8, day, 2);
        b[10] = 'T';
        put(b, 11, seconds / 3600, 2);
        b[13] = ':';
        put(b, 14, seconds / 60 % 60, 2);
        b[16] = ':';
        put(b, 17, seconds % 60, 2);
        if (millis != 0) {
            b[19] = '.';
            put(b, 20, millis, 3);
        }
        b[b.length - 1] = 'Z';
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static void put(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    // The JDK parser costs ~1 µs an instant; events carry up to three, so the plain
    // "yyyy-MM-ddTHH:mm:ss[.fraction]Z" form is decoded by hand. Anything else falls back.
    private static long parseUtcFast(String s) {
        int n = s.length();
        // Every position is checked below, so a character beyond Latin-1 (encoded as '?') fails as it should.
        return n < 20 || n > 30 ? Long.MIN_VALUE : parseUtc(s.getBytes(StandardCharsets.ISO_8859_1), 0, n);
    }

    /**
     * Epoch millis of an instant in the plain UTC form ({@code 2026-01-05T10:15:00Z}, up to nine
     * fraction digits, of which milliseconds are kept) written in ASCII in {@code b[from, to)}, or
     * {@code Long.MIN_VALUE} if it is not in that form (it may still be an instant: see {@link #parse}).
     */
    public static long parseUtc(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 20 || n > 30 || b[to - 1] != 'Z' || b[from + 4] != '-' || b[from + 7] != '-'
                || b[from + 10] != 'T' || b[from + 13] != ':' || b[from + 16] != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(b, from, 4), month = digits(b, from + 5, 2), day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2), minute = digits(b, from + 14, 2), second = digits(b, from + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        int millis = 0;
        if (n > 20) {
            if (b[from + 19] != '.' || n == 21) {
                return Long.MIN_VALUE;
            }
            int scale = 100;
            for (int i = from + 20; i < to - 1; i++) {
                int d = b[i] - '0';
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

    private static int digits(byte[] b, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = b[i] - '0';
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
