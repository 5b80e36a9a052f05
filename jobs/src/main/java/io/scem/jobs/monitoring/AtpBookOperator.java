package io.scem.jobs.monitoring;

import io.scem.core.alert.Alert;
import io.scem.core.atp.AtRiskOrder;
import io.scem.core.atp.AtpBook;
import io.scem.core.atp.AtpDecision;
import io.scem.core.atp.AtpProfile;
import io.scem.core.atp.Substitutes;
import io.scem.core.entity.CustomerOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The ATP book in the job ({@link AtpBook}), at parallelism 1: it needs every site's stock to
 * offer another site or a substitute. Input 1: the profile of each stock after each change of its
 * on-hand, supply due in or allocations (from the stock stage); input 2: order placements,
 * dispatches and cancellations (from the first rule stage).
 *
 * <p>Inputs wait until the watermark passes them, then go to the book one event time at a time
 * (every stock change of that time, then its orders): the result does not depend on how the
 * inputs of the parallel stages interleave, so it is the same at any parallelism. Outputs:
 * ORDER_AT_RISK signals (main output, to the alert lifecycle), a decision per placement
 * ({@link #DECISIONS}), and the latest profile of every stock that changed ({@link #PROFILES}, for
 * the compacted {@code scem.atp} topic): at a watermark once the publish interval (wall clock) has
 * passed since the last publication, and always at the end of a bounded input. Publishing at
 * every watermark would send most stocks again five times a second; what a compacted topic keeps
 * is the latest anyway.
 *
 * <p>State (operator state, checkpointed): the book's profiles and orders at risk, and the
 * inputs still waiting for the watermark. After a restore every profile is published again once
 * (what changed since the last publication is not checkpointed). No timers: time moves with the
 * watermark.
 */
public class AtpBookOperator extends AbstractStreamOperator<Alert>
        implements TwoInputStreamOperator<AtpProfile, CustomerOrder, Alert> {
    public static final OutputTag<AtpDecision> DECISIONS =
            new OutputTag<>("atp-decisions", TypeInformation.of(AtpDecision.class));
    public static final OutputTag<AtpProfile> PROFILES =
            new OutputTag<>("atp-profiles", TypeInformation.of(AtpProfile.class));

    /** What happened at one event time, each list in arrival order. */
    private static final class Step {
        final List<AtpProfile> profiles = new ArrayList<>();
        final List<CustomerOrder> orders = new ArrayList<>();
    }

    private final Substitutes substitutes;
    private final long horizon;
    /** Wall-clock millis between publications of changed profiles; 0: at the end of input only. */
    private final long publishInterval;

    private transient AtpBook book;
    private transient TreeMap<Long, Step> held;
    /** Stocks changed since the last publication (tracked only when publishing at an interval). */
    private transient Set<String> unpublished;
    private transient long lastPublished;
    private transient ListState<AtpProfile> profilesState;
    private transient ListState<AtRiskOrder> atRiskState;
    private transient ListState<AtpProfile> heldProfilesState;
    private transient ListState<CustomerOrder> heldOrdersState;

    /**
     * @param horizon how far ahead the earliest date a site can promise is looked for (ms)
     * @param publishInterval wall-clock ms between publications of changed profiles; 0: only at
     *     the end of a bounded input
     */
    public AtpBookOperator(Substitutes substitutes, long horizon, long publishInterval) {
        this.substitutes = substitutes;
        this.horizon = horizon;
        this.publishInterval = publishInterval;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        var store = context.getOperatorStateStore();
        profilesState = store.getListState(new ListStateDescriptor<>("atp-profiles", TypeInformation.of(AtpProfile.class)));
        atRiskState = store.getListState(new ListStateDescriptor<>("atp-at-risk", TypeInformation.of(AtRiskOrder.class)));
        heldProfilesState = store.getListState(
                new ListStateDescriptor<>("atp-held-profiles", TypeInformation.of(AtpProfile.class)));
        heldOrdersState = store.getListState(
                new ListStateDescriptor<>("atp-held-orders", TypeInformation.of(CustomerOrder.class)));
        book = new AtpBook(substitutes, horizon);
        book.restore(profilesState.get(), atRiskState.get());
        held = new TreeMap<>();
        unpublished = new HashSet<>();
        for (AtpProfile p : book.profiles().all()) unpublished.add(p.key());
        lastPublished = Long.MIN_VALUE;
        // Saved in release order, so each time's inputs come back in their arrival order.
        for (AtpProfile p : heldProfilesState.get()) stepAt(p.asOf).profiles.add(p);
        for (CustomerOrder o : heldOrdersState.get()) stepAt(o.occurredAt).orders.add(o);
    }

    @Override
    public void processElement1(StreamRecord<AtpProfile> record) {
        AtpProfile profile = record.getValue();
        stepAt(profile.asOf).profiles.add(profile);
    }

    @Override
    public void processElement2(StreamRecord<CustomerOrder> record) {
        CustomerOrder order = record.getValue();
        stepAt(order.occurredAt).orders.add(order);
    }

    private Step stepAt(long time) {
        return held.computeIfAbsent(time, t -> new Step());
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        AtpBook.Listener out = new AtpBook.Listener() {
            @Override
            public void decided(AtpDecision decision) {
                output.collect(DECISIONS, new StreamRecord<>(decision, decision.decidedAt));
            }

            @Override
            public void signal(Alert signal) {
                output.collect(new StreamRecord<>(signal, signal.at));
            }
        };
        Map.Entry<Long, Step> next;
        while ((next = held.firstEntry()) != null && next.getKey() <= mark.getTimestamp()) {
            held.pollFirstEntry();
            Step step = next.getValue();
            book.at(next.getKey(), step.profiles, step.orders, out);
            if (publishInterval > 0) {
                for (AtpProfile p : step.profiles) unpublished.add(p.key());
            }
        }
        long now = getProcessingTimeService().getCurrentProcessingTime();
        boolean endOfInput = mark.getTimestamp() == Long.MAX_VALUE;
        boolean due = publishInterval > 0 && (lastPublished == Long.MIN_VALUE || now - lastPublished >= publishInterval);
        if (endOfInput && publishInterval == 0) {
            // Only the end was asked for: every stock's latest profile, once.
            for (AtpProfile latest : book.profiles().sorted()) output.collect(PROFILES, new StreamRecord<>(latest, latest.asOf));
        } else if (endOfInput || due) {
            for (String key : new TreeSet<>(unpublished)) {
                AtpProfile latest = profileOf(key);
                output.collect(PROFILES, new StreamRecord<>(latest, latest.asOf));
            }
            unpublished.clear();
            lastPublished = now;
        }
        super.processWatermark(mark);
    }

    private AtpProfile profileOf(String key) {
        int bar = key.indexOf('|');
        return book.profiles().get(key.substring(0, bar), key.substring(bar + 1));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        profilesState.update(book.profiles().sorted());
        atRiskState.update(List.copyOf(book.atRisk()));
        List<AtpProfile> heldProfiles = new ArrayList<>();
        List<CustomerOrder> heldOrders = new ArrayList<>();
        for (Step step : held.values()) {
            heldProfiles.addAll(step.profiles);
            heldOrders.addAll(step.orders);
        }
        heldProfilesState.update(heldProfiles);
        heldOrdersState.update(heldOrders);
    }

    /** Inputs waiting for the watermark (for tests). */
    int heldCount() {
        int n = 0;
        for (Step step : held.values()) n += step.profiles.size() + step.orders.size();
        return n;
    }

    /** Orders at risk the book remembers (for tests). */
    int atRiskCount() {
        return book.atRisk().size();
    }
}
