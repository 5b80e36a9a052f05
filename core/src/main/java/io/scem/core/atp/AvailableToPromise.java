package io.scem.core.atp;

import io.scem.core.atp.AtpDecision.Alternative;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides whether a quantity of a SKU can be promised at a site by a time, from the latest
 * profiles of every site and SKU, and if not, what would work instead. The same logic answers
 * the job's order placements and {@code scem atp}.
 *
 * <p>The alternatives, best first: first those that keep the promise, the same SKU before a
 * substitute — other sites with enough of the SKU by the time asked (most available first, then
 * by site name), then substitutes at the same site with enough by then (in the order items.csv
 * ranks them) — and last the earliest time within the horizon at which the site itself can
 * promise the quantity. None of them: the quantity cannot be met anywhere.
 */
public final class AvailableToPromise {
    private final AtpProfiles profiles;
    private final Substitutes substitutes;
    private final long horizon;

    /** @param horizon how far ahead of now the site's own earliest date is looked for (ms) */
    public AvailableToPromise(AtpProfiles profiles, Substitutes substitutes, long horizon) {
        this.profiles = profiles;
        this.substitutes = substitutes;
        this.horizon = horizon;
    }

    /**
     * @param orderId the order asking (its own allocation at the site is not counted against it),
     *     or null for a new question
     * @param by when the quantity is needed
     * @param now the current event time: the site's earliest date is looked for from then to the horizon
     */
    public AtpDecision decide(String orderId, String site, String sku, long quantity, long by, long now) {
        AtpProfile own = profiles.getOrEmpty(site, sku);
        AtpDecision d = new AtpDecision();
        d.orderId = orderId;
        d.site = site;
        d.sku = sku;
        d.quantity = quantity;
        d.by = by;
        d.decidedAt = now;
        d.onHand = own.onHand;
        d.allocated = own.allocated() - own.allocatedTo(orderId);
        d.dueIn = own.receiptsBy(by);
        d.available = own.availableExcluding(orderId, by);
        if (d.available >= quantity) {
            d.outcome = AtpDecision.FEASIBLE;
            return d;
        }
        List<Alternative> alternatives = new ArrayList<>();
        List<Alternative> sites = new ArrayList<>();
        for (AtpProfile other : profiles.ofSku(sku)) {
            if (other.site.equals(site)) continue;
            long available = other.available(by);
            if (available >= quantity) sites.add(new Alternative(Alternative.OTHER_SITE, other.site, sku, available, by));
        }
        sites.sort(Comparator.comparingLong((Alternative a) -> -a.available).thenComparing(a -> a.site));
        alternatives.addAll(sites);
        for (String substitute : substitutes.of(site, sku)) {
            long available = profiles.getOrEmpty(site, substitute).available(by);
            if (available >= quantity) {
                alternatives.add(new Alternative(Alternative.SUBSTITUTE, site, substitute, available, by));
            }
        }
        Long earliest = own.earliest(quantity, now, now + horizon, orderId);
        if (earliest != null) {
            alternatives.add(new Alternative(Alternative.LATER_DATE, site, sku,
                    own.availableExcluding(orderId, earliest), earliest));
        }
        d.alternatives = alternatives.toArray(new Alternative[0]);
        d.outcome = alternatives.isEmpty() ? AtpDecision.CANNOT_BE_MET : AtpDecision.AT_RISK;
        return d;
    }

    /** The horizon in days, for messages. */
    public long horizonDays() {
        return horizon / io.scem.core.event.Instants.DAY;
    }
}
