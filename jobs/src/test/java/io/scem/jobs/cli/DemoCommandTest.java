package io.scem.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code scem demo}, README's first command, as a user runs it: alerts in the contract's
 * severities, live summaries, and an ending whose final summary counts every alert printed.
 */
class DemoCommandTest {
    private static final Pattern ALERT_LINE = Pattern.compile("^(FIRING|RESOLVED) +(\\S+) +[A-Z_]+ +\\S.*");

    @Test
    void shouldPrintAlertsAndEndWithTheFinalSummaryAfterTheLastAlert() throws InterruptedException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream console = System.out;
        ScemCli cli = new ScemCli();
        int exit;
        // The demo prints to the process's standard output, from the job's sinks as well.
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = cli.run("demo", "--rules", "../rules", "--duration", "15s", "--seed", "3");
            // Whatever the job's tasks would still print after the command returned.
            Thread.sleep(2_000);
        } finally {
            System.setOut(console);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();

        assertThat(exit).as(cli.err() + String.join("\n", lines)).isZero();
        assertThat(lines.get(0)).startsWith("scem demo: 3 sites x 20 SKUs, seed 3");
        List<String> alerts = lines.stream().filter(l -> ALERT_LINE.matcher(l).matches()).toList();
        assertThat(alerts).as("alert lines").hasSizeGreaterThan(10);
        assertThat(alerts).allSatisfy(line -> assertThat(severityOf(line)).isIn("CRITICAL", "MAJOR", "MINOR", "INFO"));

        int n = lines.size();
        assertThat(lines.get(n - 1)).isEqualTo("scem demo: done");
        assertThat(lines.get(n - 2)).startsWith("[orders]");
        String finalSummary = lines.get(n - 3);
        assertThat(finalSummary).startsWith("[summary]").contains(" 0 dead letters");
        // Printed once the job has ended: it counts every alert line above it, and none follows.
        long firing = alerts.stream().filter(l -> l.startsWith("FIRING")).count();
        long resolved = alerts.size() - firing;
        assertThat(finalSummary).contains(String.format("alerts raised %,d resolved %,d", firing, resolved));
        assertThat(lines.stream().filter(l -> l.equals("scem demo: done"))).hasSize(1);
    }

    private static String severityOf(String alertLine) {
        var m = ALERT_LINE.matcher(alertLine);
        m.matches();
        return m.group(2);
    }
}
