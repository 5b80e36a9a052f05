package io.scem.core.atp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.scem.core.alert.Alert;
import io.scem.core.atp.AtpDecision.Alternative;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import io.scem.core.rules.LocalMonitor;
import io.scem.core.rules.RuleSet;
import io.scem.core.scenario.Scenario;
import io.scem.core.scenario.ScenarioFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ORDER_AT_RISK scenarios of {@code rules/tests/order-at-risk.yaml} (which {@code scem rules
 * test} checks for their alerts' times), run here through the local monitor to check what the
 * YAML cannot: the decisions and the alternatives each alert names.
 */
class AtpScenariosTest {
    private static RuleSet rules;
    private static List<Scenario> scenarios;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleSet.compile(Path.of("../rules"));
        scenarios = ScenarioFile.read(Path.of("../rules/tests/order-at-risk.yaml"), "tests/order-at-risk.yaml");
    }

    @Test
    void receiptsDueByThePromiseCountAndTheSiteCanPromiseWhenThePoIsDue() {
        Run run = run("receipts due in by the promise");
        assertThat(run.decisions).extracting(d -> d.orderId, d -> d.outcome, d -> d.available).containsExactly(
                tuple("ORD-1", AtpDecision.FEASIBLE, 25L), tuple("ORD-2", AtpDecision.AT_RISK, -10L));
        assertThat(run.decisions.get(1).alternatives).extracting(a -> a.kind, a -> a.at, a -> a.available)
                .containsExactly(tuple(Alternative.LATER_DATE, Instants.parse("2026-01-07T08:00:00Z"), 10L));
        assertThat(run.messages()).containsExactly(
                "FIRING ORD-2 Order ORD-2 (10 x SKU-7 for C-2 from DC1, promised 2026-01-06T12:00:00Z) cannot be met from DC1"
                        + " since 2026-01-05T10:00:00Z: -10 available by the promise (on hand 5, allocated to other orders 15,"
                        + " due in by then 0); DC1 can promise 2026-01-07T08:00:00Z",
                "RESOLVED ORD-2 Order ORD-2 (10 x SKU-7 from DC1) can be met from DC1 again since 2026-01-06T09:00:00Z:"
                        + " 10 available by the promise 2026-01-06T12:00:00Z");
    }

    @Test
    void aShortSiteNamesTheLongSiteNextToIt() {
        Run run = run("a short site with a long site next to it");
        assertThat(run.decisions).extracting(d -> d.orderId, d -> d.outcome)
                .containsExactly(tuple("ORD-3", AtpDecision.AT_RISK), tuple("ORD-4", AtpDecision.FEASIBLE));
        // DC2: 100 on hand less ORD-4's 10 (placed at the same time) = 90.
        assertThat(run.decisions.get(0).alternatives).extracting(a -> a.kind, a -> a.site, a -> a.available)
                .containsExactly(tuple(Alternative.OTHER_SITE, "DC2", 90L));
        assertThat(run.messages()).last().isEqualTo(
                "RESOLVED ORD-3 Order ORD-3 (10 x SKU-4 from DC1) was dispatched at 2026-01-05T15:00:00Z");
    }

    @Test
    void aSubstituteFromItemsCsvIsOffered() {
        Run run = run("a substitute");
        assertThat(run.decisions.get(0).alternatives).extracting(a -> a.kind, a -> a.site, a -> a.sku, a -> a.available)
                .containsExactly(tuple(Alternative.SUBSTITUTE, "DC1", "SKU-2", 50L));
        assertThat(run.messages().get(0)).endsWith("; substitute SKU-2 has 50");
        assertThat(run.messages()).last().isEqualTo(
                "RESOLVED ORD-5 Order ORD-5 (10 x SKU-1 from DC1) was cancelled at 2026-01-05T11:00:00Z");
    }

    @Test
    void anOrderNoSiteSubstituteOrReceiptWithinTheHorizonCoversCannotBeMetAnywhere() {
        Run run = run("an order that cannot be met anywhere");
        assertThat(run.decisions).extracting(d -> d.outcome).containsExactly(AtpDecision.CANNOT_BE_MET);
        assertThat(run.messages().get(0)).endsWith("1 available by the promise (on hand 1, allocated to other orders 0,"
                + " due in by then 0); cannot be met anywhere: no other site or substitute has 50 by the promise,"
                + " and DC1 cannot promise it within 30 days");
    }

    @Test
    void ordersPlacedTogetherSeeEachOtherAllocatedAndAFullIssueResolves() {
        Run run = run("orders placed at the same time");
        assertThat(run.decisions).extracting(d -> d.orderId, d -> d.available)
                .containsExactly(tuple("ORD-7", 4L), tuple("ORD-8", 4L));
        assertThat(run.messages()).filteredOn(m -> m.startsWith("RESOLVED")).containsExactly(
                "RESOLVED ORD-7 Order ORD-7 (6 x SKU-8 from DC3) was issued in full at DC3 at 2026-01-05T10:00:00Z",
                "RESOLVED ORD-8 Order ORD-8 (6 x SKU-8 from DC3) can be met from DC3 again since 2026-01-05T11:00:00Z:"
                        + " 6 available by the promise 2026-01-07T12:00:00Z");
    }

    private record Run(List<AtpDecision> decisions, List<Alert> alerts) {
        List<String> messages() {
            return alerts.stream().filter(a -> a.rule.equals(OrderAtRisk.RULE))
                    .map(a -> a.status + " " + a.key + " " + a.message).toList();
        }
    }

    private static Run run(String namePrefix) {
        Scenario scenario = scenarios.stream().filter(s -> s.name().startsWith(namePrefix)).findFirst().orElseThrow();
        List<AtpDecision> decisions = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        try (LocalMonitor monitor = new LocalMonitor(rules, LocalMonitor.Settings.DEFAULTS, () -> 0L, alerts::add)) {
            monitor.onAtpDecision(decisions::add);
            List<SupplyEvent> events = new ArrayList<>(scenario.events());
            events.sort(Comparator.comparingLong(e -> e.occurredAt));
            events.forEach(monitor::accept);
            monitor.finish();
        }
        return new Run(decisions, alerts);
    }
}
