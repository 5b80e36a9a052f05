package io.scem.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** {@link Instants#format} writes what {@link Instant#toString} writes, and {@link Instants#parse} reads it back. */
class InstantsTest {
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: the years written by hand. */
    private static final long FIRST = -62167219200000L;
    private static final long LAST = 253402300799999L;

    @Property(tries = 20_000)
    void shouldFormatAnyInstantOfTheYears0To9999AsTheJdkDoes(@ForAll @LongRange(min = FIRST, max = LAST) long millis) {
        String text = Instants.format(millis);
        assertThat(text).isEqualTo(Instant.ofEpochMilli(millis).toString());
        if (millis >= 0) assertThat(Instants.parse(text)).isEqualTo(millis);
    }

    @Property(tries = 2_000)
    void shouldFormatWholeSecondsAndRoundMillisAsTheJdkDoes(@ForAll @LongRange(min = 0, max = 4_102_444_800L) long seconds,
            @ForAll @LongRange(min = 0, max = 9) long tenths) {
        long millis = seconds * 1000 + tenths * 100;
        assertThat(Instants.format(millis)).isEqualTo(Instant.ofEpochMilli(millis).toString());
    }

    @Example
    void shouldFormatTheEdgesAsTheJdkDoes() {
        long[] edges = {0, -1, 1, 999, 1000, FIRST, FIRST - 1, LAST, LAST + 1, Long.MIN_VALUE, Long.MAX_VALUE,
                Instants.parse("2024-02-29T23:59:59.999Z"), Instants.parse("2100-03-01T00:00:00Z"),
                Instants.parse("1969-12-31T23:59:59Z"), Instants.parse("2026-01-05T10:15:00.250Z")};
        for (long millis : edges) {
            assertThat(Instants.format(millis)).as("%d", millis).isEqualTo(Instant.ofEpochMilli(millis).toString());
        }
    }
}
