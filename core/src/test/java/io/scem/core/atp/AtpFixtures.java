package io.scem.core.atp;

import io.scem.core.entity.CustomerOrder;
import io.scem.core.event.Instants;
import io.scem.core.reference.Item;
import java.util.List;

/** Small builders for ATP tests: profiles and orders with named instants. */
final class AtpFixtures {
    static final long PLACED = Instants.parse("2026-01-10T09:00:00Z");
    static final long PROMISE = Instants.parse("2026-01-12T18:00:00Z");
    static final long RECEIPT = Instants.parse("2026-01-14T09:00:00Z");
    static final long FAR = Instants.parse("2026-02-20T00:00:00Z");
    static final Substitutes SUBSTITUTES = new Substitutes(List.of(new Item("DC3", "SKU-9", 10, 3, "SKU-2;SKU-5")));

    private AtpFixtures() {}

    /** A profile: on hand, then pairs of (orderId, quantity) allocated; receipts with {@link #receipts}. */
    static AtpProfile profile(String site, String sku, long onHand, Object... allocations) {
        AtpProfile p = new AtpProfile();
        p.site = site;
        p.sku = sku;
        p.asOf = PLACED;
        p.eventId = "ev-" + site + "-" + sku;
        p.onHand = onHand;
        p.allocatedOrders = new String[allocations.length / 2];
        p.allocatedQuantity = new long[allocations.length / 2];
        for (int i = 0; i < allocations.length / 2; i++) {
            p.allocatedOrders[i] = (String) allocations[2 * i];
            p.allocatedQuantity[i] = ((Number) allocations[2 * i + 1]).longValue();
        }
        return p;
    }

    /** The profile with receipts: pairs of (due time, quantity), in due order. */
    static AtpProfile receipts(AtpProfile p, long... dueAndQuantity) {
        p.receiptDueAt = new long[dueAndQuantity.length / 2];
        p.receiptQuantity = new long[dueAndQuantity.length / 2];
        for (int i = 0; i < dueAndQuantity.length / 2; i++) {
            p.receiptDueAt[i] = dueAndQuantity[2 * i];
            p.receiptQuantity[i] = dueAndQuantity[2 * i + 1];
        }
        return p;
    }

    /** DC3 holds 10 of SKU-9, 8 for SO-1 and 8 for SO-12, 20 due on the 14th and 30 beyond the horizon; DC1 has 40, DC2 5 + 10 due on the 11th; substitutes SKU-2 (15) and SKU-5 (3) at DC3. */
    static AtpProfiles world() {
        AtpProfiles profiles = new AtpProfiles();
        profiles.put(receipts(profile("DC3", "SKU-9", 10, "SO-1", 8, "SO-12", 8), RECEIPT, 20, FAR, 30));
        profiles.put(profile("DC1", "SKU-9", 40));
        profiles.put(receipts(profile("DC2", "SKU-9", 5), PLACED + Instants.DAY, 10));
        profiles.put(profile("DC3", "SKU-2", 15));
        profiles.put(profile("DC3", "SKU-5", 3));
        return profiles;
    }

    static CustomerOrder order(String eventType, String orderId, String site, String sku, long quantity, long at) {
        CustomerOrder o = new CustomerOrder();
        o.orderId = orderId;
        o.customerId = "CUST-3";
        o.site = site;
        o.sku = sku;
        o.quantity = quantity;
        o.promisedAt = PROMISE;
        o.placedAt = at;
        o.eventType = eventType;
        o.eventId = eventType.toLowerCase() + "-" + orderId;
        o.occurredAt = at;
        if (eventType.equals("ORDER_CANCELLED")) o.cancelledAt = at;
        if (eventType.equals("SHIPMENT_DISPATCHED")) o.dispatchedAt = at;
        return o;
    }
}
