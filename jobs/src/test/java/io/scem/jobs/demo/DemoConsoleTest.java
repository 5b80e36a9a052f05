package io.scem.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** The demo's summary lines. */
class DemoConsoleTest {

    @Test
    void aNewConsoleCountsFromZeroAndShowsNoShareOfNothing() {
        DemoConsole.EVENTS.set(1_234);
        DemoConsole.RAISED.set(7);
        DemoConsole.OPEN_BY_RULE.put("STOCK_OUT", 2);
        DemoConsole.DELIVERED.set(3);
        DemoConsole.PERFECT.set(3);

        DemoConsole console = new DemoConsole(new PrintStream(new ByteArrayOutputStream()));

        assertThat(console.summary()).contains("| 0 events |", "alerts raised 0 resolved 0", "open {}", "sim time -");
        assertThat(console.ordersSummary()).startsWith("[orders]  0 delivered (0 late, - % perfect), 0 cancelled");
        DemoConsole.DELIVERED.set(4);
        DemoConsole.PERFECT.set(3);
        assertThat(console.ordersSummary()).startsWith("[orders]  4 delivered (0 late, 75.0 % perfect)");
    }
}
