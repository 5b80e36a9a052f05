package io.scem.core.atp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest {@link AtpProfile} of every site and SKU, indexed by SKU as well, so that "which
 * other sites have it" is one lookup. Filled by the ATP book in the job, or from the published
 * profiles by {@code scem atp}.
 */
public final class AtpProfiles {
    private final Map<String, AtpProfile> byKey = new HashMap<>();
    /** Per SKU, its sites in name order: alternatives come out in the same order every time. */
    private final Map<String, TreeMap<String, AtpProfile>> bySku = new HashMap<>();

    /** Keeps {@code profile} as the latest of its site and SKU. */
    public void put(AtpProfile profile) {
        byKey.put(profile.key(), profile);
        bySku.computeIfAbsent(profile.sku, sku -> new TreeMap<>()).put(profile.site, profile);
    }

    /** The profile of a site and SKU, or null if none was heard of. */
    public AtpProfile get(String site, String sku) {
        return byKey.get(AtpProfile.key(site, sku));
    }

    /** The profile of a site and SKU, or an empty one. */
    public AtpProfile getOrEmpty(String site, String sku) {
        AtpProfile p = get(site, sku);
        return p == null ? AtpProfile.empty(site, sku) : p;
    }

    /** The profiles of one SKU at every site, by site name. */
    public Collection<AtpProfile> ofSku(String sku) {
        TreeMap<String, AtpProfile> sites = bySku.get(sku);
        return sites == null ? List.of() : sites.values();
    }

    public Collection<AtpProfile> all() {
        return byKey.values();
    }

    /** Every profile, by key: what a checkpoint keeps. */
    public List<AtpProfile> sorted() {
        List<AtpProfile> out = new ArrayList<>(byKey.values());
        out.sort(java.util.Comparator.comparing(AtpProfile::key));
        return out;
    }

    /** The newest {@code asOf} of all profiles: how current this view is. */
    public long newest() {
        long newest = Long.MIN_VALUE;
        for (AtpProfile p : byKey.values()) newest = Math.max(newest, p.asOf);
        return newest;
    }

    public int size() {
        return byKey.size();
    }
}
