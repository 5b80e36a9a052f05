package io.scem.core.event;

import java.util.Arrays;

/**
 * The eventIds an entity received recently, to drop duplicates. Kept as 64-bit fingerprints in
 * arrival order (nearly time order): forgetting the old ones is a cut at the front, a lookup is a
 * scan of a few longs, and no eventId string stays on the heap. Two different ids of one entity
 * would need the same 64-bit fingerprint within the horizon to be confused: about one chance in
 * 10^16 for an entity with a thousand events a day. A POJO, for Flink's serializer.
 */
public class RecentEventIds {
    public long[] fingerprints = new long[0];
    public long[] times = new long[0];
    public int size;

    public RecentEventIds() {}

    public boolean contains(String eventId) {
        return indexOf(fingerprint(eventId)) >= 0;
    }

    /**
     * Remembers {@code eventId} unless it is already known, first forgetting the ids that came
     * with a time before {@code forgetBefore}. Returns false for a duplicate.
     */
    public boolean addIfAbsent(String eventId, long time, long forgetBefore) {
        long fingerprint = fingerprint(eventId);
        if (indexOf(fingerprint) >= 0) {
            return false;
        }
        append(fingerprint, time, forgetBefore);
        return true;
    }

    private int indexOf(long fingerprint) {
        for (int i = 0; i < size; i++) {
            if (fingerprints[i] == fingerprint) return i;
        }
        return -1;
    }

    private void append(long fingerprint, long time, long forgetBefore) {
        int keepFrom = 0;
        while (keepFrom < size && times[keepFrom] < forgetBefore) keepFrom++;
        if (keepFrom > 0) {
            System.arraycopy(fingerprints, keepFrom, fingerprints, 0, size - keepFrom);
            System.arraycopy(times, keepFrom, times, 0, size - keepFrom);
            size -= keepFrom;
        }
        if (size == fingerprints.length) {
            int capacity = Math.max(4, size * 2);
            fingerprints = Arrays.copyOf(fingerprints, capacity);
            times = Arrays.copyOf(times, capacity);
        }
        fingerprints[size] = fingerprint;
        times[size] = time;
        size++;
    }

    /** FNV-1a over the UTF-16 code units, finished with a 64-bit mix (SplitMix64). */
    static long fingerprint(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
