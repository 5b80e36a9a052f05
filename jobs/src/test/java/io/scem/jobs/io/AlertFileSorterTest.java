package io.scem.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.jobs.monitoring.Replay;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AlertFileSorter}: the replay's order over several spilled runs, nothing lost or left behind. */
class AlertFileSorterTest {
    @TempDir
    Path dir;

    @Test
    void shouldSortMoreAlertsThanOneRunInTheReplayOrder() throws Exception {
        Random random = new Random(3);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < JsonLinesSorter.RUN_LINES * 2 + 123; i++) {
            Alert a = new Alert();
            a.rule = random.nextBoolean() ? "STOCK_OUT" : "SUPPLIER_LATE";
            a.status = random.nextBoolean() ? Alert.FIRING : Alert.RESOLVED;
            a.key = "K-" + random.nextInt(50);
            a.at = 1_767_600_000_000L + random.nextInt(1_000) * 60_000L;
            a.message = "alert " + i;
            a.evidence = new String[] {"e" + i};
            lines.add(AlertJson.write(a));
        }
        Path file = dir.resolve("alerts.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);

        assertThat(AlertFileSorter.sort(file)).isEqualTo(lines.size());

        List<String> sorted = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> sameLines = new ArrayList<>(sorted);
        List<String> original = new ArrayList<>(lines);
        java.util.Collections.sort(sameLines);
        java.util.Collections.sort(original);
        assertThat(sameLines.equals(original)).as("the same lines, nothing lost or repeated").isTrue();
        List<Alert> parsed = sorted.stream().map(AlertJson::read).toList();
        long outOfOrder = 0;
        for (int i = 1; i < parsed.size(); i++) {
            if (Replay.ORDER.compare(parsed.get(i - 1), parsed.get(i)) > 0) outOfOrder++;
        }
        assertThat(outOfOrder).isZero();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("alerts.jsonl");
        }
    }
}
