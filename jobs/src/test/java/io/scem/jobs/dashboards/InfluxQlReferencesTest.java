package io.scem.jobs.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scem.jobs.dashboards.InfluxQlReferences.Name;
import io.scem.jobs.dashboards.InfluxQlReferences.References;
import org.junit.jupiter.api.Test;

/** The InfluxQL reader the dashboard schema test relies on. */
class InfluxQlReferencesTest {

    @Test
    void shouldFindFieldsAndTagsOfASelect() {
        References refs = InfluxQlReferences.of("SELECT percentile(\"lead_time_hours\", 95) AS \"p95\", mean(\"on_time\") * 100"
                + " FROM \"scem_supplier_deliveries\" WHERE \"site\" =~ /^(DC1|DC2)$/ AND \"on_time\" = 0"
                + " AND time >= 1ms and time <= 2ms GROUP BY time(1h), \"supplier\" fill(none)");
        assertThat(refs.measurements()).containsExactly("scem_supplier_deliveries");
        assertThat(refs.names()).extracting(Name::name, Name::asTag).containsExactly(
                org.assertj.core.groups.Tuple.tuple("lead_time_hours", false),
                org.assertj.core.groups.Tuple.tuple("on_time", false),
                org.assertj.core.groups.Tuple.tuple("site", false),
                org.assertj.core.groups.Tuple.tuple("on_time", false),
                org.assertj.core.groups.Tuple.tuple("supplier", true));
        assertThat(refs.unresolved()).isEmpty();
    }

    @Test
    void shouldResolveOuterNamesAgainstTheSubquerysColumnsAndTags() {
        References refs = InfluxQlReferences.of("SELECT top(\"orders\", \"customer\", 10) AS \"orders\", \"OTIF\", \"late\""
                + " FROM (SELECT count(\"otif\") AS \"orders\", mean(\"otif\") AS \"OTIF\" FROM \"scem_orders\""
                + " WHERE time <= 5ms GROUP BY \"customer\") WHERE \"orders\" >= 3");
        assertThat(refs.measurements()).containsExactly("scem_orders");
        assertThat(refs.names()).extracting(Name::name).containsExactly("otif", "otif", "customer");
        assertThat(refs.unresolved()).extracting(InfluxQlReferences.Unresolved::name).containsExactly("late");
    }

    @Test
    void shouldReadTagValueQueries() {
        References refs = InfluxQlReferences.of("SHOW TAG VALUES FROM \"scem_stock\" WITH KEY = \"sku\" WHERE \"site\" =~ /^.*$/");
        assertThat(refs.names()).containsExactly(new Name("scem_stock", "sku", true), new Name("scem_stock", "site", false));
    }

    @Test
    void shouldRejectWhatItCannotRead() {
        assertThatThrownBy(() -> InfluxQlReferences.of("SELECT x FROM m WHERE $timeFilter")).hasMessageContaining("unsubstituted");
        assertThatThrownBy(() -> InfluxQlReferences.of("SHOW MEASUREMENTS")).hasMessageContaining("expected TAG");
        assertThatThrownBy(() -> InfluxQlReferences.of("SELECT x FROM m GROUP BY")).isInstanceOf(IllegalArgumentException.class);
    }
}
