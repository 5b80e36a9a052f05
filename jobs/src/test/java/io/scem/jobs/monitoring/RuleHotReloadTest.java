package io.scem.jobs.monitoring;

import static io.scem.jobs.monitoring.MonitoringJobEndToEndTest.SETTINGS;
import static io.scem.jobs.monitoring.MonitoringJobEndToEndTest.TIMEOUT;
import static io.scem.jobs.monitoring.MonitoringJobEndToEndTest.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scem.core.alert.Alert;
import io.scem.core.alert.AlertJson;
import io.scem.core.event.Instants;
import io.scem.core.rules.RuleSet;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.testing.Flink;
import io.scem.jobs.testing.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule files edited while the production job runs (Kafka in and out, MiniCluster at parallelism
 * 2): a changed rule takes effect without a restart, a new rule reports what already holds, the
 * open alert of an untouched rule resolves as if nothing happened, a file that does not compile
 * is rejected with a RULE_REJECTED alert while its previous version keeps running, a deleted
 * rule's open alerts are resolved, and a rule that throws at run time raises RULE_FAILING until
 * its file is fixed.
 */
class RuleHotReloadTest {
    private static final Duration RELOAD_INTERVAL = Duration.ofMillis(250);

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = Flink.miniCluster();

    @TempDir
    Path rules;

    @Test
    void shouldApplyEditedRulesWithoutRestartKeepingOtherRulesOpenAlerts() throws Exception {
        copyShippedRules();
        MonitoringJobEndToEndTest.createTopics(KAFKA);
        JobClient job = start();
        try {
            // Stock of DC1|A runs out at 10:00 (STOCK_OUT opens); PO-1 is due at 11:00.
            KAFKA.produce(Topics.WAREHOUSE, 0, List.of(
                    event("s1", "STOCK_COUNTED", "08:00", "\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":5"),
                    event("s2", "GOODS_ISSUED", "10:00", "\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":5")));
            KAFKA.produce(Topics.SUPPLIER, 0, List.of(event("p1", "PO_PLACED", "08:00",
                    "\"poId\":\"PO-1\",\"supplierId\":\"S1\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":3,"
                            + "\"expectedAt\":\"2026-01-05T11:00:00Z\"")));
            MonitoringJobEndToEndTest.produceClockEvents(KAFKA, at("10:30"));
            Alert stockOut = awaitAlert(a -> a.rule.equals("STOCK_OUT") && a.isFiring(), TIMEOUT);

            // Two more hours of grace for suppliers, and a new rule on open POs.
            edit("supplier.epl", "SUPPLIER_LATE_GRACE_MINUTES = 0", "SUPPLIER_LATE_GRACE_MINUTES = 120");
            Files.writeString(rules.resolve("zz-open-po.epl"), """
                    @Name('OPEN_PO')
                    @Tag(name='severity', value='INFO')
                    @Tag(name='stage', value='supplier')
                    @Tag(name='message', value='PO {poId} is open')
                    select 'FIRING' as status, poId as key, poId, occurredAt as at from PurchaseOrder(open);
                    """);
            // What the new rule sees at once, from the facts the job keeps: PO-1 is open.
            long edited = System.nanoTime();
            // Waits as long as any other step: how soon is a figure (printed), not a test, so that a
            // loaded machine does not fail it.
            Alert openPo = awaitAlert(a -> a.rule.equals("OPEN_PO") && a.key.equals("PO-1"), TIMEOUT);
            System.out.printf("hot reload: the new rule raised its first alert %d ms after the edit%n",
                    (System.nanoTime() - edited) / 1_000_000);
            assertThat(openPo.at).isEqualTo(at("08:00"));

            // The old deadline (11:00) passes without an alert; the new one (13:00) fires.
            MonitoringJobEndToEndTest.produceClockEvents(KAFKA, at("12:30"));
            MonitoringJobEndToEndTest.produceClockEvents(KAFKA, at("13:30"));
            Alert late = awaitAlert(a -> a.rule.equals("SUPPLIER_LATE") && a.key.equals("PO-1"), TIMEOUT);
            assertThat(late.at).isEqualTo(at("13:00"));
            assertThat(late.ruleVersion).isEqualTo(versionOf("supplier.epl"));

            // A broken file is rejected and reported; the rules keep running.
            Files.writeString(rules.resolve("zz-broken.epl"), "// a typo on line 2\n@Name('BROKEN') select * from PurchaseOrdr;\n");
            Alert rejected = awaitAlert(a -> a.rule.equals("RULE_REJECTED") && a.isFiring(), TIMEOUT);
            assertThat(rejected.key).endsWith("zz-broken.epl");
            assertThat(rejected.severity).isEqualTo("INFO");
            assertThat(rejected.message).contains("zz-broken.epl:2:").contains("PurchaseOrdr");

            // The untouched rule's open alert resolves with the same alertId when stock comes in.
            KAFKA.produce(Topics.WAREHOUSE, 0, List.of(event("r1", "GOODS_RECEIVED", "14:00",
                    "\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":3,\"poId\":\"PO-1\"")));
            MonitoringJobEndToEndTest.produceClockEvents(KAFKA, at("14:30"));
            Alert backInStock = awaitAlert(a -> a.rule.equals("STOCK_OUT") && !a.isFiring(), TIMEOUT);
            assertThat(backInStock.alertId).isEqualTo(stockOut.alertId);
            assertThat(backInStock.firingSince).isEqualTo(at("10:00"));

            Files.delete(rules.resolve("zz-broken.epl"));
            awaitAlert(a -> a.rule.equals("RULE_REJECTED") && !a.isFiring(), TIMEOUT);

            // A deleted rule can no longer resolve its open alerts: they are closed for it.
            Files.delete(rules.resolve("zz-open-po.epl"));
            Alert retired = awaitAlert(a -> a.rule.equals("OPEN_PO") && a.key.equals("PO-1") && !a.isFiring(),
                    TIMEOUT);
            assertThat(retired.alertId).isEqualTo(openPo.alertId);
            assertThat(retired.message).startsWith("Closed because rule OPEN_PO was removed");

            List<String> all = alerts().stream().filter(a -> !a.key.contains("CLOCK")).map(a -> describe(a)).toList();
            assertThat(all).as("no SUPPLIER_LATE at the old deadline, nothing twice").containsExactlyInAnyOrder(
                    // 5 on hand is below the default safety stock; supplier.epl's edit re-raises nothing
                    "FIRING LOW_STOCK DC1|A 2026-01-05T08:00:00Z",
                    "FIRING STOCK_OUT DC1|A 2026-01-05T10:00:00Z",
                    "FIRING OPEN_PO PO-1 2026-01-05T08:00:00Z",
                    "FIRING SUPPLIER_LATE PO-1 2026-01-05T13:00:00Z",
                    describe(rejected),
                    "RESOLVED STOCK_OUT DC1|A 2026-01-05T14:00:00Z",
                    // the receipt brings stock back to 3, which 5 a day use up within the 7-day lead time
                    "FIRING PROJECTED_STOCK_OUT DC1|A 2026-01-05T14:00:00Z",
                    "RESOLVED SUPPLIER_LATE PO-1 2026-01-05T14:00:00Z",
                    describe(retired),
                    alerts().stream().filter(a -> a.rule.equals("RULE_REJECTED") && !a.isFiring())
                            .map(MonitoringJobEndToEndTest::describe).findFirst().orElseThrow());

            // A rule that compiles but throws on every PO (ids are not numbers) is raised once,
            // whichever of the two subtasks meets it, and resolves when its file is fixed.
            String numbered = """
                    @Name('NUMBERED_PO')
                    @Tag(name='severity', value='INFO')
                    @Tag(name='stage', value='supplier')
                    @Tag(name='message', value='PO {poId} is number {number}')
                    select 'FIRING' as status, poId as key, poId, occurredAt as at, cast(poId, long) as number
                    from PurchaseOrder;
                    """;
            Files.writeString(rules.resolve("zz-numbered.epl"), numbered);
            KAFKA.produce(Topics.SUPPLIER, 0, List.of(event("p2", "PO_PLACED", "15:00",
                    "\"poId\":\"PO-2\",\"supplierId\":\"S1\",\"site\":\"DC1\",\"sku\":\"A\",\"quantity\":3,"
                            + "\"expectedAt\":\"2026-01-06T11:00:00Z\"")));
            MonitoringJobEndToEndTest.produceClockEvents(KAFKA, at("15:30"));
            Alert failing = awaitAlert(a -> a.rule.equals("RULE_FAILING") && a.isFiring(), TIMEOUT);
            assertThat(failing.key).isEqualTo("zz-numbered.epl#NUMBERED_PO@" + versionOf("zz-numbered.epl"));
            assertThat(failing.severity).isEqualTo("MAJOR");
            assertThat(failing.message).contains("Rule statement NUMBERED_PO (" + rules + "/zz-numbered.epl:1, version ")
                    .contains("NumberFormatException");

            Files.writeString(rules.resolve("zz-numbered.epl"), numbered.replace("cast(poId, long)", "1L"));
            Alert fixed = awaitAlert(a -> a.rule.equals("RULE_FAILING") && !a.isFiring(), TIMEOUT);
            assertThat(fixed.alertId).isEqualTo(failing.alertId);
            assertThat(alerts().stream().filter(a -> a.rule.equals("RULE_FAILING")).map(a -> a.status))
                    .as("one episode, from two subtasks").containsExactly(Alert.FIRING, Alert.RESOLVED);
        } finally {
            job.cancel().get();
        }
    }

    private JobClient start() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        ScemConfig config = new ScemConfig(KAFKA.connection(), "scem-hot-reload", rules, RELOAD_INTERVAL, null,
                SETTINGS, 2, null, null);
        MonitoringJobMain.build(env, config, RuleSet.compile(rules));
        return env.executeAsync("scem hot reload");
    }

    /** Waits until an alert matching {@code wanted} is on the alerts topic (read_committed). */
    private static Alert awaitAlert(Predicate<Alert> wanted, Duration timeout) {
        AtomicReference<Alert> found = new AtomicReference<>();
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            alerts().stream().filter(wanted).findFirst().ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    private static List<Alert> alerts() {
        return KAFKA.consumeAll(Topics.ALERTS, true, 0, Duration.ofMillis(500)).stream().map(AlertJson::read).toList();
    }

    private void copyShippedRules() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../rules"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".epl")).toList()) {
                Files.copy(file, rules.resolve(file.getFileName()));
            }
        }
    }

    private void edit(String file, String from, String to) throws IOException {
        String text = Files.readString(rules.resolve(file));
        assertThat(text).contains(from);
        Files.writeString(rules.resolve(file), text.replace(from, to));
    }

    private String versionOf(String file) throws Exception {
        return RuleSet.compile(rules).modules().stream().filter(m -> m.file().equals(file)).findFirst()
                .orElseThrow().contentHash();
    }

    private static long at(String hhmm) {
        return Instants.parse("2026-01-05T" + hhmm + ":00Z");
    }

    private static String event(String id, String type, String hhmm, String fields) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"occurredAt\":\"" + Instants.format(at(hhmm))
                + "\"," + fields + "}";
    }
}
