package io.scem.core.cost;

import io.scem.core.event.Instants;
import io.scem.core.order.OrderStatus;
import java.io.Serializable;
import java.util.Map;

/**
 * The cost-to-serve reference data of {@code rules/costs.yaml} (read by {@link CostsFile}), and
 * how a delivered order is priced with it:
 *
 * <ul>
 *   <li>revenue = price of the SKU × units delivered (issued, at most the quantity ordered);
 *   <li>product cost = unit cost of the SKU × units issued;
 *   <li>handling = handling per pick × picks (GOODS_ISSUED events naming the order);
 *   <li>transport = the carrier's rate per shipment + its rate per unit × units issued (the event
 *       contract has no transport mode, so rates are per carrier);
 *   <li>expedite = the carrier's expedite surcharge, when the order was dispatched later than its
 *       promise minus the carrier's standard transit time (it could only arrive on time sped up);
 *   <li>exceptions = cost per SHIPMENT_EXCEPTION × exceptions of its shipment;
 *   <li>lateness penalty = revenue × the share per day late × days late (started days after the
 *       promise), at most the maximum share.
 * </ul>
 *
 * An order whose SKU has no price, or whose carrier has no rate (and the file no {@code default}
 * for them), is not priced: a made-up figure would be worse than none.
 */
public final class CostModel implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The name of the file in the rules directory. */
    public static final String FILE = "costs.yaml";

    /** No reference data: no order is priced. */
    public static final CostModel NONE = new CostModel("", 0, 0, 0, 0, Map.of(), Map.of());

    /** A SKU's cost and price per unit. */
    public record SkuCost(double unitCost, double price) implements Serializable {}

    /** A carrier's rates: per shipment, per unit, the standard transit time and the expedite surcharge. */
    public record CarrierRate(double perShipment, double perUnit, double transitHours, double expedite)
            implements Serializable {}

    /** The key under {@code skus} and {@code carriers} that applies to those not listed. */
    public static final String DEFAULT = "default";

    private final String currency;
    private final double handlingPerPick;
    private final double exceptionCost;
    private final double penaltySharePerDay;
    private final double penaltyMaxShare;
    private final Map<String, SkuCost> skus;
    private final Map<String, CarrierRate> carriers;

    public CostModel(String currency, double handlingPerPick, double exceptionCost, double penaltySharePerDay,
            double penaltyMaxShare, Map<String, SkuCost> skus, Map<String, CarrierRate> carriers) {
        this.currency = currency;
        this.handlingPerPick = handlingPerPick;
        this.exceptionCost = exceptionCost;
        this.penaltySharePerDay = penaltySharePerDay;
        this.penaltyMaxShare = penaltyMaxShare;
        this.skus = Map.copyOf(skus);
        this.carriers = Map.copyOf(carriers);
    }

    public String currency() {
        return currency;
    }

    /** Whether the model prices anything at all. */
    public boolean isEmpty() {
        return skus.isEmpty() && carriers.isEmpty();
    }

    /** A priced order, or why it could not be priced. */
    public record Priced(CostToServe cost, String unknown) {}

    /** Prices a delivered order (a status not yet delivered has no final cost: unknown). */
    public Priced price(OrderStatus order) {
        if (order.deliveredAt == null) return new Priced(null, "not delivered");
        SkuCost sku = order.sku == null ? null : skus.getOrDefault(order.sku, skus.get(DEFAULT));
        if (sku == null) return new Priced(null, "no price for " + (order.sku == null ? "an unknown SKU" : order.sku) + " in " + FILE);
        CarrierRate carrier = order.carrierId == null ? null : carriers.getOrDefault(order.carrierId, carriers.get(DEFAULT));
        if (carrier == null) {
            return new Priced(null, "no rate for " + (order.carrierId == null ? "an unknown carrier" : "carrier " + order.carrierId)
                    + " in " + FILE);
        }
        long issued = order.issuedQuantity;
        long delivered = order.quantity == null ? issued : Math.min(issued, order.quantity);
        double revenue = sku.price() * delivered;
        double transport = carrier.perShipment() + carrier.perUnit() * issued;
        double expedite = wasExpedited(order, carrier) ? carrier.expedite() : 0;
        double penalty = revenue * Math.min(penaltyMaxShare, penaltySharePerDay * daysLate(order));
        return new Priced(CostToServe.of(currency, revenue, sku.unitCost() * issued, handlingPerPick * order.picks, transport,
                expedite, exceptionCost * order.exceptions, penalty), null);
    }

    /** Dispatched after the promise minus the carrier's standard transit: it had to go faster. */
    static boolean wasExpedited(OrderStatus order, CarrierRate carrier) {
        if (order.shippedAt == null || order.promisedAt == null) return false;
        return order.shippedAt > order.promisedAt - Math.round(carrier.transitHours() * Instants.HOUR);
    }

    /** Days late, counting a started day as a day: 1 ms to 24 h late is one day. */
    static long daysLate(OrderStatus order) {
        long late = order.latenessMillis(order.deliveredAt);
        return late <= 0 ? 0 : (late + Instants.DAY - 1) / Instants.DAY;
    }
}
