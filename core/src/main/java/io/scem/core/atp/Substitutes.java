package io.scem.core.atp;

import io.scem.core.reference.Item;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which SKUs can replace a SKU at a site, best first: the {@code substitutes} column of {@code rules/items.csv}. */
public final class Substitutes implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final Substitutes NONE = new Substitutes(List.of());

    private final Map<String, List<String>> bySiteSku = new HashMap<>();

    public Substitutes(List<Item> items) {
        for (Item item : items) {
            String column = item.getSubstitutes();
            if (column == null || column.isBlank()) continue;
            List<String> skus = Arrays.stream(column.split(";")).map(String::strip)
                    .filter(s -> !s.isEmpty() && !s.equals(item.getSku())).distinct().toList();
            if (!skus.isEmpty()) bySiteSku.put(AtpProfile.key(item.getSite(), item.getSku()), skus);
        }
    }

    /** The substitutes of {@code sku} at {@code site}, best first; empty if none. */
    public List<String> of(String site, String sku) {
        return bySiteSku.getOrDefault(AtpProfile.key(site, sku), List.of());
    }
}
