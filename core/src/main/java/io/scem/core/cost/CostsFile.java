package io.scem.core.cost;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.scem.core.rules.RuleProblem;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code costs.yaml}, the cost-to-serve reference data (see {@link CostModel}); problems
 * come back as {@code costs.yaml:LINE:1: message}, like those of the rule files, so that {@code
 * scem rules check} reports them the same way.
 *
 * <pre>
 * currency: EUR
 * handlingPerPick: 1.50        # per GOODS_ISSUED naming the order
 * exceptionCost: 25.00         # per SHIPMENT_EXCEPTION of its shipment
 * latenessPenalty: { sharePerDay: 0.05, maxShare: 0.25 }
 * carriers:
 *   DHL: { perShipment: 12.00, perUnit: 0.40, transitHours: 36, expedite: 30.00 }
 * skus:
 *   SKU-1: { unitCost: 8.00, price: 12.50 }
 *   default: { unitCost: 10.00, price: 15.00 }   # SKUs not listed (optional)
 * </pre>
 *
 * Every amount is a number of at least 0; shares are between 0 and 1.
 */
public final class CostsFile {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final Set<String> TOP = Set.of("currency", "handlingPerPick", "exceptionCost", "latenessPenalty",
            "carriers", "skus");

    /** The model, or the problems that stop the file from being used. */
    public record Result(CostModel model, List<RuleProblem> problems) {}

    private CostsFile() {}

    /** A value as read, with the line it starts on: a map (of entries in file order) or a scalar. */
    private record Node(int line, Map<String, Node> map, String text, boolean number) {}

    public static Result parse(String text) {
        List<RuleProblem> problems = new ArrayList<>();
        Node root;
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) return new Result(CostModel.NONE, List.of());
            root = read(p, problems);
        } catch (IOException e) {
            int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    ? j.getLocation().getLineNr() : 1;
            problems.add(problem(line, "not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
            return new Result(CostModel.NONE, problems);
        }
        if (root.map() == null) {
            problems.add(problem(root.line(), "expected the settings (currency, handlingPerPick, ...) as a mapping"));
            return new Result(CostModel.NONE, problems);
        }
        for (Map.Entry<String, Node> e : root.map().entrySet()) {
            if (!TOP.contains(e.getKey())) {
                problems.add(problem(e.getValue().line(), "unknown key '" + e.getKey() + "' (known: carriers, currency,"
                        + " exceptionCost, handlingPerPick, latenessPenalty, skus)"));
            }
        }
        Node currencyNode = root.map().get("currency");
        String currency = currencyNode == null || currencyNode.text() == null ? "" : currencyNode.text();
        double perPick = amount(root, "handlingPerPick", "", problems);
        double perException = amount(root, "exceptionCost", "", problems);
        Node penalty = root.map().get("latenessPenalty");
        double sharePerDay = 0;
        double maxShare = 0;
        if (penalty != null) {
            if (penalty.map() == null) {
                problems.add(problem(penalty.line(), "latenessPenalty must be a mapping: { sharePerDay: 0.05, maxShare: 0.25 }"));
            } else {
                unknownKeys(penalty, "latenessPenalty", Set.of("sharePerDay", "maxShare"), problems);
                sharePerDay = share(penalty, "sharePerDay", problems);
                maxShare = share(penalty, "maxShare", problems);
            }
        }
        Map<String, CostModel.CarrierRate> carriers = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : entries(root, "carriers", problems).entrySet()) {
            Node rate = e.getValue();
            String where = "carriers." + e.getKey();
            if (rate.map() == null) {
                problems.add(problem(rate.line(), where + " must be a mapping: { perShipment, perUnit, transitHours, expedite }"));
                continue;
            }
            unknownKeys(rate, where, Set.of("perShipment", "perUnit", "transitHours", "expedite"), problems);
            carriers.put(e.getKey(), new CostModel.CarrierRate(amount(rate, "perShipment", where + ".", problems),
                    amount(rate, "perUnit", where + ".", problems), amount(rate, "transitHours", where + ".", problems),
                    amount(rate, "expedite", where + ".", problems)));
        }
        Map<String, CostModel.SkuCost> skus = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : entries(root, "skus", problems).entrySet()) {
            Node cost = e.getValue();
            String where = "skus." + e.getKey();
            if (cost.map() == null) {
                problems.add(problem(cost.line(), where + " must be a mapping: { unitCost, price }"));
                continue;
            }
            unknownKeys(cost, where, Set.of("unitCost", "price"), problems);
            skus.put(e.getKey(), new CostModel.SkuCost(amount(cost, "unitCost", where + ".", problems),
                    amount(cost, "price", where + ".", problems)));
        }
        if (!problems.isEmpty()) return new Result(CostModel.NONE, problems);
        return new Result(new CostModel(currency, perPick, perException, sharePerDay, maxShare, skus, carriers), problems);
    }

    private static Node read(JsonParser p, List<RuleProblem> problems) throws IOException {
        int line = p.currentLocation().getLineNr();
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Node> map = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = p.currentLocation().getLineNr();
                p.nextToken();
                Node value = read(p, problems);
                if (map.put(key, value) != null) problems.add(problem(keyLine, "'" + key + "' is given twice"));
            }
            return new Node(line, map, null, false);
        }
        if (token == JsonToken.START_ARRAY) {
            p.skipChildren();
            return new Node(line, null, null, false);
        }
        boolean number = token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
        return new Node(line, null, token == JsonToken.VALUE_NULL ? null : p.getText(), number);
    }

    private static Map<String, Node> entries(Node root, String key, List<RuleProblem> problems) {
        Node n = root.map().get(key);
        if (n == null) return Map.of();
        if (n.map() == null) {
            problems.add(problem(n.line(), key + " must be a mapping of names to their figures"));
            return Map.of();
        }
        return n.map();
    }

    private static void unknownKeys(Node n, String where, Set<String> known, List<RuleProblem> problems) {
        for (Map.Entry<String, Node> e : n.map().entrySet()) {
            if (!known.contains(e.getKey())) {
                problems.add(problem(e.getValue().line(), where + ": unknown key '" + e.getKey() + "' (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")"));
            }
        }
    }

    /** An amount that must be there and be a number of at least 0. */
    private static double amount(Node parent, String key, String where, List<RuleProblem> problems) {
        Node n = parent.map().get(key);
        if (n == null) {
            problems.add(problem(parent.line(), where + key + " is missing"));
            return 0;
        }
        Double value = n.number() ? Double.valueOf(n.text()) : null;
        if (value == null || value < 0 || value.isInfinite()) {
            problems.add(problem(n.line(), where + key + " must be a number of at least 0, not '" + n.text() + "'"));
            return 0;
        }
        return value;
    }

    private static double share(Node parent, String key, List<RuleProblem> problems) {
        double value = amount(parent, key, "latenessPenalty.", problems);
        if (value > 1) {
            problems.add(problem(parent.map().get(key).line(), "latenessPenalty." + key + " is a share of revenue, from 0 to 1"));
        }
        return value;
    }

    private static RuleProblem problem(int line, String message) {
        return new RuleProblem(CostModel.FILE, line, 1, message);
    }
}
