package io.scem.core.event;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One shared instance per distinct value of the fields that name places, products and partners
 * (site, SKU, supplier, customer, carrier, ...: {@link Field#isName}). Every record that crosses a
 * Flink keyBy is deserialized into new strings, so without this each fact and each order status
 * kept in state holds its own copy of "SITE-03" and "SKU-0042": in a world of 10 sites × 500 SKUs
 * that is tens of megabytes of heap for a few thousand distinct values. Readers of bytes (the
 * event scanner, the keyBy's serializer) look a name up by its bytes ({@link #ofAscii}), so that
 * a known one costs no string at all.
 *
 * <p>Ids of single occurrences (eventId, poId, orderId, ...) must not come here: they would fill
 * it. It is bounded: once 65,536 values are known, new ones are returned as they are
 * (still correct, just not shared), so a field with unexpectedly many values costs no memory.
 *
 * <p>The values live in a table with open addressing that only grows: a slot once set never
 * changes, so lookups from any thread take no lock, and an insert is one compare-and-set.
 */
public final class SharedStrings {
    private static final SharedStrings NAMES = new SharedStrings(1 << 16);

    private final int capacity;
    private final AtomicReferenceArray<String> slots;
    /** log2 of the table's size: at least twice the capacity, so that probes stay short and a free slot is always left. */
    private final int bits;
    private final AtomicInteger size = new AtomicInteger();

    SharedStrings(int capacity) {
        this.capacity = capacity;
        this.bits = 33 - Integer.numberOfLeadingZeros(Math.max(capacity, 2) - 1);
        this.slots = new AtomicReferenceArray<>(1 << bits);
    }

    /** The shared instance equal to {@code value} (null for null). */
    public static String of(String value) {
        return NAMES.share(value);
    }

    /**
     * The shared instance of the text whose characters are {@code ascii[from, from + length)}, all
     * below 0x80; a string is made only for a value not known yet.
     */
    public static String ofAscii(byte[] ascii, int from, int length) {
        return NAMES.shareAscii(ascii, from, length);
    }

    String share(String value) {
        if (value == null) return null;
        int slot = firstSlot(value.hashCode());
        for (String known; (known = slots.get(slot)) != null; slot = next(slot)) {
            if (known.equals(value)) return known;
        }
        return insert(slot, value);
    }

    String shareAscii(byte[] ascii, int from, int length) {
        int hash = 0; // String.hashCode's, which for these characters is over their bytes
        for (int i = from; i < from + length; i++) hash = 31 * hash + ascii[i];
        int slot = firstSlot(hash);
        for (String known; (known = slots.get(slot)) != null; slot = next(slot)) {
            if (sameText(known, ascii, from, length)) return known;
        }
        return insert(slot, new String(ascii, from, length, StandardCharsets.ISO_8859_1));
    }

    /** Puts {@code value} into the first free slot from {@code slot} on, unless another thread put it there first. */
    private String insert(int slot, String value) {
        while (size.get() < capacity) {
            if (slots.compareAndSet(slot, null, value)) {
                size.incrementAndGet();
                return value;
            }
            for (String known; (known = slots.get(slot)) != null; slot = next(slot)) {
                if (known.equals(value)) return known;
            }
        }
        return value;
    }

    private int firstSlot(int hash) {
        return (hash * 0x9E3779B9) >>> (32 - bits);
    }

    private int next(int slot) {
        return (slot + 1) & ((1 << bits) - 1);
    }

    private static boolean sameText(String known, byte[] ascii, int from, int length) {
        if (known.length() != length) return false;
        for (int i = 0; i < length; i++) {
            if (known.charAt(i) != ascii[from + i]) return false;
        }
        return true;
    }
}
