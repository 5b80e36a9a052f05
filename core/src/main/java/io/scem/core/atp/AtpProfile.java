package io.scem.core.atp;

import io.scem.core.entity.StockLevel;
import io.scem.core.event.Instants;

/**
 * Available-to-promise of one SKU at one site, as of one moment: on-hand, the units allocated to
 * open customer orders not yet issued (per order), and the scheduled receipts (open POs and work
 * orders) by due time. What can still be promised by time {@code t} is
 *
 * <pre>available(t) = onHand − allocated + receipts due at or before t</pre>
 *
 * (receipts already overdue count, as the stock's projection counts them: they are still expected).
 * It only grows with {@code t}, so the earliest time a quantity is available is the due time of
 * the receipt that makes it up.
 *
 * <p>A plain value (public fields for Flink's POJO serializer); arrays are never changed in place.
 */
public class AtpProfile {
    /** How far ahead a promise is looked for unless said otherwise. */
    public static final long DEFAULT_HORIZON = 30 * Instants.DAY;

    public String site;
    public String sku;
    /** When this profile was last changed (event time) and by which event. */
    public long asOf;
    public String eventId;
    public long onHand;
    /** Open orders not yet issued: orderId and the units left to issue. */
    public String[] allocatedOrders = new String[0];
    public long[] allocatedQuantity = new long[0];
    /** Scheduled receipts in due order. */
    public long[] receiptDueAt = new long[0];
    public long[] receiptQuantity = new long[0];

    /** {@link #key()}, made once: the book looks profiles up by it at every change. */
    private transient String key;

    public AtpProfile() {}

    /** The profile of a stock after its latest change. Shares the stock's arrays (they never change in place). */
    public static AtpProfile of(StockLevel stock) {
        AtpProfile p = new AtpProfile();
        p.site = stock.site;
        p.sku = stock.sku;
        p.asOf = stock.changedAt;
        p.eventId = stock.changedBy;
        p.onHand = stock.onHand;
        p.allocatedOrders = stock.allocatedIds;
        p.allocatedQuantity = stock.allocatedQuantity;
        p.receiptDueAt = stock.inboundDueAt;
        p.receiptQuantity = stock.inboundQuantity;
        return p;
    }

    /** The key of a site and SKU, as profiles are kept and published: {@code DC1|SKU-9}. */
    public static String key(String site, String sku) {
        return site + '|' + sku;
    }

    public String key() {
        if (key == null) key = key(site, sku);
        return key;
    }

    /** Units allocated to every open order. */
    public long allocated() {
        long total = 0;
        for (long q : allocatedQuantity) total += q;
        return total;
    }

    /** Units allocated to {@code orderId} (0 if none, or for a null id). */
    public long allocatedTo(String orderId) {
        if (orderId == null) return 0;
        for (int i = 0; i < allocatedOrders.length; i++) {
            if (allocatedOrders[i].equals(orderId)) return allocatedQuantity[i];
        }
        return 0;
    }

    /** Units due in at or before {@code t}. */
    public long receiptsBy(long t) {
        long total = 0;
        for (int i = 0; i < receiptDueAt.length && receiptDueAt[i] <= t; i++) total += receiptQuantity[i];
        return total;
    }

    /** What can be promised by {@code t}. */
    public long available(long t) {
        return availableExcluding(null, t);
    }

    /** What can be promised by {@code t} to {@code orderId}: its own allocation is not taken from it. */
    public long availableExcluding(String orderId, long t) {
        return onHand - allocated() + allocatedTo(orderId) + receiptsBy(t);
    }

    /**
     * The earliest time in [{@code from}, {@code until}] at which {@code quantity} can be promised
     * to {@code orderId} (null: a new order), or null if not within that window.
     */
    public Long earliest(long quantity, long from, long until, String orderId) {
        long base = onHand - allocated() + allocatedTo(orderId);
        long cumulative = base + receiptsBy(from);
        if (cumulative >= quantity) return from;
        for (int i = 0; i < receiptDueAt.length && receiptDueAt[i] <= until; i++) {
            if (receiptDueAt[i] <= from) continue;
            cumulative += receiptQuantity[i];
            if (cumulative >= quantity) return receiptDueAt[i];
        }
        return null;
    }

    /**
     * The time-phased profile for display: what can be promised by the end of each UTC day, for
     * {@code days} days starting with the day of {@code from}.
     */
    public long[] daily(long from, int days) {
        long[] out = new long[days];
        long dayStart = Instants.epochDay(from) * Instants.DAY;
        for (int i = 0; i < days; i++) out[i] = available(dayStart + (i + 1) * Instants.DAY - 1);
        return out;
    }

    /** An empty profile (nothing on hand, due in or allocated), for a site and SKU never heard of. */
    public static AtpProfile empty(String site, String sku) {
        AtpProfile p = new AtpProfile();
        p.site = site;
        p.sku = sku;
        p.asOf = Long.MIN_VALUE;
        return p;
    }

    @Override
    public String toString() {
        return key() + " on hand " + onHand + ", allocated " + allocated() + ", " + receiptDueAt.length + " receipts";
    }
}
