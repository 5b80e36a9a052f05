package io.scem.core.sim;

import static io.scem.core.sim.SupplyChainSimulator.DAY;
import static io.scem.core.sim.SupplyChainSimulator.HOUR;

import java.util.SplittableRandom;

/**
 * Outages of a carrier's network (a hub closed by a strike, a storm, a sorting system down): every
 * shipment of that carrier due to arrive during one arrives after it. A flood of late deliveries of
 * one carrier, the cause that CARRIER_ISSUE is for.
 *
 * <p>Each carrier's outages of a day are drawn from the seed, the carrier and the day alone, apart
 * from the simulation's own random sequence: a dispatch asks about its shipment's arrival, days
 * ahead, and every dispatch that asks about the same day sees the same outages.
 */
final class CarrierOutages {
    static final long SHORTEST = 4 * HOUR, LONGEST = 10 * HOUR;

    private final long seed;
    private final double perCarrierDay;

    /** @param perCarrierDay the chance that a carrier has an outage starting on a given day */
    CarrierOutages(long seed, double perCarrierDay) {
        this.seed = seed;
        this.perCarrierDay = perCarrierDay;
    }

    /** One outage: from {@code start} (inclusive) to {@code end} (exclusive). */
    record Outage(long start, long end) {}

    /** {@code carrier}'s outage that {@code at} falls in, or null if none does. */
    Outage at(String carrier, long at) {
        if (perCarrierDay <= 0) return null;
        long today = Math.floorDiv(at, DAY);
        // An outage that starts late in the day before may last into this one.
        for (long day = today - 1; day <= today; day++) {
            SplittableRandom random = new SplittableRandom(seed * 31 + carrier.hashCode() * 1_000_003L + day);
            if (random.nextDouble() >= perCarrierDay) continue;
            long start = day * DAY + random.nextLong(DAY) / 1000 * 1000;
            long end = start + SHORTEST + random.nextLong(LONGEST - SHORTEST) / 1000 * 1000;
            if (at >= start && at < end) return new Outage(start, end);
        }
        return null;
    }
}
