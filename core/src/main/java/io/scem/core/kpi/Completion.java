package io.scem.core.kpi;

/**
 * One entity reaching the end of its lifecycle, with what the performance KPIs need from it: a
 * PO received, a work order completed, a shipment delivered. (A customer order's KPIs come from
 * its status once delivered: {@code io.scem.core.order.OrderStatus}.) Times are event time; a
 * public-field POJO so that Flink serializes it itself.
 */
public class Completion {
    public enum Kind { SUPPLIER_DELIVERY, WORK_ORDER, SHIPMENT }

    public Kind kind;
    /** When the entity completed (receipt, completion, delivery). */
    public long at;
    public String site;
    public String supplierId;
    public String carrierId;
    /** When the lifecycle began (PO placed, work order released, shipment dispatched); null if unseen. */
    public Long startedAt;
    /** The promise it is measured against (a PO's original promise, a due or promised time); null if none. */
    public Long promisedAt;
    /** Units asked for and units provided (received, completed, issued); null when not applicable. */
    public Long ordered;
    public Long provided;

    public Completion() {}

    static Completion of(Kind kind, long at, String site) {
        Completion c = new Completion();
        c.kind = kind;
        c.at = at;
        c.site = site;
        return c;
    }

    /** Completed no later than its promise; true when there was no promise to miss. */
    public boolean onTime() {
        return promisedAt == null || at <= promisedAt;
    }

    /** All that was asked for was provided; true when quantities do not apply. */
    public boolean inFull() {
        return ordered == null || provided == null || provided >= ordered;
    }

    /** From start to completion, or null when the start was not seen. */
    public Long leadTimeMillis() {
        return startedAt == null ? null : at - startedAt;
    }

    /** How far past its promise it completed; 0 when on time or without a promise. */
    public long latenessMillis() {
        return promisedAt == null ? 0 : Math.max(0, at - promisedAt);
    }
}
