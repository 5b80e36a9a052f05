package io.scem.core.entity;

import io.scem.core.event.EventType;
import io.scem.core.event.SupplyEvent;

/**
 * A supplier's delivery record: how late each of its latest POs was received against the
 * original promise (the {@code expectedAt} of PO_PLACED). A fact per receipt that closes one of
 * its POs; the PO entity passes the receipt on as a derived event ({@link DerivedEvents}) with
 * the supplier and the promise, since receipts do not name the supplier.
 */
public class SupplierRecord extends EntityFact {
    /** Receipts remembered: the longest run of POs a rule can rate a supplier over. */
    public static final int MAX_RECORDED = 50;

    public String supplierId;
    /** Minutes late (negative: early) of its latest receipts, newest first, at most {@link #MAX_RECORDED}. */
    public long[] recentLatenessMinutes = new long[0];
    /** Receipts recorded since the supplier was first seen (not only the remembered ones). */
    public long receipts;
    /** The receipt behind this fact: its PO and how late it was. */
    public String poId;
    public long latenessMinutes;

    public SupplierRecord() {}

    /** Records a derived GOODS_RECEIVED: {@code supplierId}, {@code poId}, {@code expectedAt} (the promise). */
    public static SupplierRecord next(SupplierRecord current, SupplyEvent e) {
        if (e.type != EventType.GOODS_RECEIVED || e.expectedAt == null) {
            throw new IllegalArgumentException("not a receipt against a promise: " + e);
        }
        SupplierRecord r = new SupplierRecord();
        r.supplierId = e.supplierId;
        r.poId = e.poId;
        r.latenessMinutes = Math.floorDiv(e.occurredAt - e.expectedAt, 60_000L);
        long[] before = current == null ? new long[0] : current.recentLatenessMinutes;
        long[] recent = new long[Math.min(before.length + 1, MAX_RECORDED)];
        recent[0] = r.latenessMinutes;
        System.arraycopy(before, 0, recent, 1, recent.length - 1);
        r.recentLatenessMinutes = recent;
        r.receipts = (current == null ? 0 : current.receipts) + 1;
        r.stamp(e);
        return r;
    }

    /**
     * The share of the latest {@code lastPos} receipts that came no more than {@code graceMinutes}
     * after their promise, or null while fewer than {@code lastPos} are known (a supplier is not
     * rated on one PO). {@code lastPos} is capped at {@link #MAX_RECORDED}.
     */
    public Double onTimeRate(int lastPos, long graceMinutes) {
        int n = Math.max(1, Math.min(lastPos, MAX_RECORDED));
        if (recentLatenessMinutes.length < n) return null;
        int onTime = 0;
        for (int i = 0; i < n; i++) if (recentLatenessMinutes[i] <= graceMinutes) onTime++;
        return (double) onTime / n;
    }

    @Override
    public String entityKey() {
        return EntityKeys.supplier(supplierId);
    }

    public String getSupplierId() { return supplierId; }
    public long getReceipts() { return receipts; }
    public String getPoId() { return poId; }
    public long getLatenessMinutes() { return latenessMinutes; }
    public double getLatenessHours() { return latenessMinutes / 60.0; }
}
