package io.scem.core.atp;

/**
 * The answer to "can this quantity be promised here by then?": for an order at its placement (the
 * ATP book), or for a question asked with {@code scem atp}. When the site cannot promise it, the
 * alternatives that would work, best first ({@link Alternative}).
 *
 * <p>A plain value (public fields, arrays) for Flink's POJO serializer; JSON in {@link AtpJson}.
 */
public class AtpDecision {
    /** The site can promise the quantity by the time asked. */
    public static final String FEASIBLE = "FEASIBLE";
    /** It cannot, but an alternative would work. */
    public static final String AT_RISK = "AT_RISK";
    /** Neither the site, by the promise or within the horizon, nor another site nor a substitute can. */
    public static final String CANNOT_BE_MET = "CANNOT_BE_MET";

    /** The order decided on; null for a question. */
    public String orderId;
    public String customerId;
    public String site;
    public String sku;
    /** Units asked for (for an order: what it has left to issue). */
    public long quantity;
    /** By when (an order's promisedAt). */
    public long by;
    /** When it was decided (event time), and the event it was decided on. */
    public long decidedAt;
    public String eventId;
    public String outcome;
    /** What the site can promise by {@link #by} (without the order's own allocation). */
    public long available;
    /** Of which on hand, allocated to other orders, and due in by then. */
    public long onHand;
    public long allocated;
    public long dueIn;
    public Alternative[] alternatives = new Alternative[0];

    public AtpDecision() {}

    public boolean feasible() {
        return FEASIBLE.equals(outcome);
    }

    /** One way to meet the quantity when the site cannot by the time asked. */
    public static class Alternative {
        /** The same SKU from another site, by the time asked. */
        public static final String OTHER_SITE = "OTHER_SITE";
        /** A substitute SKU (items.csv) at the same site, by the time asked. */
        public static final String SUBSTITUTE = "SUBSTITUTE";
        /** The same site and SKU, later. */
        public static final String LATER_DATE = "LATER_DATE";

        public String kind;
        public String site;
        public String sku;
        /** What it can promise by {@link #at}. */
        public long available;
        /** By when: the time asked, or for {@link #LATER_DATE} the earliest time the site can promise. */
        public long at;

        public Alternative() {}

        public Alternative(String kind, String site, String sku, long available, long at) {
            this.kind = kind;
            this.site = site;
            this.sku = sku;
            this.available = available;
            this.at = at;
        }

        @Override
        public String toString() {
            return kind + " " + site + " " + sku + " " + available + " @" + at;
        }
    }
}
