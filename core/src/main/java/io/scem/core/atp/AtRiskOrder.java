package io.scem.core.atp;

/** An order the ATP book raised ORDER_AT_RISK for and has not resolved yet. Public fields for Flink's POJO serializer. */
public class AtRiskOrder {
    public String orderId;
    public String customerId;
    public String site;
    public String sku;
    /** What it had left to issue when placed. */
    public long quantity;
    public long promisedAt;
    /** When it was found at risk (its placement). */
    public long since;

    public AtRiskOrder() {}

    static AtRiskOrder of(AtpDecision d) {
        AtRiskOrder o = new AtRiskOrder();
        o.orderId = d.orderId;
        o.customerId = d.customerId;
        o.site = d.site;
        o.sku = d.sku;
        o.quantity = d.quantity;
        o.promisedAt = d.by;
        o.since = d.decidedAt;
        return o;
    }

    String stockKey() {
        return AtpProfile.key(site, sku);
    }
}
