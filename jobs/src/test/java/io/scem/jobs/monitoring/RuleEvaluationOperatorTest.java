package io.scem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.tuple;

import io.scem.core.alert.Alert;
import io.scem.core.entity.EntityKeys;
import io.scem.core.entity.EntityState;
import io.scem.core.entity.StockLevel;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import io.scem.core.event.EventType;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import io.scem.core.rules.RuleSet;
import io.scem.core.sim.AlertOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RuleEvaluationOperator} on Flink's operator harness: events are held until the watermark
 * passes them, deadlines fire when the rule clock (the watermark) passes them, a restore re-arms
 * open deadlines without repeating what was emitted, and closed entities leave no state behind.
 */
class RuleEvaluationOperatorTest {
    private static final long PLACED = Instants.parse("2026-01-05T08:00:00Z");
    private static final long NINE = Instants.parse("2026-01-05T09:00:00Z");
    private static final long TEN = Instants.parse("2026-01-05T10:00:00Z");
    private static final long ELEVEN = Instants.parse("2026-01-05T11:00:00Z");
    private static final long NOON = Instants.parse("2026-01-05T12:00:00Z");

    private static RuleSet rules;
    private KeyedTwoInputStreamOperatorTestHarness<String, KeyedEvent, Long, Alert> harness;

    @BeforeAll
    static void compileRules() throws Exception {
        rules = RuleSet.compile(Path.of("../rules"));
    }

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) harness.close();
    }

    @Test
    void shouldHoldEventsForTheWatermarkAndFireADeadlineWhenTheClockPassesIt() throws Exception {
        harness = openHarness(null);
        process(poPlaced("p1", "PO-1", PLACED, ELEVEN));
        process(stockCounted("s1", "DC1", "A", PLACED, 5));
        assertThat(harness.getSideOutput(RuleEvaluationOperator.STOCK_LEVELS)).as("held until the watermark").isNullOrEmpty();

        watermark(ELEVEN - 1);
        // The first count "clears" a stock-out that never fired: dropped, as nothing was raised.
        assertThat(signals()).isEmpty();
        assertThat(harness.getSideOutput(RuleEvaluationOperator.STOCK_LEVELS))
                .extracting(r -> ((StockLevel) r.getValue()).onHand).containsExactly(5L);

        process(goodsIssued("s2", "DC1", "A", ELEVEN, 5));
        watermark(ELEVEN);
        poReceived("r1", "PO-1", NOON);
        watermark(NOON);

        assertThat(signals()).containsExactly(
                "FIRING STOCK_OUT DC1|A 2026-01-05T11:00:00Z",
                "FIRING SUPPLIER_LATE PO-1 2026-01-05T11:00:00Z",
                "RESOLVED SUPPLIER_LATE PO-1 2026-01-05T12:00:00Z");
    }

    /**
     * Downstream, CorrelateAlerts orders signals of different conditions by their stamp when the
     * watermark passes it: a signal stamped behind the watermark (a deadline already past when its
     * shipment was dispatched, stamped with that deadline) would be applied whenever it happened
     * to arrive, and a carrier's flood would depend on the run.
     */
    @Test
    void shouldStampEachSignalWithTheEventTimeItWasDecidedAtNeverBehindTheWatermark() throws Exception {
        harness = openHarness(null);
        process(poPlaced("p1", "PO-1", PLACED, ELEVEN));
        watermark(NINE);
        process(shipmentDispatched("d1", "SH-1", TEN, NINE)); // promised for 09:00, dispatched at 10:00
        watermark(TEN);
        watermark(NOON);

        assertThat(harness.getOutput()).filteredOn(StreamRecord.class::isInstance).map(r -> (StreamRecord<?>) r)
                .filteredOn(r -> r.getValue() instanceof Alert a && AlertOracle.RULES.contains(a.rule))
                .extracting(r -> ((Alert) r.getValue()).rule + " at " + Instants.format(((Alert) r.getValue()).at)
                        + " stamped " + Instants.format(r.getTimestamp()))
                .containsExactly(
                        "DELIVERY_LATE at 2026-01-05T09:00:00Z stamped 2026-01-05T10:00:00Z",
                        "SUPPLIER_LATE at 2026-01-05T11:00:00Z stamped 2026-01-05T11:00:00Z");
    }

    @Test
    void shouldPassAPosPromiseOnToItsStockAndApplyItAfterTheInputEventsOfItsTime() throws Exception {
        harness = openHarness(null);
        process(poPlaced("p1", "PO-1", PLACED, ELEVEN));
        SupplyEvent confirmed = new SupplyEvent("c1", EventType.PO_CONFIRMED, NINE);
        confirmed.poId = "PO-1";
        confirmed.expectedAt = NOON;
        harness.processElement1(new StreamRecord<>(new KeyedEvent(EntityKeys.purchaseOrder("PO-1"), confirmed, true), NINE));
        watermark(NINE);
        List<KeyedEvent> derived = harness.getSideOutput(RuleEvaluationOperator.DERIVED).stream()
                .map(r -> ((StreamRecord<KeyedEvent>) r).getValue()).toList();
        assertThat(derived).extracting(k -> k.entityKey, k -> k.event.type, k -> k.event.expectedAt, k -> k.primary)
                .containsExactly(tuple("stock|DC1|A", EventType.PO_PLACED, ELEVEN, false),
                        tuple("stock|DC1|A", EventType.PO_CONFIRMED, NOON, false));
        harness.close();

        // The stage that keeps the stock gets them after the input events of their time, however
        // they arrive: the count at 09:00 comes first, then the confirmation's new promise.
        harness = openHarness(null);
        harness.processElement1(new StreamRecord<>(derived.get(0), PLACED));
        harness.processElement1(new StreamRecord<>(derived.get(1), NINE));
        process(stockCounted("s1", "DC1", "A", NINE, 5));
        watermark(NINE);
        assertThat(harness.getSideOutput(RuleEvaluationOperator.STOCK_LEVELS)).as("movements only")
                .extracting(r -> ((StockLevel) r.getValue()).eventId).containsExactly("s1");
        StockLevel stock = stateOf("stock|DC1|A").stock;
        assertThat(stock.eventId).as("the derived confirmation came last").isEqualTo("c1");
        assertThat(stock.onHand).isEqualTo(5);
        assertThat(stock.inboundDueAt).containsExactly(NOON);
    }

    @Test
    void shouldFeedTheAtpBookAndTheOrderStatusOnlyWhenTheJobFollowsOrders() throws Exception {
        for (boolean follow : List.of(true, false)) {
            harness = openHarnessWith(JobSettings.defaults().withFollowOrders(follow));
            process(orderPlaced("o1", "ORD-1", PLACED));
            process(stockCounted("s1", "DC1", "A", PLACED, 5));
            watermark(PLACED);
            var derivedRecords = harness.getSideOutput(RuleEvaluationOperator.DERIVED);
            List<String> derived = derivedRecords == null ? List.of() : derivedRecords.stream()
                    .map(r -> ((StreamRecord<KeyedEvent>) r).getValue().event.type.name()).toList();
            if (follow) {
                assertThat(harness.getSideOutput(RuleEvaluationOperator.ORDERS)).as("to the ATP book").hasSize(1);
                assertThat(harness.getSideOutput(RuleEvaluationOperator.ORDER_SIGNALS)).as("to the order status").hasSize(1);
                assertThat(harness.getSideOutput(RuleEvaluationOperator.ATP_PROFILES)).as("the stock's profile").hasSize(1);
                assertThat(derived).as("the order's allocation, for its stock").containsExactly("ORDER_PLACED");
            } else {
                assertThat(harness.getSideOutput(RuleEvaluationOperator.ORDERS)).isNullOrEmpty();
                assertThat(harness.getSideOutput(RuleEvaluationOperator.ORDER_SIGNALS)).isNullOrEmpty();
                assertThat(harness.getSideOutput(RuleEvaluationOperator.ATP_PROFILES)).isNullOrEmpty();
                assertThat(derived).isEmpty();
            }
            assertThat(stateOf(EntityKeys.order("ORD-1")).fact()).as("the rules still see the order").isNotNull();
            assertThat(harness.getSideOutput(RuleEvaluationOperator.STOCK_LEVELS)).as("stock metrics either way").hasSize(1);
            harness.close();
            harness = null;
        }
    }

    /**
     * A job restored without following orders has no ATP book to resolve the ORDER_AT_RISK alerts
     * it left open: the first watermark retires the rule, once, saying why.
     */
    @Test
    void shouldRetireOrderAtRiskOnceWhenRestoredWithoutFollowingOrders() throws Exception {
        harness = openHarness(null);
        process(stockCounted("s1", "DC1", "A", PLACED, 5));
        watermark(TEN);
        OperatorSubtaskState snapshot = harness.snapshot(1L, TEN);
        harness.close();

        for (boolean follow : List.of(true, false)) {
            harness = openHarness(snapshot, rules, null, JobSettings.defaults().withFollowOrders(follow));
            watermark(ELEVEN);
            watermark(NOON);
            var retired = harness.getSideOutput(RuleEvaluationOperator.RETIRED_RULES);
            List<String> retirements = retired == null ? List.of() : retired.stream()
                    .map(r -> ((StreamRecord<RuleRetired>) r).getValue())
                    .map(r -> r.rule + " " + Instants.format(r.at) + " " + r.why).toList();
            if (follow) assertThat(retirements).isEmpty();
            else assertThat(retirements).containsExactly("ORDER_AT_RISK 2026-01-05T10:00:00Z is off (job.follow-orders = false)");
            harness.close();
            harness = null;
        }
    }

    @Test
    void shouldReceiveOnTimeWhenTheReceiptIsAtTheDeadline() throws Exception {
        harness = openHarness(null);
        process(poPlaced("p1", "PO-1", PLACED, ELEVEN));
        poReceived("r1", "PO-1", ELEVEN);
        watermark(NOON);
        // Neither a FIRING nor the resolve of what never fired (the rule says "cleared" at the receipt).
        assertThat(signals()).isEmpty();
    }

    @Test
    void shouldFireADeadlineArmedBeforeASnapshotAfterRestoreAndRepeatNothing() throws Exception {
        harness = openHarness(null);
        process(poPlaced("p1", "PO-EARLY", PLACED, NINE));
        process(poPlaced("p2", "PO-ARMED", PLACED, NOON));
        process(stockCounted("s1", "DC1", "A", PLACED, 5));
        process(goodsIssued("s2", "DC1", "A", NINE, 5));
        // Pending at the snapshot (after the watermark): must survive in state too.
        poReceived("r1", "PO-EARLY", TEN + 60_000);
        watermark(TEN);
        // Not the first count's "cleared" (from unknown to 5): nothing was raised to resolve.
        assertThat(signals()).containsExactlyInAnyOrder(
                "FIRING SUPPLIER_LATE PO-EARLY 2026-01-05T09:00:00Z",
                "FIRING STOCK_OUT DC1|A 2026-01-05T09:00:00Z");

        OperatorSubtaskState snapshot = harness.snapshot(1L, TEN);
        harness.close();

        harness = openHarness(snapshot);
        assertThat(harness.extractOutputValues()).as("the muted rebuild raises nothing").isEmpty();
        watermark(NOON + 60_000);

        // The RESOLVED goes on: the conditions raised before the snapshot came back with it.
        assertThat(signals()).containsExactly(
                "RESOLVED SUPPLIER_LATE PO-EARLY 2026-01-05T10:01:00Z",
                "FIRING SUPPLIER_LATE PO-ARMED 2026-01-05T12:00:00Z");
    }

    /**
     * A subtask knows what its own key groups raised; after a rescale it cannot tell whose a
     * condition was, so each takes all, and nothing raised before is left unresolved.
     */
    @Test
    void shouldResolveAfterARescaleWhatEverySubtaskRaisedBefore() throws Exception {
        String[] poOwnedBy = new String[2];
        for (int i = 0; poOwnedBy[0] == null || poOwnedBy[1] == null; i++) {
            String poId = "PO-" + i;
            poOwnedBy[KeyGroupRangeAssignment.assignKeyToParallelOperator(
                    EntityKeys.purchaseOrder(poId), MAX_PARALLELISM, 2)] = poId;
        }
        OperatorSubtaskState[] snapshots = new OperatorSubtaskState[2];
        for (int subtask = 0; subtask < 2; subtask++) {
            harness = openHarness(new RuleEvaluationOperator(rules, JobSettings.defaults()), null, 2, subtask);
            process(poPlaced("p" + subtask, poOwnedBy[subtask], PLACED, NINE));
            watermark(TEN);
            assertThat(signals()).containsExactly("FIRING SUPPLIER_LATE " + poOwnedBy[subtask] + " 2026-01-05T09:00:00Z");
            snapshots[subtask] = harness.snapshot(1L, TEN);
            harness.close();
        }
        OperatorSubtaskState onOne = AbstractStreamOperatorTestHarness.repartitionOperatorState(
                AbstractStreamOperatorTestHarness.repackageState(snapshots), MAX_PARALLELISM, 2, 1, 0);

        harness = openHarness(new RuleEvaluationOperator(rules, JobSettings.defaults()), onOne, 1, 0);
        poReceived("r0", poOwnedBy[0], TEN + 60_000);
        poReceived("r1", poOwnedBy[1], TEN + 60_000);
        watermark(ELEVEN);

        assertThat(signals()).containsExactlyInAnyOrder(
                "RESOLVED SUPPLIER_LATE " + poOwnedBy[0] + " 2026-01-05T10:01:00Z",
                "RESOLVED SUPPLIER_LATE " + poOwnedBy[1] + " 2026-01-05T10:01:00Z");
    }

    /** A checkpoint of a version that did not keep them: what was raised is unknown, so every RESOLVED goes on. */
    @Test
    void shouldPassOnEveryResolveAfterARestoreFromACheckpointWithoutRaisedConditions() throws Exception {
        harness = openHarness(OperatorSubtaskState.builder().build());
        process(stockCounted("s1", "DC1", "A", PLACED, 5));
        watermark(NINE);

        assertThat(signals()).containsExactly("RESOLVED STOCK_OUT DC1|A 2026-01-05T08:00:00Z");
    }

    /**
     * The version of a rule that raised an alert is gone after a reload, and the new one would
     * not raise it (a day's grace): the receipt must still resolve it.
     */
    @Test
    void shouldResolveWhatTheVersionBeforeAReloadRaised(@TempDir Path dir) throws Exception {
        copyShippedRules(dir);
        harness = openHarness(null, RuleSet.compile(dir), new RuleReload(dir.toString(), Duration.ofMillis(100)));
        process(poPlaced("p1", "PO-1", PLACED, NINE));
        watermark(TEN);
        assertThat(signals()).containsExactly("FIRING SUPPLIER_LATE PO-1 2026-01-05T09:00:00Z");

        Path supplier = dir.resolve("supplier.epl");
        Files.writeString(supplier, Files.readString(supplier)
                .replace("SUPPLIER_LATE_GRACE_MINUTES = 0", "SUPPLIER_LATE_GRACE_MINUTES = 1440"));
        String newVersion = RuleSet.compile(dir).version();
        long[] now = {0};
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            harness.setProcessingTime(now[0] += 100);
            return ((RuleEvaluationOperator) harness.getOperator()).rulesRunning().version().equals(newVersion);
        });
        assertThat(signals()).as("the new version finds nothing late").isEmpty();

        poReceived("r1", "PO-1", TEN + 60_000);
        watermark(ELEVEN);
        assertThat(signals()).containsExactly("RESOLVED SUPPLIER_LATE PO-1 2026-01-05T10:01:00Z");
    }

    /**
     * A closed entity is forgotten when its retention ends, also after a restore in between: what
     * waits to be forgotten is not checkpointed, a restore finds it again in the keyed state.
     */
    @ParameterizedTest(name = "restored in between: {0}")
    @ValueSource(booleans = {false, true})
    void shouldForgetAClosedEntityOnceItsRetentionPassedAndLeaveNothingBehind(boolean restoredInBetween) throws Exception {
        harness = openHarness(null);
        process(poPlaced("p1", "PO-1", PLACED, ELEVEN));
        poReceived("r1", "PO-1", TEN);
        watermark(NOON);
        if (restoredInBetween) {
            OperatorSubtaskState snapshot = harness.snapshot(1L, NOON);
            harness.close();
            harness = openHarness(snapshot);
        }
        assertThat(closedEntitiesWaiting()).as("the PO, to be forgotten").isEqualTo(1);

        long retention = JobSettings.defaults().closedEntityRetention().toMillis();
        watermark(TEN + retention - 1);
        assertThat(stateOf("po|PO-1")).as("kept for its whole retention").isNotNull();
        watermark(TEN + retention);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(closedEntitiesWaiting()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        // A straggler of the forgotten PO is judged by the clock: too late to reopen it.
        process(poPlaced("p1", "PO-1", PLACED, ELEVEN));
        assertThat(harness.getSideOutput(RuleEvaluationOperator.LATE)).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    /**
     * Savepoints of 0.1.0 hold a Flink timer per closed entity, in a timer service that this
     * version only advances when a restore brought such timers: they still fire.
     */
    @Test
    void shouldFireTheCleanupTimersASavepointOfAnEarlierVersionHolds() throws Exception {
        WithCleanupTimers earlier = new WithCleanupTimers();
        harness = openHarness(earlier, null);
        process(poPlaced("p1", "PO-1", PLACED, ELEVEN));
        poReceived("r1", "PO-1", TEN);
        watermark(NOON);
        long retention = JobSettings.defaults().closedEntityRetention().toMillis();
        earlier.registerCleanupTimer("po|PO-1", TEN + retention);
        OperatorSubtaskState snapshot = harness.snapshot(1L, NOON);
        harness.close();

        harness = openHarness(snapshot);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        watermark(TEN + retention);

        assertThat(harness.numEventTimeTimers()).as("fired").isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    /** As 0.1.0 did: a Flink timer at the end of each closed entity's retention. */
    private static final class WithCleanupTimers extends RuleEvaluationOperator {
        WithCleanupTimers() {
            super(rules, null, JobSettings.defaults(), true);
        }

        void registerCleanupTimer(String key, long at) {
            setCurrentKey(key);
            getInternalTimerService("entity-cleanup", VoidNamespaceSerializer.INSTANCE, this)
                    .registerEventTimeTimer(VoidNamespace.INSTANCE, at);
        }
    }

    @Test
    void shouldForgetAnOpenEntityThatHeardNothingForTheTtlButNeverTheStock() throws Exception {
        harness = openHarness(null);
        process(poPlaced("p1", "PO-1", PLACED, ELEVEN));
        process(stockCounted("s1", "DC1", "A", PLACED, 5));
        long ttl = JobSettings.defaults().idleEntityTtl().toMillis();
        // The first event after the midnight that ends the TTL triggers the sweep.
        long afterTtl = (PLACED + ttl) / Instants.DAY * Instants.DAY + Instants.DAY + 1;
        process(stockCounted("s2", "DC1", "A", afterTtl - Instants.DAY, 6));
        watermark(afterTtl - Instants.DAY);
        assertThat(stateOf("po|PO-1")).as("silent for less than the TTL at the last midnight").isNotNull();

        process(stockCounted("s3", "DC1", "A", afterTtl, 7));
        watermark(afterTtl);
        assertThat(stateOf("po|PO-1")).isNull();
        assertThat(stateOf("stock|DC1|A").stock.onHand).isEqualTo(7);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isZero();
        // A receipt of the forgotten PO starts it afresh, closed: SUPPLIER_LATE's alert still resolves.
        poReceived("r1", "PO-1", afterTtl + 1);
        watermark(afterTtl + 1);
        assertThat(signalsWithoutTime()).contains("RESOLVED SUPPLIER_LATE PO-1");
    }

    @Test
    void shouldForgetAnIdleEntityThatCameBackInARestore() throws Exception {
        harness = openHarness(null);
        process(poPlaced("p1", "PO-1", PLACED, ELEVEN));
        watermark(PLACED);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1);
        harness.close();

        // The restored PO is the oldest fact: the sweeps must know it, or they skip it as too new.
        harness = openHarness(snapshot);
        long ttl = JobSettings.defaults().idleEntityTtl().toMillis();
        long afterTtl = (PLACED + ttl) / Instants.DAY * Instants.DAY + Instants.DAY + 1;
        process(stockCounted("s1", "DC1", "A", afterTtl, 7));
        watermark(afterTtl);
        assertThat(stateOf("po|PO-1")).isNull();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void shouldReportARejectedRuleFileOnceAndResolveItAfterARestoreWhenItIsGone(@TempDir Path dir) throws Exception {
        copyShippedRules(dir);
        RuleSet started = RuleSet.compile(dir);
        Files.writeString(dir.resolve("zz-bad.epl"), "@Name('BAD') select * from Nope;\n");
        RuleReload reload = new RuleReload(dir.toString(), Duration.ofMillis(100));

        harness = openHarness(null, started, reload);
        harness.setProcessingTime(100);
        assertThat(signalsWithoutTime()).containsExactly("FIRING RULE_REJECTED " + dir + "/zz-bad.epl");
        harness.setProcessingTime(200);
        assertThat(signalsWithoutTime()).as("reported once").isEmpty();
        OperatorSubtaskState snapshot = harness.snapshot(1L, 200);
        harness.close();

        Files.delete(dir.resolve("zz-bad.epl"));
        harness = openHarness(snapshot, started, reload);
        harness.setProcessingTime(100);
        assertThat(signalsWithoutTime()).containsExactly("RESOLVED RULE_REJECTED " + dir + "/zz-bad.epl");
    }

    @Test
    void shouldRaiseAFailingRuleOnceThroughRestoresAndResolveItWhenItsFileChanges(@TempDir Path dir) throws Exception {
        copyShippedRules(dir);
        Path numbered = dir.resolve("zz-numbered.epl");
        // PO ids are not numbers: the select clause throws on every PO fact.
        String failing = """
                @Name('NUMBERED_PO')
                @Tag(name='severity', value='INFO')
                @Tag(name='stage', value='supplier')
                @Tag(name='message', value='PO {key} is number {number}')
                select 'FIRING' as status, poId as key, occurredAt as at, cast(poId, long) as number from PurchaseOrder;
                """;
        Files.writeString(numbered, failing);
        RuleReload reload = new RuleReload(dir.toString(), Duration.ofMillis(100));
        RuleSet started = RuleSet.compile(dir);
        String key = "zz-numbered.epl#NUMBERED_PO@" + started.modules().stream()
                .filter(m -> m.file().equals("zz-numbered.epl")).findFirst().orElseThrow().contentHash();

        harness = openHarness(null, started, reload);
        process(poPlaced("p1", "PO-1", PLACED, NOON));
        process(poPlaced("p2", "PO-2", NINE, NOON));
        watermark(TEN);
        assertThat(failingRules()).containsExactly("FIRING " + key + " 2026-01-05T08:00:00Z p1");
        assertThat(harness.getSideOutput(RuleEvaluationOperator.RULE_FAILURE_COUNTS)).as("for the metrics")
                .extracting(StreamRecord::getValue, StreamRecord::getTimestamp)
                .containsExactly(tuple(new RuleFailureCount("zz-numbered.epl#NUMBERED_PO", 2), TEN));
        process(poPlaced("p3", "PO-3", TEN + 1, NOON));
        watermark(ELEVEN);
        assertThat(failingRules()).as("raised once").isEmpty();

        // Restored, the same version fails again (the rebuild, then new facts): still the same alert.
        OperatorSubtaskState unchanged = harness.snapshot(1L, ELEVEN);
        harness.close();
        harness = openHarness(unchanged, started, reload);
        process(poPlaced("p4", "PO-4", ELEVEN + 1, NOON));
        watermark(ELEVEN + 2);
        assertThat(failingRules()).as("not raised again after a restore").isEmpty();

        // Fixed while the job runs: the reload resolves it.
        OperatorSubtaskState beforeTheFix = harness.snapshot(2L, ELEVEN + 2);
        Files.writeString(numbered, failing.replace("cast(poId, long)", "1L"));
        // The rule watcher compiles the change in the background; each rule check hands it over.
        long[] now = {0};
        List<String> resolved = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            harness.setProcessingTime(now[0] += 100);
            resolved.addAll(failingRules());
            return !resolved.isEmpty();
        });
        assertThat(resolved).containsExactly("RESOLVED " + key + " 2026-01-05T11:00:00.002Z ");

        // Broken again: the rebuild for the reload fails on the facts kept, raised with no watermark after it.
        Files.writeString(numbered, "// again\n" + failing);
        String againKey = "zz-numbered.epl#NUMBERED_PO@" + RuleSet.compile(dir).modules().stream()
                .filter(m -> m.file().equals("zz-numbered.epl")).findFirst().orElseThrow().contentHash();
        List<String> again = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            harness.setProcessingTime(now[0] += 100);
            again.addAll(failingRules());
            return !again.isEmpty();
        });
        assertThat(again).containsExactly("FIRING " + againKey + " 2026-01-05T08:00:00Z p1");
        harness.close();

        // Restored from before the fix, with the file changed meanwhile (broken again, another
        // version): the first watermark resolves the version that failed and raises the new one.
        harness = openHarness(beforeTheFix, started, reload);
        watermark(NOON);
        assertThat(failingRules()).containsExactly("RESOLVED " + key + " 2026-01-05T11:00:00.002Z ",
                "FIRING " + againKey + " 2026-01-05T08:00:00Z p1");
        watermark(NOON + 1);
        assertThat(failingRules()).isEmpty();
    }

    private static void copyShippedRules(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(Path.of("../rules"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".epl")).toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
    }

    /** The RULE_FAILING reports so far: status, key, time, evidence. */
    private List<String> failingRules() {
        var reports = harness.getSideOutput(RuleEvaluationOperator.FAILING_RULES);
        if (reports == null) return List.of();
        List<String> out = reports.stream().map(StreamRecord::getValue)
                .map(a -> a.status + " " + a.key + " " + Instants.format(a.at) + " " + String.join(",", a.evidence))
                .toList();
        reports.clear();
        return out;
    }

    private List<String> signalsWithoutTime() {
        List<String> out = harness.extractOutputValues().stream().map(a -> a.status + " " + a.rule + " " + a.key).toList();
        harness.getOutput().clear();
        return out;
    }

    private KeyedTwoInputStreamOperatorTestHarness<String, KeyedEvent, Long, Alert> openHarness(
            OperatorSubtaskState restoreFrom) throws Exception {
        return openHarness(restoreFrom, rules, null, JobSettings.defaults());
    }

    private KeyedTwoInputStreamOperatorTestHarness<String, KeyedEvent, Long, Alert> openHarnessWith(JobSettings settings)
            throws Exception {
        return openHarness(null, rules, null, settings);
    }

    private KeyedTwoInputStreamOperatorTestHarness<String, KeyedEvent, Long, Alert> openHarness(
            OperatorSubtaskState restoreFrom, RuleSet startRules, RuleReload reload) throws Exception {
        return openHarness(restoreFrom, startRules, reload, JobSettings.defaults());
    }

    private KeyedTwoInputStreamOperatorTestHarness<String, KeyedEvent, Long, Alert> openHarness(
            OperatorSubtaskState restoreFrom, RuleSet startRules, RuleReload reload, JobSettings settings) throws Exception {
        return openHarness(new RuleEvaluationOperator(startRules, reload, settings, true), restoreFrom);
    }

    private KeyedTwoInputStreamOperatorTestHarness<String, KeyedEvent, Long, Alert> openHarness(
            RuleEvaluationOperator operator, OperatorSubtaskState restoreFrom) throws Exception {
        return openHarness(operator, restoreFrom, 1, 0);
    }

    private static final int MAX_PARALLELISM = 128;

    private KeyedTwoInputStreamOperatorTestHarness<String, KeyedEvent, Long, Alert> openHarness(
            RuleEvaluationOperator operator, OperatorSubtaskState restoreFrom, int parallelism, int subtask)
            throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<String, KeyedEvent, Long, Alert> h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        operator,
                        (KeySelector<KeyedEvent, String>) keyed -> keyed.entityKey,
                        // Input 2 is broadcast in the job; the harness wants a key all the same.
                        (KeySelector<Long, String>) clock -> "clock",
                        Types.STRING, MAX_PARALLELISM, parallelism, subtask);
        h.setup();
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        } else {
            h.initializeEmptyState();
        }
        h.open();
        return h;
    }

    /** A receipt, routed to the PO only (the stock it also touches is not under test here). */
    private void poReceived(String id, String poId, long at) throws Exception {
        SupplyEvent e = goodsReceived(id, poId, at);
        harness.processElement1(new StreamRecord<>(new KeyedEvent(EntityKeys.purchaseOrder(poId), e, true), at));
    }

    private int closedEntitiesWaiting() {
        return ((RuleEvaluationOperator) harness.getOperator()).closedEntitiesWaiting();
    }

    /** What the operator keeps for one entity. */
    private EntityState stateOf(String key) throws Exception {
        var backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(key);
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>("entities", EntityState.class)).value();
    }

    private void watermark(long time) throws Exception {
        harness.processBothWatermarks(new Watermark(time));
    }

    /** Sends the event to every entity it touches, as the job's fan-out does. */
    private void process(SupplyEvent event) throws Exception {
        for (String key : EntityKeys.of(event)) {
            harness.processElement1(new StreamRecord<>(new KeyedEvent(key, event, true), event.occurredAt));
        }
    }

    /** The raw signals of the four foundation rules these tests are about (the others have scenarios). */
    private List<String> signals() {
        List<String> out = harness.extractOutputValues().stream()
                .filter(a -> AlertOracle.RULES.contains(a.rule))
                .map(a -> a.status + " " + a.rule + " " + a.key + " " + Instants.format(a.at))
                .toList();
        harness.getOutput().clear();
        return out;
    }

    private static SupplyEvent poPlaced(String id, String poId, long at, long expectedAt) {
        SupplyEvent e = new SupplyEvent(id, EventType.PO_PLACED, at);
        e.poId = poId;
        e.supplierId = "S1";
        e.site = "DC1";
        e.sku = "A";
        e.quantity = 3L;
        e.expectedAt = expectedAt;
        return e;
    }

    private static SupplyEvent shipmentDispatched(String id, String shipmentId, long at, long promisedAt) {
        SupplyEvent e = new SupplyEvent(id, EventType.SHIPMENT_DISPATCHED, at);
        e.shipmentId = shipmentId;
        e.carrierId = "DHL";
        e.site = "DC1";
        e.destination = "Lyon";
        e.promisedAt = promisedAt;
        return e;
    }

    private static SupplyEvent goodsReceived(String id, String poId, long at) {
        SupplyEvent e = new SupplyEvent(id, EventType.GOODS_RECEIVED, at);
        e.poId = poId;
        e.site = "DC1";
        e.sku = "B";
        e.quantity = 3L;
        return e;
    }

    private static SupplyEvent orderPlaced(String id, String orderId, long at) {
        SupplyEvent e = new SupplyEvent(id, EventType.ORDER_PLACED, at);
        e.orderId = orderId;
        e.customerId = "C1";
        e.site = "DC1";
        e.sku = "A";
        e.quantity = 2L;
        e.promisedAt = at + Duration.ofDays(2).toMillis();
        return e;
    }

    private static SupplyEvent stockCounted(String id, String site, String sku, long at, long quantity) {
        SupplyEvent e = new SupplyEvent(id, EventType.STOCK_COUNTED, at);
        e.site = site;
        e.sku = sku;
        e.quantity = quantity;
        return e;
    }

    private static SupplyEvent goodsIssued(String id, String site, String sku, long at, long quantity) {
        SupplyEvent e = new SupplyEvent(id, EventType.GOODS_ISSUED, at);
        e.site = site;
        e.sku = sku;
        e.quantity = quantity;
        return e;
    }
}
