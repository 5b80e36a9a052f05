package io.scem.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.rules.RuleProblem;
import io.scem.core.rules.RuleSet;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link CostsFile}: the shipped file reads, and every mistake is reported at its line. */
class CostsFileTest {
    @Test
    void shouldReadTheShippedFileWithEverySimulatedSkuAndCarrier() throws Exception {
        CostModel costs = RuleSet.compile(Path.of("../rules")).costs();
        assertThat(costs.isEmpty()).isFalse();
        assertThat(costs.currency()).isEqualTo("EUR");
    }

    @Test
    void shouldReportEachProblemAtItsLine() {
        String text = """
                currency: EUR
                handlingPerPick: -1
                exceptionCost: 25
                latenessPenalty: { sharePerDay: 2, maxShare: 0.25 }
                carriers:
                  DHL: { perShipment: 12, perUnit: 0.4, transitHours: 36 }
                skus:
                  SKU-1: { unitCost: 8, price: cheap, colour: red }
                surprise: 1
                """;
        assertThat(CostsFile.parse(text).problems()).extracting(RuleProblem::toString).containsExactly(
                "costs.yaml:9:1: unknown key 'surprise' (known: carriers, currency, exceptionCost, handlingPerPick, latenessPenalty, skus)",
                "costs.yaml:2:1: handlingPerPick must be a number of at least 0, not '-1'",
                "costs.yaml:4:1: latenessPenalty.sharePerDay is a share of revenue, from 0 to 1",
                "costs.yaml:6:1: carriers.DHL.expedite is missing",
                "costs.yaml:8:1: skus.SKU-1: unknown key 'colour' (known: price, unitCost)",
                "costs.yaml:8:1: skus.SKU-1.price must be a number of at least 0, not 'cheap'");
    }

    @Test
    void shouldTreatAnEmptyFileAsNoCosts() {
        assertThat(CostsFile.parse("# nothing yet\n").model()).isSameAs(CostModel.NONE);
    }
}
