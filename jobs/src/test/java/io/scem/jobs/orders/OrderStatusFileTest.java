package io.scem.jobs.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scem.core.event.Instants;
import io.scem.core.order.OrderStatus;
import io.scem.core.order.OrderStatusJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scem order --file}'s lookup in a replay's order statuses. */
class OrderStatusFileTest {
    @TempDir
    Path dir;

    @Test
    void shouldFindAnOrderByItsIdAmongTheLinesAndNothingForAnOrderNotThere() throws Exception {
        Path file = Files.write(dir.resolve("out.order-status.jsonl"),
                List.of(line("SO-1", OrderStatus.Status.PLACED), line("SO-10", OrderStatus.Status.DELIVERED)));

        assertThat(OrderStatusFile.find(file, "SO-10")).get().extracting(s -> s.status).isEqualTo(OrderStatus.Status.DELIVERED);
        assertThat(OrderStatusFile.find(file, "SO-1")).get().extracting(s -> s.status).isEqualTo(OrderStatus.Status.PLACED);
        assertThat(OrderStatusFile.find(file, "SO-2")).isEmpty();
    }

    @Test
    void shouldSayTheLineOfTheOrderWhenItIsNotAStatus() throws Exception {
        Path file = Files.write(dir.resolve("out.order-status.jsonl"),
                List.of(line("SO-1", OrderStatus.Status.PLACED), "{\"orderId\":\"SO-2\",\"broken"));

        assertThatThrownBy(() -> OrderStatusFile.find(file, "SO-2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ":2: not an order status: not JSON");
    }

    private static String line(String orderId, OrderStatus.Status status) {
        OrderStatus s = new OrderStatus();
        s.orderId = orderId;
        s.status = status;
        s.updatedAt = Instants.parse("2026-01-05T10:00:00Z");
        return OrderStatusJson.write(s);
    }
}
