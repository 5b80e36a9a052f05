package io.scem.jobs.orders;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.scem.core.order.OrderStatus;
import io.scem.core.order.OrderStatusJson;
import io.scem.jobs.io.JsonLinesSorter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;

/**
 * A replay's order statuses, {@code OUT.order-status.jsonl} beside its alerts: the latest status
 * of every order, one line each, sorted by orderId (so that replays compare line by line).
 */
public final class OrderStatusFile {
    private static final JsonFactory JSON = new JsonFactory();

    private OrderStatusFile() {}

    /** Where a replay writing its alerts to {@code alertsOut} writes the order statuses. */
    public static Path besideAlerts(Path alertsOut) {
        String name = alertsOut.getFileName().toString();
        String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return alertsOut.resolveSibling(base + ".order-status.jsonl");
    }

    /** Sorts the file by orderId; returns its number of lines (orders). */
    public static long sort(Path file) throws IOException {
        return JsonLinesSorter.sort(file, OrderStatusFile::orderIdOf, Comparator.naturalOrder());
    }

    /**
     * The status of one order in such a file (read line by line: a month is hundreds of MB).
     *
     * @throws IllegalArgumentException "FILE:LINE: not an order status: why", for the first line
     *     (whatever the order: a file of events or alerts is not searched) or the order's
     */
    public static Optional<OrderStatus> find(Path file, String orderId) throws IOException {
        String needle = "\"orderId\":\"" + orderId + "\"";
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            for (long number = 1; (line = in.readLine()) != null; number++) {
                if (number == 1 || line.contains(needle)) {
                    OrderStatus status = read(file, number, line);
                    if (orderId.equals(status.orderId)) return Optional.of(status);
                }
            }
        }
        return Optional.empty();
    }

    private static OrderStatus read(Path file, long number, String line) {
        try {
            return OrderStatusJson.read(line);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            String why = e instanceof UncheckedIOException ? "not JSON" : e.getMessage();
            throw new IllegalArgumentException(file + ":" + number + ": not an order status: " + why, e);
        }
    }

    static String orderIdOf(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a JSON object: " + line);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("orderId")) return p.getText();
                if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) p.skipChildren();
            }
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
