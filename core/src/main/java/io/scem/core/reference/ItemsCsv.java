package io.scem.core.reference;

import io.scem.core.rules.RuleProblem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code items.csv}: a header line naming the columns (any order, the five below, extra
 * columns ignored), then one line per site and SKU; blank lines and lines starting with '#' are
 * skipped. Values hold no commas, so no quoting is needed. Problems come back with their line.
 *
 * <pre>
 * site,sku,safetyStock,leadTimeDays,substitutes
 * DC1,SKU-1,40,7,SKU-2;SKU-7
 * </pre>
 */
public final class ItemsCsv {
    public static final String FILE = "items.csv";
    private static final List<String> COLUMNS = List.of("site", "sku", "safetyStock", "leadTimeDays", "substitutes");

    /** The items, or the problems that stop the file from being used. */
    public record Result(List<Item> items, List<RuleProblem> problems) {}

    private ItemsCsv() {}

    public static Result parse(String text) {
        List<Item> items = new ArrayList<>();
        List<RuleProblem> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        int[] column = null;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] cells = line.split(",", -1);
            if (column == null) {
                column = header(cells, lineNo, problems);
                if (column == null) return new Result(List.of(), problems);
                continue;
            }
            try {
                String site = required(cells, column[0], "site");
                String sku = required(cells, column[1], "sku");
                long safetyStock = number(cells, column[2], "safetyStock");
                long leadTimeDays = number(cells, column[3], "leadTimeDays");
                String substitutes = column[4] < 0 || column[4] >= cells.length ? "" : cells[column[4]].strip();
                if (!seen.add(site + "|" + sku)) {
                    throw new IllegalArgumentException(site + " " + sku + " is listed twice");
                }
                items.add(new Item(site, sku, safetyStock, leadTimeDays, substitutes));
            } catch (IllegalArgumentException e) {
                problems.add(new RuleProblem(FILE, lineNo, 1, e.getMessage()));
            }
        }
        return new Result(items, problems);
    }

    private static int[] header(String[] cells, int lineNo, List<RuleProblem> problems) {
        int[] column = new int[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            column[c] = -1;
            for (int j = 0; j < cells.length; j++) {
                if (cells[j].strip().equals(COLUMNS.get(c))) column[c] = j;
            }
        }
        for (int c = 0; c < 4; c++) {
            if (column[c] < 0) {
                problems.add(new RuleProblem(FILE, lineNo, 1,
                        "the header must name the columns " + String.join(",", COLUMNS) + " (substitutes may be left out); '"
                                + COLUMNS.get(c) + "' is missing"));
                return null;
            }
        }
        return column;
    }

    private static String required(String[] cells, int index, String name) {
        String value = index < cells.length ? cells[index].strip() : "";
        if (value.isEmpty()) throw new IllegalArgumentException(name + " is empty");
        return value;
    }

    private static long number(String[] cells, int index, String name) {
        String value = required(cells, index, name);
        try {
            long n = Long.parseLong(value);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, zero or more, not '" + value + "'");
        }
    }
}
