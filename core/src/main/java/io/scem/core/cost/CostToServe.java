package io.scem.core.cost;

/**
 * What one delivered order earned and what serving it cost, in the currency of {@code
 * costs.yaml}, rounded to cents. Cost to serve is what it took to get the goods to the customer
 * (handling, transport, expedite, exceptions, lateness penalty), apart from the product's own
 * cost; the margin is revenue minus both. A public-field POJO, never changed once made.
 */
public class CostToServe {
    /** The currency of every amount, as {@code costs.yaml} names it. */
    public String currency;
    public double revenue;
    public double productCost;
    public double handling;
    public double transport;
    public double expedite;
    public double exceptions;
    public double latenessPenalty;
    /** handling + transport + expedite + exceptions + latenessPenalty. */
    public double costToServe;
    /** revenue − productCost − costToServe. */
    public double margin;

    public CostToServe() {}

    static CostToServe of(String currency, double revenue, double productCost, double handling, double transport, double expedite,
            double exceptions, double latenessPenalty) {
        CostToServe c = new CostToServe();
        c.currency = currency;
        c.revenue = cents(revenue);
        c.productCost = cents(productCost);
        c.handling = cents(handling);
        c.transport = cents(transport);
        c.expedite = cents(expedite);
        c.exceptions = cents(exceptions);
        c.latenessPenalty = cents(latenessPenalty);
        c.costToServe = cents(c.handling + c.transport + c.expedite + c.exceptions + c.latenessPenalty);
        c.margin = cents(c.revenue - c.productCost - c.costToServe);
        return c;
    }

    static double cents(double amount) {
        return Math.round(amount * 100) / 100.0;
    }
}
