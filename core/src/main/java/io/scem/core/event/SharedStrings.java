package io.scem.core.event;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared instance per distinct value of the fields that name places, products and partners
 * (site, SKU, supplier, customer, carrier, ...). Every record that crosses a Flink keyBy is
 * deserialized into new strings, so without this each fact and each order status kept in state
 * holds its own copy of "SITE-03" and "SKU-0042": in a world of 10 sites × 500 SKUs that is
 * tens of megabytes of heap for a few thousand distinct values.
 *
 * <p>Ids of single occurrences (eventId, poId, orderId, ...) must not come here: they would fill
 * it. It is bounded: once 65,536 values are known, new ones are returned as they are
 * (still correct, just not shared), so a field with unexpectedly many values costs no memory.
 */
public final class SharedStrings {
    private static final SharedStrings NAMES = new SharedStrings(1 << 16);

    private final int capacity;
    private final ConcurrentHashMap<String, String> values = new ConcurrentHashMap<>();

    SharedStrings(int capacity) {
        this.capacity = capacity;
    }

    /** The shared instance equal to {@code value} (null for null). */
    public static String of(String value) {
        return NAMES.share(value);
    }

    String share(String value) {
        if (value == null) return null;
        String shared = values.get(value);
        if (shared != null) return shared;
        if (values.size() >= capacity) return value;
        shared = values.putIfAbsent(value, value);
        return shared == null ? value : shared;
    }
}
