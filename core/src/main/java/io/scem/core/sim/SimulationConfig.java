package io.scem.core.sim;

import java.time.Instant;

/**
 * What the {@link SupplyChainSimulator} simulates: how many sites and SKUs, from when, with which
 * seed, how often things go wrong, and what noise the JSON-line output carries.
 *
 * @param sites distribution centres/plants, named {@code DC1}, {@code DC2}, …
 * @param skusPerSite items stocked at each site, {@code SKU-1} … (the same catalogue everywhere)
 * @param start simulated instant of the first event (the opening stock counts)
 * @param seed the whole run, event for event, is a function of the config and this seed
 * @param ordersPerItemDay mean customer orders per site/SKU per simulated day
 * @param disruptions how often suppliers, carriers and production fail their promises
 * @param noise what the JSON-line output adds on top of the clean stream
 */
public record SimulationConfig(
        int sites,
        int skusPerSite,
        Instant start,
        long seed,
        double ordersPerItemDay,
        Disruptions disruptions,
        Noise noise) implements java.io.Serializable {

    /** Monday 5 January 2026, midnight UTC: an arbitrary but fixed origin for simulated time. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-05T00:00:00Z");

    /** The largest world the simulator accepts. */
    public static final int MAX_SITES = 999, MAX_SKUS_PER_SITE = 99_999;

    public SimulationConfig {
        if (sites < 1 || sites > MAX_SITES || skusPerSite < 1 || skusPerSite > MAX_SKUS_PER_SITE) {
            throw new IllegalArgumentException("sites must be 1.." + MAX_SITES + " and skusPerSite 1.." + MAX_SKUS_PER_SITE);
        }
        if (!(ordersPerItemDay > 0)) throw new IllegalArgumentException("ordersPerItemDay must be > 0");
        if (start == null || disruptions == null || noise == null) throw new NullPointerException();
    }

    /** The demo's world: 3 sites × 20 SKUs (~80k events a simulated month), default disruptions. */
    public static SimulationConfig defaults(long seed) {
        return new SimulationConfig(3, 20, DEFAULT_START, seed, 6.0, Disruptions.DEFAULT, Noise.NONE);
    }

    /** The benchmark's world: 10 sites × 500 SKUs (~6.5M events a simulated month). */
    public static SimulationConfig benchmark(long seed) {
        return defaults(seed).withSize(10, 500);
    }

    public SimulationConfig withSize(int sites, int skusPerSite) {
        return new SimulationConfig(sites, skusPerSite, start, seed, ordersPerItemDay, disruptions, noise);
    }

    public SimulationConfig withStart(Instant start) {
        return new SimulationConfig(sites, skusPerSite, start, seed, ordersPerItemDay, disruptions, noise);
    }

    public SimulationConfig withDisruptions(Disruptions disruptions) {
        return new SimulationConfig(sites, skusPerSite, start, seed, ordersPerItemDay, disruptions, noise);
    }

    public SimulationConfig withNoise(Noise noise) {
        return new SimulationConfig(sites, skusPerSite, start, seed, ordersPerItemDay, disruptions, noise);
    }

    /**
     * Injected failures. Rates are probabilities per entity (a PO, a shipment, a work order) except
     * {@code demandSpikesPerItemDay} and {@code carrierOutagesPerCarrierDay}, per simulated day.
     *
     * @param latePo a PO is received after its (final) expectedAt
     * @param poSlip a PO_CONFIRMED moves expectedAt 1–3 days later, well before the first deadline
     * @param lateDelivery a shipment is delivered after its promisedAt
     * @param lateWorkOrder a work order completes after its dueAt
     * @param demandSpikesPerItemDay a burst of 6× the orders, twice as large, for 12–36 h: stock-outs
     * @param neverCompleted a PO is never received, a work order never completed, a shipment lost
     * @param slowHandling a PO is confirmed after more than a day, a work order starts only hours
     *     before it is due, an order waits more than a day in the warehouse before it ships
     * @param bulkOrders a customer order is a bulk order, 1.1 to 1.5 times what its site has on hand
     *     (more than the site can promise: ORDER_AT_RISK, with other sites or substitutes to offer);
     *     half of them are cancelled within hours, the others issued anyway (a stock-out)
     * @param carrierOutagesPerCarrierDay a carrier's network stops for 4–10 h starting that day, a
     *     probability per carrier per simulated day: its shipments due to arrive meanwhile get a new
     *     ETA when it begins and arrive 6–30 h after it ends (a flood of late deliveries: CARRIER_ISSUE)
     */
    public record Disruptions(
            double latePo,
            double poSlip,
            double lateDelivery,
            double lateWorkOrder,
            double demandSpikesPerItemDay,
            double neverCompleted,
            double slowHandling,
            double bulkOrders,
            double carrierOutagesPerCarrierDay) implements java.io.Serializable {

        public static final Disruptions DEFAULT = new Disruptions(0.05, 0.05, 0.03, 0.05, 0.005, 0.005, 0.02, 0.003, 0.1);
        /** Everything on time, no spikes: a world in which only noise and chance cause alerts. */
        public static final Disruptions NONE = new Disruptions(0, 0, 0, 0, 0, 0, 0, 0, 0);

        /** Without bulk orders and carrier outages. */
        public Disruptions(double latePo, double poSlip, double lateDelivery, double lateWorkOrder,
                double demandSpikesPerItemDay, double neverCompleted, double slowHandling) {
            this(latePo, poSlip, lateDelivery, lateWorkOrder, demandSpikesPerItemDay, neverCompleted, slowHandling, 0, 0);
        }

        public Disruptions withNeverCompleted(double rate) {
            return new Disruptions(latePo, poSlip, lateDelivery, lateWorkOrder, demandSpikesPerItemDay, rate, slowHandling,
                    bulkOrders, carrierOutagesPerCarrierDay);
        }
    }

    /**
     * Faults of the transport, not of the supply chain; only the JSON-line output carries them, so
     * the decoded valid events (after removing duplicates) are the same with or without noise.
     *
     * @param duplicateRate fraction of lines repeated verbatim, 1–5 lines later
     * @param shuffleBoundMillis lines are reordered so that none is more than this older than a line
     *     before it (0: in order)
     * @param malformedRate fraction of extra lines that no decoder accepts (broken JSON, unknown
     *     type, bad instant), inserted between the real ones
     */
    public record Noise(double duplicateRate, long shuffleBoundMillis, double malformedRate) implements java.io.Serializable {
        public static final Noise NONE = new Noise(0, 0, 0);
        /** 1 % duplicates, shuffling within 2 minutes, 1 malformed line in 1000. */
        public static final Noise TYPICAL = new Noise(0.01, 120_000, 0.001);

        public Noise {
            if (shuffleBoundMillis < 0) throw new IllegalArgumentException("shuffleBoundMillis must be >= 0");
        }

        public boolean isNone() {
            return duplicateRate <= 0 && shuffleBoundMillis == 0 && malformedRate <= 0;
        }
    }
}
