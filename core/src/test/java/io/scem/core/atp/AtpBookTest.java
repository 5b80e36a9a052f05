package io.scem.core.atp;

import static io.scem.core.atp.AtpFixtures.PLACED;
import static io.scem.core.atp.AtpFixtures.SUBSTITUTES;
import static io.scem.core.atp.AtpFixtures.order;
import static io.scem.core.atp.AtpFixtures.profile;
import static io.scem.core.atp.AtpFixtures.world;
import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ATP book: orders decided at placement, ORDER_AT_RISK fired and resolved, nothing kept once resolved. */
class AtpBookTest {
    private static final long LATER = PLACED + Instants.HOUR;

    private final AtpBook book = new AtpBook(SUBSTITUTES, AtpProfile.DEFAULT_HORIZON);
    private final List<AtpDecision> decisions = new ArrayList<>();
    private final List<Alert> signals = new ArrayList<>();
    private final AtpBook.Listener out = new AtpBook.Listener() {
        @Override
        public void decided(AtpDecision decision) {
            decisions.add(decision);
        }

        @Override
        public void signal(Alert signal) {
            signals.add(signal);
        }
    };

    @Test
    void shouldFireWithTheRankedAlternativesWhenItsSiteIsShort() {
        book.at(PLACED, List.copyOf(world().sorted()), List.of(order("ORDER_PLACED", "SO-12", "DC3", "SKU-9", 8, PLACED)), out);
        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.outcome).isEqualTo(AtpDecision.AT_RISK);
            assertThat(d.customerId).isEqualTo("CUST-3");
            assertThat(d.eventId).isEqualTo("order_placed-SO-12");
        });
        assertThat(signals).singleElement().satisfies(a -> {
            assertThat(a.rule).isEqualTo("ORDER_AT_RISK");
            assertThat(a.status).isEqualTo(Alert.FIRING);
            assertThat(a.severity).isEqualTo("MAJOR");
            assertThat(a.stage).isEqualTo("orders");
            assertThat(a.key).isEqualTo("SO-12");
            assertThat(a.customerId).isEqualTo("CUST-3");
            assertThat(a.at).isEqualTo(PLACED);
            assertThat(a.message).isEqualTo("Order SO-12 (8 x SKU-9 for CUST-3 from DC3, promised 2026-01-12T18:00:00Z)"
                    + " cannot be met from DC3 since 2026-01-10T09:00:00Z: 2 available by the promise (on hand 10,"
                    + " allocated to other orders 8, due in by then 0); DC1 has 40; DC2 has 15; substitute SKU-2 has 15;"
                    + " DC3 can promise 2026-01-14T09:00:00Z");
        });
        assertThat(book.atRisk()).extracting(r -> r.orderId).containsExactly("SO-12");
    }

    @Test
    void shouldResolveWhenALaterStockChangeLetsItsSiteFillIt() {
        book.at(PLACED, List.copyOf(world().sorted()), List.of(order("ORDER_PLACED", "SO-12", "DC3", "SKU-9", 8, PLACED)), out);
        // A change elsewhere does not look at it; 4 more on hand (2 + 4 = 6) is not enough; 10 more is.
        book.at(LATER, List.of(profile("DC1", "SKU-9", 39)), List.of(), out);
        book.at(LATER + 1, List.of(profile("DC3", "SKU-9", 14, "SO-1", 8, "SO-12", 8)), List.of(), out);
        assertThat(signals).hasSize(1);
        book.at(LATER + 2, List.of(profile("DC3", "SKU-9", 18, "SO-1", 8, "SO-12", 8)), List.of(), out);
        assertThat(signals).hasSize(2);
        assertThat(signals.get(1).status).isEqualTo(Alert.RESOLVED);
        assertThat(signals.get(1).at).isEqualTo(LATER + 2);
        assertThat(signals.get(1).message).isEqualTo(
                "Order SO-12 (8 x SKU-9 from DC3) can be met from DC3 again since 2026-01-10T10:00:00.002Z: 10 available"
                        + " by the promise 2026-01-12T18:00:00Z");
        assertThat(book.atRisk()).isEmpty();
    }

    @Test
    void shouldResolveWhenTheOrderIsDispatchedOrCancelled() {
        book.at(PLACED, List.copyOf(world().sorted()), List.of(
                order("ORDER_PLACED", "SO-12", "DC3", "SKU-9", 8, PLACED),
                order("ORDER_PLACED", "SO-13", "DC3", "SKU-9", 9, PLACED)), out);
        book.at(LATER, List.of(), List.of(order("SHIPMENT_DISPATCHED", "SO-12", "DC3", "SKU-9", 8, LATER),
                order("ORDER_CANCELLED", "SO-13", "DC3", "SKU-9", 9, LATER)), out);
        assertThat(signals).extracting(a -> a.status + " " + a.key + " " + a.message).containsExactly(
                "FIRING SO-12 " + signals.get(0).message,
                "FIRING SO-13 " + signals.get(1).message,
                "RESOLVED SO-12 Order SO-12 (8 x SKU-9 from DC3) was dispatched at 2026-01-10T10:00:00Z",
                "RESOLVED SO-13 Order SO-13 (9 x SKU-9 from DC3) was cancelled at 2026-01-10T10:00:00Z");
        assertThat(book.atRisk()).isEmpty();
    }

    @Test
    void shouldResolveWhenTheOrderNoLongerHoldsAnAllocation() {
        book.at(PLACED, List.copyOf(world().sorted()), List.of(order("ORDER_PLACED", "SO-12", "DC3", "SKU-9", 8, PLACED)), out);
        // Issued in full without stock (on hand negative): nothing is left to promise it.
        book.at(LATER, List.of(profile("DC3", "SKU-9", 2, "SO-1", 8)), List.of(), out);
        assertThat(signals.get(1).message).isEqualTo("Order SO-12 (8 x SKU-9 from DC3) was issued in full at DC3 at 2026-01-10T10:00:00Z");
        assertThat(book.atRisk()).isEmpty();
    }

    @Test
    void shouldDecideAFeasibleOrderWithoutAnAlert() {
        book.at(PLACED, List.copyOf(world().sorted()), List.of(order("ORDER_PLACED", "SO-2", "DC1", "SKU-9", 8, PLACED)), out);
        assertThat(decisions).extracting(d -> d.outcome).containsExactly(AtpDecision.FEASIBLE);
        assertThat(signals).isEmpty();
        assertThat(book.atRisk()).isEmpty();
    }

    @Test
    void shouldDecideTheSameWhateverOrderTheInputsOfOneTimeArriveIn() {
        List<AtpProfile> profiles = new ArrayList<>(world().sorted());
        List<io.scem.core.entity.CustomerOrder> orders = List.of(
                order("ORDER_PLACED", "SO-12", "DC3", "SKU-9", 8, PLACED),
                order("ORDER_PLACED", "SO-4", "DC3", "SKU-9", 100, PLACED),
                order("ORDER_PLACED", "SO-2", "DC1", "SKU-9", 8, PLACED));
        book.at(PLACED, profiles, orders, out);
        List<String> first = new ArrayList<>(decisions.stream().map(AtpJson::writeDecision).toList());
        first.addAll(signals.stream().map(a -> a.key + a.message).toList());

        AtpBook other = new AtpBook(SUBSTITUTES, AtpProfile.DEFAULT_HORIZON);
        decisions.clear();
        signals.clear();
        List<AtpProfile> reversed = new ArrayList<>(profiles);
        java.util.Collections.reverse(reversed);
        other.at(PLACED, reversed, List.of(orders.get(2), orders.get(0), orders.get(1)), out);
        List<String> second = new ArrayList<>(decisions.stream().map(AtpJson::writeDecision).toList());
        second.addAll(signals.stream().map(a -> a.key + a.message).toList());
        assertThat(second).isEqualTo(first);
        assertThat(signals).extracting(a -> a.key).containsExactly("SO-12", "SO-4");
    }

    @Test
    void shouldKeepWhatARestoreNeeds() {
        book.at(PLACED, List.copyOf(world().sorted()), List.of(order("ORDER_PLACED", "SO-12", "DC3", "SKU-9", 8, PLACED)), out);
        AtpBook restored = new AtpBook(SUBSTITUTES, AtpProfile.DEFAULT_HORIZON);
        restored.restore(book.profiles().sorted(), List.copyOf(book.atRisk()));
        signals.clear();
        restored.at(LATER, List.of(), List.of(order("ORDER_CANCELLED", "SO-12", "DC3", "SKU-9", 8, LATER)), out);
        assertThat(signals).extracting(a -> a.status).containsExactly(Alert.RESOLVED);
        assertThat(restored.profiles().size()).isEqualTo(5);
    }
}
