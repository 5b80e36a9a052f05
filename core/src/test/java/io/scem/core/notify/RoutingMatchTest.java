package io.scem.core.notify;

import static io.scem.core.notify.TestAlerts.T0;
import static io.scem.core.notify.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link RoutingConfig#routesFor}: Alertmanager's tree walk, and the group an alert joins. */
class RoutingMatchTest {
    private static final String YAML = """
            receivers:
              - name: planners
              - name: buyers
              - name: managers
              - name: logistics
            route:
              receiver: planners
              group_by: [rule, site]
              routes:
                - match: { severity: CRITICAL }
                  receiver: managers
                  group_by: [rule]
                  continue: true
                - match: { stage: supplier }
                  receiver: buyers
                  group_by: [rule, supplierId]
                  routes:
                    - match_re: { supplierId: "SUP-9.*" }
                      receiver: managers
                    - match_not: { rule: SUPPLIER_LATE }
                      group_by: [supplierId]
                - match_re: { rule: "DELIVERY_LATE|ETA_SLIP" }
                  receiver: logistics
                - match: { stage: supplier }
                  receiver: planners
            """;

    private final RoutingConfig config = parse(YAML);

    @Test
    void anAlertTakesTheFirstMatchingChildAndItsDeepestMatchingDescendant() {
        Alert late = alert("a1", "SUPPLIER_LATE").supplier("SUP-9X").site("DC1").firingAt(T0);

        assertThat(config.routesFor(late)).singleElement().satisfies(m -> {
            assertThat(m.route().path()).isEqualTo("root/1/0");
            assertThat(m.receiver()).isEqualTo("managers");
            assertThat(m.groupKey()).hasToString("root/1/0:rule=SUPPLIER_LATE,supplierId=SUP-9X");
        });
    }

    @Test
    void whenNoChildMatchesTheParentTakesTheAlert() {
        Alert late = alert("a1", "SUPPLIER_LATE").supplier("SUP-2").firingAt(T0);
        Alert stock = alert("a2", "STOCK_OUT").stage("warehouse").site("DC1").firingAt(T0);

        assertThat(keys(late)).containsExactly("root/1:rule=SUPPLIER_LATE,supplierId=SUP-2");
        assertThat(keys(stock)).containsExactly("root:rule=STOCK_OUT,site=DC1");
    }

    @Test
    void laterSiblingsAreTriedOnlyAfterAChildThatSaysContinue() {
        Alert critical = alert("a1", "SUPPLIER_UNCONFIRMED").severity("CRITICAL").supplier("SUP-2").firingAt(T0);

        assertThat(config.routesFor(critical)).extracting(RouteMatch::receiver, m -> m.groupKey().toString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("managers", "root/0:rule=SUPPLIER_UNCONFIRMED"),
                        org.assertj.core.groups.Tuple.tuple("buyers", "root/1/1:supplierId=SUP-2"));
    }

    @Test
    void regexesMatchTheWholeValue() {
        assertThat(keys(alert("a1", "DELIVERY_LATE").stage("distribution").firingAt(T0)))
                .containsExactly("root/2:rule=DELIVERY_LATE,site=");
        assertThat(keys(alert("a2", "DELIVERY_LATE_AGAIN").stage("distribution").firingAt(T0)))
                .as("a prefix is not a match").containsExactly("root:rule=DELIVERY_LATE_AGAIN,site=");
    }

    @Test
    void anAbsentFieldReadsAsEmptyText() throws Exception {
        RoutingConfig c = parse("""
                receivers: [ { name: planners }, { name: buyers } ]
                route:
                  receiver: planners
                  routes:
                    - match: { supplierId: "" }
                      receiver: buyers
                """);

        assertThat(c.routesFor(alert("a1", "STOCK_OUT").firingAt(T0))).extracting(RouteMatch::receiver).containsExactly("buyers");
        assertThat(c.routesFor(alert("a2", "SUPPLIER_LATE").supplier("S").firingAt(T0))).extracting(RouteMatch::receiver)
                .containsExactly("planners");
    }

    @Test
    void theResolvedOfAnAlertJoinsTheGroupsOfItsFiring() {
        Alert firing = alert("a1", "SUPPLIER_LATE").supplier("SUP-2").severity("CRITICAL").firingAt(T0);

        assertThat(keys(TestAlerts.resolved(firing, T0 + 1))).isEqualTo(keys(firing)).hasSize(2);
    }

    @Test
    void groupKeysRoundTripWhateverTheValues() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("rule", "SUPPLIER_LATE");
        labels.put("supplierId", "A,B=C\\D");
        labels.put("site", "");
        GroupKey key = new GroupKey("root/0/3", labels);

        assertThat(key).hasToString("root/0/3:rule=SUPPLIER_LATE,supplierId=A\\,B\\=C\\\\D,site=");
        assertThat(GroupKey.parse(key.toString())).isEqualTo(key);
        assertThat(GroupKey.parse("root:")).isEqualTo(new GroupKey("root", Map.of()));
    }

    private List<String> keys(Alert a) {
        return config.routesFor(a).stream().map(m -> m.groupKey().toString()).toList();
    }

    private static RoutingConfig parse(String yaml) {
        try {
            return RoutingConfig.parse(yaml, "routing.yaml");
        } catch (RoutingException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
