package io.scem.core.reference;

import java.io.Serializable;

/**
 * Reference data of one SKU at one site, maintained by rule authors in {@code rules/items.csv}.
 * Rules see it as the EPL table {@code Items}, keyed by site and SKU (see rules/README.md).
 */
public final class Item implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String site;
    private final String sku;
    private final long safetyStock;
    private final long leadTimeDays;
    /** Other SKUs that can replace this one, best first, separated by ';' (empty: none). */
    private final String substitutes;

    public Item(String site, String sku, long safetyStock, long leadTimeDays, String substitutes) {
        this.site = site;
        this.sku = sku;
        this.safetyStock = safetyStock;
        this.leadTimeDays = leadTimeDays;
        this.substitutes = substitutes;
    }

    public String getSite() {
        return site;
    }

    public String getSku() {
        return sku;
    }

    public long getSafetyStock() {
        return safetyStock;
    }

    public long getLeadTimeDays() {
        return leadTimeDays;
    }

    public String getSubstitutes() {
        return substitutes;
    }
}
