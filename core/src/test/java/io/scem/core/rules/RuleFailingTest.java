package io.scem.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.event.Instants;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RuleFailingTest {
    private static final long T0 = Instants.parse("2026-01-05T10:00:00Z");
    private static final String NUMBERED = """
            // shipment ids are not numbers
            @Name('NUMBERED')
            @Tag(name='severity', value='INFO')
            @Tag(name='stage', value='distribution')
            @Tag(name='message', value='{key}')
            select 'FIRING' as status, shipmentId as key, cast(shipmentId, long) as at from Shipment;
            """;
    private static final String SEEN = """
            @Name('SEEN')
            @Tag(name='severity', value='INFO')
            @Tag(name='stage', value='distribution')
            @Tag(name='message', value='{key}')
            select 'FIRING' as status, shipmentId as key, occurredAt as at from Shipment;
            """;

    @Test
    void shouldSayWhichStatementFailsWhereSinceWhenAndWhy() {
        RuleErrors.Failures failures = new RuleErrors.Failures(12, "java.lang.NumberFormatException: For input string: \"SH-1\"",
                T0, "E7", "numbered.epl", 2, "0a1b2c3d4e5f");

        Alert alert = RuleFailing.firing("/etc/scem/rules", "NUMBERED", failures);

        assertThat(alert.rule).isEqualTo("RULE_FAILING");
        assertThat(alert.isFiring()).isTrue();
        assertThat(alert.severity).isEqualTo("MAJOR");
        assertThat(alert.stage).isEqualTo("rules");
        assertThat(alert.key).isEqualTo("numbered.epl#NUMBERED@0a1b2c3d4e5f");
        assertThat(alert.ruleVersion).isEqualTo("0a1b2c3d4e5f");
        assertThat(alert.at).isEqualTo(T0);
        assertThat(alert.evidence).containsExactly("E7");
        assertThat(alert.message).isEqualTo("Rule statement NUMBERED (/etc/scem/rules/numbered.epl:2, version 0a1b2c3d4e5f)"
                + " fails at run time since 2026-01-05T10:00:00Z: java.lang.NumberFormatException: For input string: \"SH-1\" (first on the fact of"
                + " event E7). It is skipped for every fact it fails on, so its alerts may be missing or never resolve"
                + " (the job's log has the statement and the stack trace)");
    }

    @Test
    void shouldSayThatAFilterIsNobodysInParticular() {
        RuleErrors.Failures failures = new RuleErrors.Failures(1, "java.lang.ArithmeticException: / by zero", T0, null,
                null, 0, "ffeeddccbbaa");

        Alert alert = RuleFailing.firing("rules", "filter on Shipment", failures);

        assertThat(alert.key).isEqualTo("filter on Shipment@ffeeddccbbaa");
        assertThat(alert.evidence).isEmpty();
        assertThat(alert.message).startsWith("A rule's filter on Shipment facts fails at run time since 2026-01-05T10:00:00Z:"
                + " java.lang.ArithmeticException: / by zero. No rule sees a fact")
                .contains("look for a where clause on Shipment in rules");
    }

    @Test
    void shouldRetireTheFailuresOfAVersionThatNoLongerRuns() throws Exception {
        RuleSet before = compile(NUMBERED, SEEN);
        String numberedKey = RuleFailing.key("NUMBERED", failureIn(before, "numbered.epl"));
        String seenKey = RuleFailing.key("SEEN", failureIn(before, "seen.epl"));
        String filterKey = RuleFailing.key("filter on Shipment", new RuleErrors.Failures(1, "e", T0, null, null, 0,
                before.version()));
        Set<String> failing = Set.of(numberedKey, seenKey, filterKey);

        assertThat(RuleFailing.retiredBy(before, failing)).isEmpty();
        // numbered.epl fixed: its statement's failure is over, seen.epl's is not; any change ends a filter's.
        RuleSet after = compile(NUMBERED.replace("cast(shipmentId, long)", "occurredAt"), SEEN);
        assertThat(RuleFailing.retiredBy(after, failing)).containsExactlyInAnyOrder(numberedKey, filterKey);

        Alert resolved = RuleFailing.resolved(numberedKey, T0 + 1000);
        assertThat(resolved.isFiring()).isFalse();
        assertThat(resolved.key).isEqualTo(numberedKey);
        assertThat(resolved.ruleVersion).isEqualTo(failureIn(before, "numbered.epl").version());
        assertThat(resolved.message).contains("no longer runs");
    }

    private static RuleSet compile(String numbered, String seen) throws RuleCompileException {
        SortedMap<String, String> files = new TreeMap<>();
        files.put("numbered.epl", numbered);
        files.put("seen.epl", seen);
        return RuleSet.compile("test", files);
    }

    private static RuleErrors.Failures failureIn(RuleSet rules, String file) {
        RuleSet.CompiledModule module = rules.modules().stream().filter(m -> m.file().equals(file)).findFirst().orElseThrow();
        return new RuleErrors.Failures(1, "e", T0, null, file, 1, module.contentHash());
    }
}
