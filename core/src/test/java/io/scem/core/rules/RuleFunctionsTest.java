package io.scem.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.entity.StockLevel;
import io.scem.core.event.EventType;
import io.scem.core.event.Instants;
import io.scem.core.event.SupplyEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The functions rule files may call, called from EPL through the rule engine, and on their own. */
class RuleFunctionsTest {
    private static final long T0 = Instants.parse("2026-01-05T10:00:00Z");

    @Test
    void rulesCanCallTheAllowedFunctions() throws Exception {
        RuleSet rules = RuleSet.compile(Path.of("src/test/resources/rules-with-functions"));
        List<Alert> alerts = new ArrayList<>();
        try (RuleEngine engine = new RuleEngine(rules, "functions-test", T0 - 1000, alerts::add)) {
            SupplyEvent count = new SupplyEvent("e1", EventType.STOCK_COUNTED, T0);
            count.site = "DC1";
            count.sku = "SKU-1";
            count.quantity = 3L;
            engine.insert(StockLevel.next(null, count));
        }
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.message)
                .isEqualTo("SKU-1 at DC1 is low since 2026-01-05T10:00:00Z; next count in 1.5 h"));
    }

    @Test
    void functionsGiveNullForAMissingInstant() {
        assertThat(RuleFunctions.hoursBetween(null, T0)).isNull();
        assertThat(RuleFunctions.hoursBetween(T0, T0 - 1_800_000L)).isEqualTo(-0.5);
        assertThat(RuleFunctions.formatInstant(null)).isNull();
    }
}
