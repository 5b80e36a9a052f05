package io.scem.core.sim;

import io.scem.core.event.EventType;
import io.scem.core.event.SupplyEvent;
import java.util.SplittableRandom;

/**
 * A deterministic generator of a realistic supply-chain event stream, for the demo, benchmarks
 * and tests. Sites stock SKUs; customers order them (orders are issued, dispatched, tracked and
 * delivered); low stock triggers purchase orders or work orders that replenish it; lines stop and
 * resume; stock is adjusted. Suppliers, carriers and production fail their promises at the rates
 * of {@link SimulationConfig.Disruptions}, and demand spikes drive items out of stock.
 *
 * <p>A discrete-event simulation: everything in progress is a {@link Process} on one agenda
 * ordered by time, so events come out in non-decreasing {@code occurredAt} order. Memory is
 * bounded by what is open at once (about 15 orders per site/SKU), not by the length of the run,
 * which is endless: call {@link #next()} or {@link #nextJson()} for as long as needed. The stream
 * is a function of the config alone. Not thread-safe.
 */
public final class SupplyChainSimulator {
    static final long SECOND = 1_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;
    static final int LINES_PER_SITE = 3;

    // One source system per stage, as a real integration would have (indexed by Stage ordinal).
    private static final String[] SOURCES = {"erp", "mes", "wms", "tms", "oms"};

    private final SimulationConfig config;
    private final SplittableRandom random;
    private final Agenda agenda = new Agenda();
    private final int suppliers;
    private long now;
    private long events;
    private long purchaseOrders;
    private long workOrders;
    private long customerOrders;
    private long shipments;
    private JsonLines lines;
    private final CarrierOutages carrierOutages;

    public SupplyChainSimulator(SimulationConfig config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
        this.now = config.start().toEpochMilli() / SECOND * SECOND;
        this.suppliers = Math.max(3, config.sites() * 4);
        SimulationConfig.Disruptions disruptions = config.disruptions();
        this.carrierOutages = new CarrierOutages(config.seed(), disruptions.carrierOutagesPerCarrierDay());
        for (int s = 1; s <= config.sites(); s++) {
            String site = "DC" + s;
            Item[] siteItems = new Item[config.skusPerSite()];
            for (int k = 0; k < siteItems.length; k++) {
                siteItems[k] = new Item(this, site, k + 1);
                schedule(siteItems[k], now); // its opening stock count
            }
            schedule(new StockAdjustments(siteItems), now + exponential(StockAdjustments.meanGap(siteItems)));
            if (disruptions.demandSpikesPerItemDay() > 0) {
                double meanGap = DAY / (disruptions.demandSpikesPerItemDay() * siteItems.length);
                schedule(new DemandSpikes(siteItems, meanGap), now + exponential(meanGap));
            }
            for (int l = 1; l <= LINES_PER_SITE; l++) {
                LineProcess line = new LineProcess(site, "L" + l);
                schedule(line, now + exponential(LineProcess.MEAN_RUN));
            }
        }
    }

    /** The next event of the clean stream (no noise): valid, unique id, in occurredAt order. */
    public SupplyEvent next() {
        while (true) {
            now = agenda.firstTime();
            Process p = agenda.poll();
            SupplyEvent e = p.step(this);
            if (e != null) {
                return e;
            }
        }
    }

    /**
     * The next line of the JSON-line output: the clean stream serialized by {@link #toJson}, plus
     * the configured {@link SimulationConfig.Noise}. Use either this or {@link #next()} on one
     * simulator, not both: they draw from the same stream.
     */
    public String nextJson() {
        if (lines == null) {
            lines = new JsonLines(this, config.noise(), config.seed());
        }
        return lines.next();
    }

    /** One event as one line of JSON, the contract's form: ISO-8601 instants, absent fields left out. */
    public static String toJson(SupplyEvent event) {
        return EventJson.write(event);
    }

    /** The simulated clock (epoch millis): no event generated from now on is older. */
    public long currentTime() {
        return now;
    }

    /** Events generated so far (clean stream, before noise). */
    public long eventCount() {
        return events;
    }

    /** Duplicate lines the JSON-line output has added so far. */
    public long duplicatesInjected() {
        return lines == null ? 0 : lines.duplicates;
    }

    /** Malformed lines the JSON-line output has added so far. */
    public long malformedInjected() {
        return lines == null ? 0 : lines.malformed;
    }

    public SimulationConfig config() {
        return config;
    }

    /** Processes in progress: bounded in the length of the run (tests check it). */
    int openProcesses() {
        return agenda.size();
    }

    // ---- for the processes ----

    long now() {
        return now;
    }

    SimulationConfig.Disruptions disruptions() {
        return config.disruptions();
    }

    CarrierOutages carrierOutages() {
        return carrierOutages;
    }

    double ordersPerItemDay() {
        return config.ordersPerItemDay();
    }

    /** Puts {@code p} on the agenda at {@code at}, never before now, so time never runs backwards. */
    void schedule(Process p, long at) {
        agenda.add(p, Math.max(at, now));
    }

    /** A new event stamped now, with the next event id. */
    SupplyEvent event(EventType type) {
        events++;
        SupplyEvent e = new SupplyEvent("ev-" + events, type, now);
        e.sequence = events;
        e.source = SOURCES[type.stage().ordinal()];
        return e;
    }

    String newPurchaseOrderId() {
        return "PO-" + (++purchaseOrders);
    }

    String newWorkOrderId() {
        return "WO-" + (++workOrders);
    }

    String newOrderId() {
        return "SO-" + (++customerOrders);
    }

    String newShipmentId() {
        return "SH-" + (++shipments);
    }

    String randomSupplier() {
        return "SUP-" + (1 + random.nextInt(suppliers));
    }

    // Whole seconds everywhere: instants then print as 2026-01-05T10:15:00Z, like real feeds.

    /** A duration uniformly in [lo, hi], whole seconds. */
    long between(long lo, long hi) {
        return (lo / SECOND + random.nextLong(hi / SECOND - lo / SECOND + 1)) * SECOND;
    }

    /** An exponentially distributed gap with this mean (a Poisson process), whole seconds. */
    long exponential(double meanMillis) {
        return Math.round(-Math.log(1.0 - random.nextDouble()) * meanMillis / SECOND) * SECOND;
    }

    double uniform(double lo, double hi) {
        return lo + random.nextDouble() * (hi - lo);
    }

    boolean chance(double p) {
        return p > 0 && random.nextDouble() < p;
    }

    int pick(int n) {
        return random.nextInt(n);
    }

    <T> T pick(T[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** Promises are made in whole hours, as planners do. */
    static long ceilHour(long t) {
        return Math.floorDiv(t + HOUR - 1, HOUR) * HOUR;
    }
}
