package io.scem.core.notify;

import io.scem.core.alert.Alert;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which notification group an alert belongs to on one route: the route's path and the alert's
 * values of the route's {@code group_by} fields, written {@code root/0:rule=SUPPLIER_LATE,supplierId=SUP-2}.
 * The text form is what the job keys its state by, so it round-trips through {@link #parse}; a
 * {@code \}, {@code ,} or {@code =} inside a value is escaped with a backslash.
 *
 * @param labels the group_by fields (by JSON name) and the alert's values, in group_by order
 */
public record GroupKey(String routePath, Map<String, String> labels) {
    public GroupKey {
        Objects.requireNonNull(routePath);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public static GroupKey of(Route route, Alert alert) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (AlertField f : route.groupBy()) labels.put(f.fieldName(), f.of(alert));
        return new GroupKey(route.path(), labels);
    }

    /** Reads the text form back. */
    public static GroupKey parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) throw new IllegalArgumentException("not a group key: " + text);
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : splitUnescaped(text.substring(colon + 1), ',')) {
            List<String> kv = splitUnescaped(pair, '=');
            if (kv.size() != 2) throw new IllegalArgumentException("not a group key: " + text);
            labels.put(unescape(kv.get(0)), unescape(kv.get(1)));
        }
        return new GroupKey(text.substring(0, colon), labels);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(routePath).append(':');
        String sep = "";
        for (Map.Entry<String, String> e : labels.entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(escape(e.getValue()));
            sep = ",";
        }
        return b.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    }

    private static String unescape(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) c = value.charAt(++i);
            b.append(c);
        }
        return b.toString();
    }

    private static List<String> splitUnescaped(String text, char separator) {
        List<String> parts = new ArrayList<>();
        if (text.isEmpty()) return parts;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == separator) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
