package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.atp.AtpDecision;
import io.scem.core.atp.AtpJson;
import io.scem.core.atp.AtpProfile;
import io.scem.core.atp.Substitutes;
import io.scem.core.entity.CustomerOrder;
import io.scem.core.event.Instants;
import io.scem.core.reference.Item;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AtpBookOperator} on Flink's operator harness: inputs wait for the watermark, the book
 * decides each placement against every stock as of its time whatever order the inputs arrive in,
 * ORDER_AT_RISK fires and resolves, a restore keeps what was held and who is at risk, and nothing
 * is left behind once an order is resolved. It registers no timers: time moves with the watermark.
 */
class AtpBookOperatorTest {
    private static final long PLACED = Instants.parse("2026-01-10T09:00:00Z");
    private static final long PROMISE = Instants.parse("2026-01-12T18:00:00Z");
    private static final long LATER = PLACED + Instants.HOUR;

    private TwoInputStreamOperatorTestHarness<AtpProfile, CustomerOrder, Alert> harness;

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) harness.close();
    }

    @Test
    void shouldHoldInputsForTheWatermarkThenFireAndResolveLeavingNothingBehind() throws Exception {
        harness = open(null);
        harness.processElement1(record(stock("DC3", "SKU-9", 3, PLACED, "SO-12", 8), PLACED));
        harness.processElement1(record(stock("DC1", "SKU-9", 40, PLACED), PLACED));
        harness.processElement2(record(placed("SO-12", "DC3", 8), PLACED));
        assertThat(harness.getOutput()).as("held until the watermark").isEmpty();
        assertThat(operator().heldCount()).isEqualTo(3);

        watermark((PLACED));
        assertThat(signals()).containsExactly("FIRING ORDER_AT_RISK SO-12");
        assertThat(decisions()).extracting(d -> d.orderId + " " + d.outcome).containsExactly("SO-12 AT_RISK");
        assertThat(publishedProfiles()).containsExactly("DC1|SKU-9", "DC3|SKU-9");
        assertThat(operator().heldCount()).isZero();
        assertThat(operator().atRiskCount()).isEqualTo(1);

        // Ten more on hand at DC3: 13 for SO-12's 8.
        harness.processElement1(record(stock("DC3", "SKU-9", 13, LATER, "SO-12", 8), LATER));
        watermark((LATER));
        assertThat(signals()).containsExactly("FIRING ORDER_AT_RISK SO-12", "RESOLVED ORDER_AT_RISK SO-12");
        assertThat(operator().atRiskCount()).isZero();
        assertThat(operator().heldCount()).isZero();
    }

    @Test
    void shouldPublishChangedProfilesOncePerIntervalAndAllAtTheEndOfInput() throws Exception {
        harness = open(null);
        harness.setProcessingTime(10_000);
        harness.processElement1(record(stock("DC1", "SKU-9", 40, PLACED), PLACED));
        watermark(PLACED);
        assertThat(publishedProfiles()).containsExactly("DC1|SKU-9");
        // Within the interval (1 s of wall clock): kept back, then published with the next change.
        harness.processElement1(record(stock("DC3", "SKU-9", 3, LATER), LATER));
        watermark(LATER);
        assertThat(publishedProfiles()).containsExactly("DC1|SKU-9");
        harness.setProcessingTime(11_000);
        harness.processElement1(record(stock("DC2", "SKU-9", 5, LATER + 1), LATER + 1));
        watermark(LATER + 1);
        assertThat(publishedProfiles()).containsExactly("DC1|SKU-9", "DC2|SKU-9", "DC3|SKU-9");
        harness.processElement1(record(stock("DC1", "SKU-9", 39, LATER + 2), LATER + 2));
        watermark(Long.MAX_VALUE);
        assertThat(publishedProfiles()).containsExactly("DC1|SKU-9", "DC2|SKU-9", "DC3|SKU-9", "DC1|SKU-9");
    }

    @Test
    void shouldDecideTheSameWhateverOrderTheInputsOfATimeArriveIn() throws Exception {
        List<String> first = runWith(false);
        List<String> second = runWith(true);
        assertThat(first).isNotEmpty().isEqualTo(second);
    }

    /** Two sites, two orders at one time; {@code reversed}: orders before profiles, and each in the other order. */
    private List<String> runWith(boolean reversed) throws Exception {
        harness = open(null);
        List<AtpProfile> profiles = new ArrayList<>(List.of(stock("DC3", "SKU-9", 10, PLACED, "SO-1", 6, "SO-2", 6),
                stock("DC1", "SKU-9", 40, PLACED)));
        List<CustomerOrder> orders = new ArrayList<>(List.of(placed("SO-1", "DC3", 6), placed("SO-2", "DC3", 6)));
        if (reversed) {
            java.util.Collections.reverse(profiles);
            java.util.Collections.reverse(orders);
            for (CustomerOrder o : orders) harness.processElement2(record(o, PLACED));
            for (AtpProfile p : profiles) harness.processElement1(record(p, PLACED));
        } else {
            for (AtpProfile p : profiles) harness.processElement1(record(p, PLACED));
            for (CustomerOrder o : orders) harness.processElement2(record(o, PLACED));
        }
        watermark((PLACED));
        List<String> out = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof Alert a) out.add(a.status + " " + a.key + " " + a.message);
        }
        decisions().forEach(d -> out.add(AtpJson.writeDecision(d)));
        harness.close();
        harness = null;
        return out;
    }

    @Test
    void shouldKeepHeldInputsAndOrdersAtRiskAcrossARestore() throws Exception {
        harness = open(null);
        harness.processElement1(record(stock("DC3", "SKU-9", 3, PLACED, "SO-12", 8), PLACED));
        harness.processElement2(record(placed("SO-12", "DC3", 8), PLACED));
        watermark((PLACED));
        // Pending at the snapshot: the dispatch, not yet passed by the watermark.
        harness.processElement2(record(dispatched("SO-12", "DC3", 8), LATER));
        OperatorSubtaskState snapshot = harness.snapshot(1L, LATER);
        harness.close();

        harness = open(snapshot);
        assertThat(operator().heldCount()).isEqualTo(1);
        assertThat(operator().atRiskCount()).isEqualTo(1);
        watermark((LATER));
        assertThat(signals()).containsExactly("RESOLVED ORDER_AT_RISK SO-12");
        assertThat(operator().atRiskCount()).isZero();
        assertThat(operator().heldCount()).isZero();
    }

    private static TwoInputStreamOperatorTestHarness<AtpProfile, CustomerOrder, Alert> open(OperatorSubtaskState from)
            throws Exception {
        var h = new TwoInputStreamOperatorTestHarness<>(new AtpBookOperator(
                new Substitutes(List.of(new Item("DC3", "SKU-9", 10, 3, "SKU-2"))), AtpProfile.DEFAULT_HORIZON, 1_000));
        h.setup();
        if (from != null) h.initializeState(from);
        else h.initializeEmptyState();
        h.open();
        return h;
    }

    private AtpBookOperator operator() {
        return (AtpBookOperator) harness.getOperator();
    }

    /** Both inputs move to {@code time}: the operator's watermark is their minimum. */
    private void watermark(long time) throws Exception {
        harness.processWatermark1(new Watermark(time));
        harness.processWatermark2(new Watermark(time));
    }

    private List<String> signals() {
        List<String> out = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof Alert a) out.add(a.status + " " + a.rule + " " + a.key);
        }
        return out;
    }

    private List<AtpDecision> decisions() {
        var out = harness.getSideOutput(AtpBookOperator.DECISIONS);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    private List<String> publishedProfiles() {
        var out = harness.getSideOutput(AtpBookOperator.PROFILES);
        return out == null ? List.of() : out.stream().map(r -> r.getValue().key()).toList();
    }

    private static <T> StreamRecord<T> record(T value, long at) {
        return new StreamRecord<>(value, at);
    }

    /** A stock's profile as of {@code at}: on hand, then (orderId, quantity) allocations. */
    private static AtpProfile stock(String site, String sku, long onHand, long at, Object... allocations) {
        AtpProfile p = new AtpProfile();
        p.site = site;
        p.sku = sku;
        p.onHand = onHand;
        p.asOf = at;
        p.eventId = "count-" + site + "-" + onHand;
        p.allocatedOrders = new String[allocations.length / 2];
        p.allocatedQuantity = new long[allocations.length / 2];
        for (int i = 0; i < allocations.length / 2; i++) {
            p.allocatedOrders[i] = (String) allocations[2 * i];
            p.allocatedQuantity[i] = ((Number) allocations[2 * i + 1]).longValue();
        }
        return p;
    }

    private static CustomerOrder placed(String orderId, String site, long quantity) {
        CustomerOrder o = new CustomerOrder();
        o.orderId = orderId;
        o.customerId = "CUST-3";
        o.site = site;
        o.sku = "SKU-9";
        o.quantity = quantity;
        o.promisedAt = PROMISE;
        o.placedAt = PLACED;
        o.eventId = "placed-" + orderId;
        o.eventType = "ORDER_PLACED";
        o.occurredAt = PLACED;
        return o;
    }

    private static CustomerOrder dispatched(String orderId, String site, long quantity) {
        CustomerOrder o = placed(orderId, site, quantity);
        o.eventId = "dispatched-" + orderId;
        o.eventType = "SHIPMENT_DISPATCHED";
        o.dispatchedAt = LATER;
        o.occurredAt = LATER;
        return o;
    }
}
