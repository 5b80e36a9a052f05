package io.scem.core.rules;

import io.scem.core.entity.StockLevel;
import io.scem.core.entity.SupplierRecord;
import io.scem.core.event.Instants;
import java.util.Map;

/**
 * The Java functions rule files may call, by name: {@code hoursBetween(a, b)},
 * {@code formatInstant(t)}, and the projections of stock and supplier facts that rules cannot
 * compute in EPL: {@code runsOutAt}, {@code demandPerDay}, {@code inboundWithin},
 * {@code onTimePercent}. They are registered as Esper single-row functions (see
 * {@link RuleSafety#restrict}); no other Java code is reachable from EPL.
 *
 * <p>Instants are epoch milliseconds, as in the fact types. A null argument gives null, so a
 * rule can pass a deadline that is not set yet without guarding it.
 */
public final class RuleFunctions {
    /** Function name in EPL to method name here: what {@link RuleSafety} registers and allows. */
    static final Map<String, String> FUNCTIONS = Map.of(
            "hoursBetween", "hoursBetween",
            "formatInstant", "formatInstant",
            "runsOutAt", "runsOutAt",
            "demandPerDay", "demandPerDay",
            "inboundWithin", "inboundWithin",
            "onTimePercent", "onTimePercent");

    private RuleFunctions() {}

    /** Hours from {@code from} to {@code to} (negative when {@code to} is earlier), fractional. */
    public static Double hoursBetween(Long from, Long to) {
        if (from == null || to == null) return null;
        return (to - from) / 3_600_000.0;
    }

    /** An instant as ISO-8601 UTC text ({@code 2026-01-05T10:15:00Z}), as alert messages show it. */
    public static String formatInstant(Long instant) {
        return instant == null ? null : Instants.format(instant);
    }

    /**
     * When {@code stock} is projected to fall to {@code level} or below within {@code days} of
     * its time, drawn down at its demand over the last {@code demandDays} days and topped up by
     * its supply due in (see {@link StockLevel#runsOutAt}); null when it lasts.
     */
    public static Long runsOutAt(StockLevel stock, Long days, Long demandDays, Long level) {
        if (stock == null || days == null || demandDays == null || level == null) return null;
        return stock.runsOutAt(stock.occurredAt + days * Instants.DAY, demandDays.intValue(), level);
    }

    /** Units a day issued from {@code stock} over the last {@code demandDays} days, to one decimal. */
    public static Double demandPerDay(StockLevel stock, Long demandDays) {
        if (stock == null || demandDays == null) return null;
        return Math.round(stock.demandPerDay(demandDays.intValue()) * 10) / 10.0;
    }

    /** Units due in to {@code stock} within {@code days} of its time (overdue supply included). */
    public static Long inboundWithin(StockLevel stock, Long days) {
        if (stock == null || days == null) return null;
        return stock.inboundBy(stock.occurredAt + days * Instants.DAY);
    }

    /**
     * The share of the supplier's latest {@code lastPos} receipts no more than {@code graceMinutes}
     * late, as a percentage rounded down; null while fewer are known (see {@link SupplierRecord#onTimeRate}).
     */
    public static Long onTimePercent(SupplierRecord supplier, Long lastPos, Long graceMinutes) {
        if (supplier == null || lastPos == null || graceMinutes == null) return null;
        Double rate = supplier.onTimeRate(lastPos.intValue(), graceMinutes);
        return rate == null ? null : (long) Math.floor(rate * 100 + 1e-9);
    }
}
