package io.scem.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.entity.CustomerOrder;
import io.scem.core.entity.EntityFact;
import io.scem.core.entity.ProductionLine;
import io.scem.core.entity.PurchaseOrder;
import io.scem.core.entity.Shipment;
import io.scem.core.entity.StockLevel;
import io.scem.core.entity.WorkOrder;
import io.scem.core.event.EventType;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped rule files on the engine's external clock: fires, resolves and deadlines. */
class RuleEngineTest {
    private static final long T0 = Instants.parse("2026-01-05T10:00:00Z");
    private static final long HOUR = 3_600_000L;
    private static RuleSet rules;

    private final List<Alert> alerts = new ArrayList<>();
    private RuleEngine engine;

    @BeforeAll
    static void compileShippedRules() throws Exception {
        rules = RuleSet.compile(Path.of("../rules"));
    }

    @BeforeEach
    void start() {
        engine = new RuleEngine(rules, "test-" + UUID.randomUUID(), T0 - HOUR, this::collect);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void stockOutFiresWhenOnHandDropsToZeroAndResolvesWhenRestocked() {
        StockLevel s = null;
        s = stock(s, EventType.STOCK_COUNTED, 5, T0);
        s = stock(s, EventType.GOODS_ISSUED, 5, T0 + HOUR);
        s = stock(s, EventType.GOODS_ISSUED, 1, T0 + 2 * HOUR);
        stock(s, EventType.GOODS_RECEIVED, 10, T0 + 3 * HOUR);

        // The first count lifts on-hand from "unknown" (0) above zero: the rule says "cleared",
        // which the alert lifecycle ignores as nothing was firing (see AlertEpisodes).
        assertThat(alerts).extracting(a -> a.rule, a -> a.status, a -> a.key, a -> a.at)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("STOCK_OUT", "RESOLVED", "DC1|SKU-1", T0),
                        org.assertj.core.groups.Tuple.tuple("STOCK_OUT", "FIRING", "DC1|SKU-1", T0 + HOUR),
                        org.assertj.core.groups.Tuple.tuple("STOCK_OUT", "RESOLVED", "DC1|SKU-1", T0 + 3 * HOUR));
        assertThat(alerts.get(1).severity).isEqualTo("CRITICAL");
        assertThat(alerts.get(1).stage).isEqualTo("warehouse");
        assertThat(alerts.get(1).message).isEqualTo(
                "SKU-1 at DC1 is out of stock since 2026-01-05T11:00:00Z: on hand 0 after GOODS_ISSUED (was 5)");
        assertThat(alerts.get(2).severity).isEqualTo("CRITICAL");
    }

    @Test
    void shouldPassOnOnlyTheResolvesOfWhatItRaisedWhenGivenTheRaisedConditions() {
        engine.close();
        RaisedConditions raised = RaisedConditions.tracking();
        engine = new RuleEngine(rules, "test-" + UUID.randomUUID(), T0 - HOUR, raised, (a, decidedAt) -> collect(a));
        StockLevel s = null;
        s = stock(s, EventType.STOCK_COUNTED, 5, T0);
        s = stock(s, EventType.GOODS_ISSUED, 5, T0 + HOUR);
        assertThat(raised.conditionKeys()).contains("STOCK_OUT|DC1|SKU-1");
        stock(s, EventType.GOODS_RECEIVED, 10, T0 + 3 * HOUR);

        // Not the first count's "cleared": nothing was raised then.
        assertThat(alerts).filteredOn(a -> a.rule.equals("STOCK_OUT")).extracting(a -> a.status, a -> a.at)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("FIRING", T0 + HOUR),
                        org.assertj.core.groups.Tuple.tuple("RESOLVED", T0 + 3 * HOUR));
        assertThat(raised.conditionKeys()).doesNotContain("STOCK_OUT|DC1|SKU-1");
    }

    @Test
    void eachSignalComesWithTheEventTimeItWasDecidedAtWhichCanBeLaterThanItsAt() {
        engine.close();
        List<String> decided = new ArrayList<>();
        engine = new RuleEngine(rules, "test-" + UUID.randomUUID(), T0 - HOUR, RaisedConditions.tracking(),
                (a, decidedAt) -> {
                    if (a.rule.equals("SUPPLIER_LATE") || a.rule.equals("DELIVERY_LATE")) {
                        decided.add(a.rule + " " + a.status + " at " + Instants.format(a.at)
                                + " decided " + Instants.format(decidedAt));
                    }
                });
        placePo(T0, T0 + 5 * HOUR);
        // Dispatched two hours after its promise: late the moment it is known.
        dispatch(null, T0 + 2 * HOUR, T0);
        engine.advanceTo(T0 + 10 * HOUR); // the PO's deadline passes within this step

        assertThat(decided).containsExactly(
                "DELIVERY_LATE FIRING at 2026-01-05T10:00:00Z decided 2026-01-05T12:00:00Z",
                "SUPPLIER_LATE FIRING at 2026-01-05T15:00:00Z decided 2026-01-05T15:00:00Z");
    }

    @Test
    void supplierLateFiresAtTheDeadlineWhenNothingWasReceived() {
        placePo(T0, T0 + 5 * HOUR);
        engine.advanceTo(T0 + 5 * HOUR - 1);
        assertThat(alerts).isEmpty();
        engine.advanceTo(T0 + 5 * HOUR);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.rule).isEqualTo("SUPPLIER_LATE");
            assertThat(a.at).isEqualTo(T0 + 5 * HOUR);
            assertThat(a.supplierId).isEqualTo("SUP-1");
        });
    }

    @Test
    void aReceiptAtTheExactDeadlineIsOnTime() {
        PurchaseOrder po = placePo(T0, T0 + 5 * HOUR);
        engine.insert(PurchaseOrder.next(po, receipt(T0 + 5 * HOUR)));
        engine.advanceTo(T0 + 10 * HOUR);
        assertThat(alerts).extracting(a -> a.status).containsExactly("RESOLVED");
    }

    @Test
    void aLaterPromiseMovesTheDeadline() {
        PurchaseOrder po = placePo(T0, T0 + 5 * HOUR);
        SupplyEvent confirm = event(EventType.PO_CONFIRMED, T0 + HOUR);
        confirm.poId = "PO-1";
        confirm.expectedAt = T0 + 8 * HOUR;
        engine.insert(PurchaseOrder.next(po, confirm));
        engine.advanceTo(T0 + 7 * HOUR);
        assertThat(alerts).isEmpty();
        engine.advanceTo(T0 + 9 * HOUR);
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.at).isEqualTo(T0 + 8 * HOUR));
    }

    @Test
    void aDeadlineAlreadyPastWhenThePoAppearsFiresAtOnceStampedWithTheDeadline() {
        engine.advanceTo(T0 + 10 * HOUR);
        placePo(T0 + 10 * HOUR, T0 + 2 * HOUR);
        engine.advanceTo(T0 + 10 * HOUR);
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.at).isEqualTo(T0 + 2 * HOUR));
    }

    @Test
    void everyAlertCarriesTheVersionOfTheFileThatRaisedIt() throws Exception {
        placePo(T0, T0 + HOUR);
        engine.advanceTo(T0 + 2 * HOUR);
        String supplierVersion = rules.modules().stream().filter(m -> m.file().equals("supplier.epl"))
                .findFirst().orElseThrow().contentHash();
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.ruleVersion).isEqualTo(supplierVersion));
        assertThat(supplierVersion).isEqualTo(RuleSet.versionOf(
                java.nio.file.Files.readString(Path.of("../rules/supplier.epl"))));
    }

    @Test
    void aRebuildRaisesNothingForRulesThatAlreadyRanButRearmsTheirDeadlines() {
        PurchaseOrder po = placePo(T0, T0 + 5 * HOUR);
        engine.advanceTo(T0 + 6 * HOUR);
        assertThat(alerts).hasSize(1);
        PurchaseOrder pending = placePo("PO-2", T0 + HOUR, T0 + 8 * HOUR);
        alerts.clear();

        try (RuleEngine rebuilt = RuleEngine.rebuild(rules, "test-" + UUID.randomUUID(), List.of(po, pending),
                T0 + 6 * HOUR, rules.versions(), this::collect)) {
            assertThat(alerts).as("PO-1 fired before the rebuild").isEmpty();
            assertThat(rebuilt.clock()).isEqualTo(T0 + 6 * HOUR);
            rebuilt.advanceTo(T0 + 8 * HOUR);
            assertThat(alerts).extracting(a -> a.key, a -> a.at).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("PO-2", T0 + 8 * HOUR));
        }
    }

    @Test
    void aRebuildLetsNewOrChangedRulesReportWhatAlreadyHolds() {
        PurchaseOrder po = placePo(T0, T0 + 5 * HOUR);
        alerts.clear();
        java.util.Set<String> allButSupplier = new java.util.HashSet<>(rules.versions());
        rules.modules().stream().filter(m -> m.file().equals("supplier.epl"))
                .forEach(m -> allButSupplier.remove(m.contentHash()));

        try (RuleEngine rebuilt = RuleEngine.rebuild(rules, "test-" + UUID.randomUUID(), List.of(po),
                T0 + 6 * HOUR, allButSupplier, this::collect)) {
            assertThat(alerts).extracting(a -> a.rule, a -> a.key, a -> a.at).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("SUPPLIER_LATE", "PO-1", T0 + 5 * HOUR));
        }
    }

    @Test
    void aRebuildRearmsTheCatalogueWaitsFromFactsWhoseLatestEventDidNotArmThem() {
        List<Alert> raised = new ArrayList<>();
        try (RuleEngine rebuilt = RuleEngine.rebuild(rules, "test-" + UUID.randomUUID(), latest(catalogue()),
                CATALOGUE_CLOCK, rules.versions(), raised::add)) {
            assertThat(raised).as("the rebuild of unchanged rules raises nothing").isEmpty();
            rebuilt.advanceTo(T0 + 30 * HOUR);
        }
        assertThat(raised).filteredOn(a -> a.status.equals("FIRING"))
                .extracting(a -> a.rule + " " + a.key + " " + Instants.format(a.at))
                .containsExactlyInAnyOrder(
                        "LINE_DOWN P1|L1 2026-01-05T10:30:00Z",
                        "PRODUCTION_NOT_STARTED WO-1 2026-01-05T22:00:00Z",
                        "PRODUCTION_LATE WO-1 2026-01-06T06:00:00Z",
                        "SUPPLIER_UNCONFIRMED PO-1 2026-01-06T10:00:00Z",
                        "FULFILLMENT_LATE ORD-1 2026-01-06T10:00:00Z",
                        "DELIVERY_LATE SH-1 2026-01-06T12:00:00Z",
                        "SUPPLIER_LATE PO-1 2026-01-06T14:00:00Z",
                        "TRACKING_SILENT SH-1 2026-01-06T10:10:00Z");
    }

    @Test
    void aDeadlineRearmedByARebuildFiresWithTheEvidenceAndMessageOfARunWithoutIt() {
        List<List<EntityFact>> histories = catalogue();
        List<Alert> straight = new ArrayList<>();
        try (RuleEngine run = new RuleEngine(rules, "test-" + UUID.randomUUID(), T0 - HOUR, straight::add)) {
            histories.stream().flatMap(List::stream).sorted(Comparator.comparingLong(f -> f.occurredAt))
                    .forEach(run::insert);
            run.advanceTo(T0 + 30 * HOUR);
        }
        List<Alert> rebuiltRun = new ArrayList<>();
        try (RuleEngine rebuilt = RuleEngine.rebuild(rules, "test-" + UUID.randomUUID(), latest(histories),
                CATALOGUE_CLOCK, rules.versions(), rebuiltRun::add)) {
            rebuilt.advanceTo(T0 + 30 * HOUR);
        }

        List<String> afterTheClock = straight.stream().filter(a -> a.at > CATALOGUE_CLOCK).map(RuleEngineTest::full).toList();
        assertThat(afterTheClock).hasSize(8);
        assertThat(rebuiltRun).extracting(RuleEngineTest::full).containsExactlyInAnyOrderElementsOf(afterTheClock);
        // Evidence: the event that set the deadline, not the entity's latest one.
        assertThat(rebuiltRun).filteredOn(a -> !a.rule.equals("TRACKING_SILENT"))
                .allSatisfy(a -> assertThat(a.evidence).containsExactly(a.key.equals("P1|L1") ? "stop" : "armed-" + a.key));
        assertThat(rebuiltRun).filteredOn(a -> a.rule.equals("LINE_DOWN")).singleElement()
                .satisfies(a -> assertThat(a.message).endsWith(": waiting for parts"));
        assertThat(rebuiltRun).filteredOn(a -> a.rule.equals("DELIVERY_LATE")).singleElement()
                .satisfies(a -> assertThat(a.message).endsWith("(last seen: HUB)"));
    }

    @Test
    void deliveryLateSaysWhereTheShipmentWasLastSeenWhenThePromisePassed() {
        Shipment dispatched = dispatch(null, T0, T0 + 5 * HOUR);
        Shipment s = checkpoint(dispatched, T0 + HOUR, "HUB-PARIS");
        s = checkpoint(s, T0 + 3 * HOUR, "HUB-LYON");
        checkpoint(s, T0 + 6 * HOUR, "HUB-GENEVA");
        Shipment other = dispatch(null, "SH-2", T0, T0 + 5 * HOUR);
        engine.advanceTo(T0 + 7 * HOUR);

        assertThat(alerts).extracting(a -> a.key, a -> a.message, a -> List.of(a.evidence)).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("SH-1", "Shipment SH-1 from DC1 to Lyon by DHL was promised for"
                        + " 2026-01-05T15:00:00Z and is not delivered (last seen: HUB-LYON)", List.of(dispatched.eventId)),
                org.assertj.core.groups.Tuple.tuple("SH-2", "Shipment SH-2 from DC1 to Lyon by DHL was promised for"
                        + " 2026-01-05T15:00:00Z and is not delivered (last seen: no checkpoint yet)", List.of(other.eventId)));
    }

    @Test
    void aShipmentSeenBeforeItsLateDispatchFiresAtOnceWithThatLocation() {
        Shipment s = checkpoint(null, T0, "HUB-PARIS");
        Shipment dispatched = dispatch(s, T0 + 2 * HOUR, T0 + HOUR);
        engine.advanceTo(T0 + 2 * HOUR);

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.at).isEqualTo(T0 + HOUR);
            assertThat(a.evidence).containsExactly(dispatched.eventId);
            assertThat(a.message).endsWith("(last seen: HUB-PARIS)");
        });
    }

    /** The rebuild's clock in the catalogue: after every fact, before every deadline. */
    private static final long CATALOGUE_CLOCK = T0 + 20 * 60_000L;

    /**
     * An entity of each kind with a deadline rule, each first by the event that arms its waits
     * (eventId {@code armed-KEY}, or {@code stop} for the line) and then by one that does not set
     * the time they count from (a repeated stop with a new reason, a re-sent PO, picking, a
     * receipt of finished goods, a checkpoint): only rearmed() can arm them again in a rebuild.
     */
    private static List<List<EntityFact>> catalogue() {
        long tenMinutes = 10 * 60_000L;
        SupplyEvent stop = new SupplyEvent("stop", EventType.LINE_STOPPED, T0);
        stop.site = "P1";
        stop.lineId = "L1";
        stop.reason = "jam";
        SupplyEvent stopAgain = event(EventType.LINE_STOPPED, T0 + tenMinutes);
        stopAgain.site = "P1";
        stopAgain.lineId = "L1";
        stopAgain.reason = "waiting for parts";
        ProductionLine stopped = ProductionLine.next(null, stop);

        SupplyEvent placed = new SupplyEvent("armed-PO-1", EventType.PO_PLACED, T0);
        placed.poId = "PO-1";
        placed.supplierId = "SUP-1";
        placed.site = "DC1";
        placed.sku = "SKU-1";
        placed.quantity = 10L;
        placed.expectedAt = T0 + 28 * HOUR;
        SupplyEvent placedAgain = event(EventType.PO_PLACED, T0 + tenMinutes);
        placedAgain.poId = "PO-1";
        placedAgain.supplierId = "SUP-1";
        placedAgain.site = "DC1";
        placedAgain.sku = "SKU-1";
        placedAgain.quantity = 10L;
        placedAgain.expectedAt = T0 + 28 * HOUR;
        PurchaseOrder po = PurchaseOrder.next(null, placed);

        SupplyEvent ordered = new SupplyEvent("armed-ORD-1", EventType.ORDER_PLACED, T0);
        ordered.orderId = "ORD-1";
        ordered.customerId = "C-1";
        ordered.site = "DC1";
        ordered.sku = "SKU-1";
        ordered.quantity = 1L;
        ordered.promisedAt = T0 + 100 * HOUR;
        SupplyEvent picked = event(EventType.GOODS_ISSUED, T0 + tenMinutes);
        picked.orderId = "ORD-1";
        picked.site = "DC1";
        picked.sku = "SKU-1";
        picked.quantity = 1L;
        CustomerOrder order = CustomerOrder.next(null, ordered);

        SupplyEvent released = new SupplyEvent("armed-WO-1", EventType.WORK_ORDER_RELEASED, T0);
        released.workOrderId = "WO-1";
        released.site = "P1";
        released.sku = "SKU-1";
        released.quantity = 5L;
        released.dueAt = T0 + 20 * HOUR;
        SupplyEvent goodsIn = event(EventType.GOODS_RECEIVED, T0 + tenMinutes);
        goodsIn.workOrderId = "WO-1";
        goodsIn.site = "P1";
        goodsIn.sku = "SKU-1";
        goodsIn.quantity = 1L;
        WorkOrder wo = WorkOrder.next(null, released);

        SupplyEvent dispatched = new SupplyEvent("armed-SH-1", EventType.SHIPMENT_DISPATCHED, T0);
        dispatched.shipmentId = "SH-1";
        dispatched.carrierId = "DHL";
        dispatched.site = "DC1";
        dispatched.destination = "Lyon";
        dispatched.promisedAt = T0 + 26 * HOUR;
        SupplyEvent checkpoint = event(EventType.SHIPMENT_CHECKPOINT, T0 + tenMinutes);
        checkpoint.shipmentId = "SH-1";
        checkpoint.location = "HUB";
        Shipment shipment = Shipment.next(null, dispatched);

        return List.of(
                List.of(stopped, ProductionLine.next(stopped, stopAgain)),
                List.of(po, PurchaseOrder.next(po, placedAgain)),
                List.of(order, CustomerOrder.next(order, picked)),
                List.of(wo, WorkOrder.next(wo, goodsIn)),
                List.of(shipment, Shipment.next(shipment, checkpoint)));
    }

    private static List<EntityFact> latest(List<List<EntityFact>> histories) {
        return histories.stream().map(h -> h.get(h.size() - 1)).toList();
    }

    /** Everything an alert says but its detection time. */
    private static String full(Alert a) {
        return String.join(" | ", a.rule, a.status, a.key, Instants.format(a.at), a.message, String.join(",", a.evidence),
                String.valueOf(a.site), String.valueOf(a.carrierId), String.valueOf(a.supplierId));
    }

    @Test
    void rulesLookUpItemsCsvInTheItemsTable(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.copy(Path.of("../rules/00-common.epl"), dir.resolve("00-common.epl"));
        java.nio.file.Files.writeString(dir.resolve("items.csv"), "site,sku,leadTimeDays,safetyStock\nDC1,SKU-1,7,40\n");
        java.nio.file.Files.writeString(dir.resolve("below.epl"), """
                @Name('BELOW_SAFETY_STOCK')
                @Tag(name='severity', value='MINOR')
                @Tag(name='stage', value='warehouse')
                @Tag(name='message', value='{sku} at {site}: {onHand} below {safetyStock}')
                select 'FIRING' as status, site || '|' || sku as key, occurredAt as at, site, sku, onHand,
                       coalesce(Items[site, sku].safetyStock, 10) as safetyStock
                from StockLevel as s where s.onHand < coalesce(Items[s.site, s.sku].safetyStock, 10);
                """);
        RuleSet withItems = RuleSet.compile(dir);
        assertThat(withItems.items()).singleElement().satisfies(i -> assertThat(i.getSafetyStock()).isEqualTo(40));
        engine.close();
        engine = new RuleEngine(withItems, "test-" + UUID.randomUUID(), T0 - HOUR, alerts::add);

        StockLevel s = stock(null, EventType.STOCK_COUNTED, 39, T0);
        SupplyEvent other = event(EventType.STOCK_COUNTED, T0);
        other.site = "DC2";
        other.sku = "SKU-1";
        other.quantity = 39L;
        engine.insert(StockLevel.next(null, other));

        assertThat(alerts).extracting(a -> a.message).containsExactly("SKU-1 at DC1: 39 below 40");
        assertThat(s.onHand).isEqualTo(39);
    }

    @Test
    void shouldSkipAStatementThatThrowsForThatEventAndCountItWhileTheOtherRulesGoOn(@TempDir Path dir) throws Exception {
        // Shipment ids are not numbers: the cast in the select clause throws for every shipment fact.
        List<Alert> raised = engineOf(dir, """
                select 'FIRING' as status, shipmentId as key, cast(shipmentId, long) as at from Shipment;
                """);

        Shipment dispatched = dispatch(null, T0, T0 + 4 * HOUR);
        Shipment atParis = checkpoint(dispatched, T0 + HOUR, "HUB-PARIS");
        checkpoint(atParis, T0 + 2 * HOUR, "HUB-LYON");

        // Where (file, line of its @Name, the file's version) and when it first failed, for RULE_FAILING.
        assertThat(engine.failures()).containsExactly(Map.entry("NUMBERED_SHIPMENT",
                new RuleErrors.Failures(3, "java.lang.NumberFormatException: For input string: \"SH-1\"", T0,
                        dispatched.eventId, "numbered.epl", 1, RuleSet.compile(dir).modules().get(0).contentHash())));
        assertThat(raised).extracting(a -> a.rule).containsExactly("SEEN", "SEEN", "SEEN");
    }

    @Test
    void shouldGoOnWhenAFilterThrowsThoughNoRuleSeesThatFact(@TempDir Path dir) throws Exception {
        // The where clause on a single stream is a filter, evaluated while Esper matches the fact
        // to statements: its exception leaves sendEvent, and no statement processes the fact.
        List<Alert> raised = engineOf(dir, """
                select 'FIRING' as status, shipmentId as key, occurredAt as at from Shipment where cast(shipmentId, long) > 0;
                """);

        Shipment shipment = dispatch(null, T0, T0 + 4 * HOUR);
        checkpoint(shipment, T0 + HOUR, "HUB-PARIS");
        StockLevel stock = stock(null, EventType.STOCK_COUNTED, 5, T0 + 2 * HOUR);

        // No file to point at: the failure is one of the whole rule set's version.
        assertThat(engine.failures()).containsExactly(Map.entry("filter on Shipment",
                new RuleErrors.Failures(2, "java.lang.NumberFormatException: For input string: \"SH-1\"", T0,
                        shipment.eventId, null, 0, RuleSet.compile(dir).version())));
        assertThat(raised).isEmpty();
        assertThat(stock.onHand).isEqualTo(5);
        engine.advanceTo(T0 + 5 * HOUR);
        assertThat(raised).isEmpty();
    }

    /**
     * An engine running {@code numberedShipment} as the rule NUMBERED_SHIPMENT and, beside it, SEEN
     * (a FIRING for every shipment fact); returns where their alerts go.
     */
    private List<Alert> engineOf(Path dir, String numberedShipment) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("numbered.epl"), """
                @Name('NUMBERED_SHIPMENT')
                @Tag(name='severity', value='INFO')
                @Tag(name='stage', value='distribution')
                @Tag(name='message', value='Shipment {key} has a number')
                """ + numberedShipment + """

                @Name('SEEN')
                @Tag(name='severity', value='INFO')
                @Tag(name='stage', value='distribution')
                @Tag(name='message', value='Shipment {key} seen')
                select 'FIRING' as status, shipmentId as key, occurredAt as at from Shipment;
                """);
        engine.close();
        List<Alert> raised = new ArrayList<>();
        engine = new RuleEngine(RuleSet.compile(dir), "test-" + UUID.randomUUID(), T0 - HOUR, raised::add);
        return raised;
    }

    /** Keeps the alerts of the four foundation rules these tests are about; the others have scenarios. */
    private void collect(Alert a) {
        if (java.util.Set.of("STOCK_OUT", "SUPPLIER_LATE", "PRODUCTION_LATE", "DELIVERY_LATE").contains(a.rule)) {
            alerts.add(a);
        }
    }

    private PurchaseOrder placePo(long at, long expectedAt) {
        return placePo("PO-1", at, expectedAt);
    }

    private PurchaseOrder placePo(String poId, long at, long expectedAt) {
        SupplyEvent e = event(EventType.PO_PLACED, at);
        e.poId = poId;
        e.supplierId = "SUP-1";
        e.site = "DC1";
        e.sku = "SKU-1";
        e.quantity = 10L;
        e.expectedAt = expectedAt;
        PurchaseOrder po = PurchaseOrder.next(null, e);
        engine.insert(po);
        return po;
    }

    private SupplyEvent receipt(long at) {
        SupplyEvent e = event(EventType.GOODS_RECEIVED, at);
        e.poId = "PO-1";
        e.site = "DC1";
        e.sku = "SKU-1";
        e.quantity = 10L;
        return e;
    }

    private Shipment dispatch(Shipment current, long at, long promisedAt) {
        return dispatch(current, "SH-1", at, promisedAt);
    }

    private Shipment dispatch(Shipment current, String shipmentId, long at, long promisedAt) {
        SupplyEvent e = event(EventType.SHIPMENT_DISPATCHED, at);
        e.shipmentId = shipmentId;
        e.carrierId = "DHL";
        e.site = "DC1";
        e.destination = "Lyon";
        e.promisedAt = promisedAt;
        Shipment next = Shipment.next(current, e);
        engine.insert(next);
        return next;
    }

    private Shipment checkpoint(Shipment current, long at, String location) {
        SupplyEvent e = event(EventType.SHIPMENT_CHECKPOINT, at);
        e.shipmentId = current == null ? "SH-1" : current.shipmentId;
        e.location = location;
        Shipment next = Shipment.next(current, e);
        engine.insert(next);
        return next;
    }

    private StockLevel stock(StockLevel current, EventType type, long quantity, long at) {
        SupplyEvent e = event(type, at);
        e.site = "DC1";
        e.sku = "SKU-1";
        e.quantity = quantity;
        StockLevel next = StockLevel.next(current, e);
        engine.insert(next);
        return next;
    }

    private static int counter;

    private static SupplyEvent event(EventType type, long at) {
        return new SupplyEvent("e" + (++counter), type, at);
    }
}
