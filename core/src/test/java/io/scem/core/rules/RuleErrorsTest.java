package io.scem.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleErrorsTest {
    private long now = 1_000_000;
    private final List<String> logged = new ArrayList<>();
    private final List<Throwable> traces = new ArrayList<>();
    private final RuleErrors errors = new RuleErrors(() -> now, (message, error) -> {
        logged.add(message);
        traces.add(error);
    });

    @Test
    void shouldLogTheFirstFailureOfAStatementInFullWithItsText() {
        IllegalStateException boom = new IllegalStateException("boom");

        errors.failed("LATE", "deployment-1", "select 1 from Shipment", boom, "E1");

        assertThat(logged).singleElement().asString()
                .contains("Rule statement LATE failed at run time and was skipped for this event")
                .contains("Statement: select 1 from Shipment");
        assertThat(traces).containsExactly(boom);
        assertThat(errors.failures()).containsExactly(Map.entry("LATE",
                new RuleErrors.Failures(1, boom.toString(), 0, "E1", null, 0, null)));
    }

    @Test
    void shouldCountRepeatedFailuresAndReportThemOnceAMinuteWithoutTheStackTrace() {
        for (int i = 0; i < 10_000; i++) {
            errors.failed("LATE", "deployment-1", "select 1 from Shipment",
                    new NumberFormatException("For input string: \"SH-" + i + "\""), "E" + i);
            now += 10; // 10,000 failures over 100 s
        }

        assertThat(logged).hasSize(2);
        assertThat(logged.get(1)).isEqualTo("Rule statement LATE failed 6000 more times in the last 60 s (6001 in all),"
                + " each time skipped; the latest: java.lang.NumberFormatException: For input string: \"SH-6000\"");
        assertThat(traces.get(1)).isNull();
        assertThat(errors.failures().get("LATE").times()).isEqualTo(10_000);
        assertThat(errors.total()).isEqualTo(10_000);
        assertThat(errors.failures().get("LATE").firstError()).isEqualTo("java.lang.NumberFormatException: For input string: \"SH-0\"");
    }

    @Test
    void shouldReportEachStatementOnItsOwn() {
        errors.failed("LATE", "deployment-1", "select 1", new IllegalStateException("a"), "E1");
        errors.failed("SILENT", "deployment-1", "select 2", new IllegalStateException("b"), "E2");
        errors.failed("LATE", "deployment-1", "select 1", new IllegalStateException("c"), "E3");

        assertThat(logged).hasSize(2);
        assertThat(logged.get(1)).startsWith("Rule statement SILENT failed at run time");
        assertThat(errors.failures()).containsOnlyKeys("LATE", "SILENT");
        assertThat(errors.total()).isEqualTo(3);
        assertThat(errors.failures().get("LATE")).isEqualTo(
                new RuleErrors.Failures(2, "java.lang.IllegalStateException: a", 0, "E1", null, 0, null));
    }
}
