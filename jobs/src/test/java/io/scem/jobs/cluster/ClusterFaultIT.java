package io.scem.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.scem.jobs.cluster.AlertComparison.assertSameAlerts;
import static io.scem.jobs.cluster.AlertComparison.at;
import static io.scem.jobs.cluster.AlertComparison.evidence;
import static io.scem.jobs.cluster.AlertComparison.firing;
import static io.scem.jobs.cluster.AlertComparison.rule;
import static io.scem.jobs.cluster.AlertComparison.withoutRuleVersion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scem.core.event.SupplyEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import io.scem.jobs.testing.InfluxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into real processes — a Flink session cluster (JobManager and TaskManager
 * JVMs), a Kafka broker JVM, an influxd — while the production job, deployed from its shaded jar
 * over REST, monitors six simulated days; each run's committed alerts are compared with those of a
 * run without the fault, alert for alert (only {@code detectedAt}, the wall-clock time of raising,
 * may differ). State lives in RocksDB, checkpoints in a local directory.
 *
 * <p>The events are fed in three parts at the test's pace, so that each fault lands mid-stream:
 * days 1–3, then (once a checkpoint covers them) day 4, then the fault, then days 5–6 and an
 * end-of-input event in every partition that moves event time past the last day.
 */
class ClusterFaultIT {
    private static final int KAFKA_PORT = 19392;
    private static final int FLINK_REST_PORT = 18381;
    private static final int FLINK_RPC_PORT = 16423;

    private static final SimulatedEvents EVENTS = SimulatedEvents.of(7, 6);
    /** The first part ends here; a checkpoint covers it before the second part goes out. */
    private static final Instant FIRST_PART_END = EVENTS.start().plus(Duration.ofDays(3));
    /** The second part, in flight when the fault strikes, ends here. */
    private static final Instant SECOND_PART_END = EVENTS.start().plus(Duration.ofDays(4));
    private static final Instant END_OF_INPUT = EVENTS.end().plus(Duration.ofHours(1));
    /** The job's default ({@code job.out-of-order-bound}), which the runs keep. */
    private static final Duration OUT_OF_ORDER_BOUND = Duration.ofMinutes(5);

    /** Rules whose alerts come from a timer (a deadline passed with no event) rather than from an event. */
    private static final Set<String> DEADLINE_RULES = Set.of("SUPPLIER_LATE", "SUPPLIER_UNCONFIRMED", "PRODUCTION_LATE",
            "PRODUCTION_NOT_STARTED", "LINE_DOWN", "DELIVERY_LATE", "TRACKING_SILENT", "FULFILLMENT_LATE");

    @TempDir
    static Path work;

    private static FlinkSessionCluster flink;
    private static String jarId;
    private static final Map<Path, List<ObjectNode>> CLEAN_RUNS = new HashMap<>();
    private static int runs;

    @BeforeAll
    static void startCluster() throws Exception {
        // RocksDB, as in production; -Dscem.cluster.state-backend=hashmap runs the same tests on the heap backend.
        flink = FlinkSessionCluster.start(FLINK_REST_PORT, FLINK_RPC_PORT, System.getProperty("scem.cluster.state-backend", "rocksdb"),
                CiScript.repositoryRoot().resolve("jobs/target/cluster-logs"));
        jarId = flink.uploadJar(jobJar());
    }

    @AfterAll
    static void stopCluster() {
        if (flink != null) flink.close();
    }

    @Test
    void aTaskManagerKilledMidStreamLosesNoAlertAndRepeatsNone() throws Exception {
        List<ObjectNode> expected = cleanRun(rules());
        List<ObjectNode> alerts;
        try (KafkaProcess kafka = KafkaProcess.start(KAFKA_PORT);
                MonitoringRun run = newRun(kafka, rules(), null)) {
            alerts = runWithFaultWhileAlertsUncommitted(run, () -> {
                flink.killTaskManager();
                flink.startTaskManager();
            });

            JsonNode restored = flink.checkpoints(run.jobId()).path("latest").path("restored");
            assertThat(restored.isObject()).as("the job restored a checkpoint: %s", restored).isTrue();
            assertThat(restored.path("is_savepoint").asBoolean()).isFalse();
        }
        assertSameAlerts(alerts, expected);
        // Esper's own state: deadlines armed by events of the first part (covered by the restored
        // checkpoint) that fired after everything fed before the kill, hence after the restore.
        Set<String> firstPart = EVENTS.idsBefore(FIRST_PART_END);
        List<ObjectNode> armedBeforeFiredAfter = alerts.stream()
                .filter(a -> firing(a) && DEADLINE_RULES.contains(a.path("rule").asText()))
                .filter(a -> at(a).isAfter(SECOND_PART_END))
                .filter(a -> !a.path("evidence").isEmpty()
                        && Stream.of(evidence(a)).allMatch(firstPart::contains))
                .toList();
        assertThat(armedBeforeFiredAfter).as("deadline alerts open at the kill that fired after the restore").isNotEmpty();
    }

    @Test
    void aJobStoppedWithASavepointAndStartedFromItRaisesTheSameAlerts() throws Exception {
        List<ObjectNode> expected = cleanRun(rules());
        List<ObjectNode> alerts;
        try (KafkaProcess kafka = KafkaProcess.start(KAFKA_PORT);
                MonitoringRun run = newRun(kafka, rules(), null)) {
            run.start();
            run.produce(EVENTS.between(EVENTS.start(), FIRST_PART_END));
            run.awaitInputCheckpointed();
            // Stopped while the second part is being read: it goes on from the savepoint's offsets.
            run.produce(EVENTS.between(FIRST_PART_END, SECOND_PART_END));
            String savepoint = run.stopWithSavepoint();
            run.startFrom(savepoint);
            assertThat(flink.checkpoints(run.jobId()).path("latest").path("restored").path("is_savepoint").asBoolean())
                    .as("restored from the savepoint").isTrue();
            run.produce(EVENTS.between(SECOND_PART_END, EVENTS.end()));
            run.produceEndOfInput(END_OF_INPUT);
            alerts = run.awaitAllAlerts();
        }
        assertSameAlerts(alerts, expected);
    }

    /**
     * The change: {@code LINE_DOWN_MINUTES} 30 → 60 in {@code production.epl}, made while the job is
     * stopped at a savepoint whose rule clock (event time) falls where no line is stopped. Its
     * effect, stated: up to that clock the alerts of the shipped rules; after it, the alerts of the
     * changed rules — a stop of 30 to 60 minutes no longer raises LINE_DOWN, a longer one raises it
     * 60 minutes after the stop — that is, alert for alert those of a run with the changed rules
     * from the start; every other rule's alerts unchanged (only their {@code ruleVersion} is the
     * file's new one).
     */
    @Test
    void aRuleChangedWhileStoppedAtASavepointAppliesFromTheSavepointOn() throws Exception {
        Instant split = splitWithNoLineStoppedAtItsClock(FIRST_PART_END);
        // The savepoint's rule clock: what the shipped rules decided, and what is left to the changed ones.
        Instant change = EVENTS.watermarkAfter(split, MonitoringRun.PARTITIONS, OUT_OF_ORDER_BOUND);
        Path changed = copyOfRules("rules-changed");
        changeLineDownMinutes(changed);
        List<ObjectNode> before = cleanRun(rules());
        List<ObjectNode> after = cleanRun(changed);

        Path edited = copyOfRules("rules-edited");
        List<ObjectNode> alerts;
        try (KafkaProcess kafka = KafkaProcess.start(KAFKA_PORT);
                MonitoringRun run = newRun(kafka, edited, null)) {
            run.start();
            run.produce(EVENTS.between(EVENTS.start(), split));
            run.awaitInputCheckpointed();
            String savepoint = run.stopWithSavepoint();
            changeLineDownMinutes(edited);
            run.startFrom(savepoint);
            run.produce(EVENTS.between(split, EVENTS.end()));
            run.produceEndOfInput(END_OF_INPUT);
            alerts = run.awaitAllAlerts();
        }

        List<ObjectNode> expected = new ArrayList<>();
        before.stream().filter(a -> !at(a).isAfter(change)).forEach(expected::add);
        after.stream().filter(a -> at(a).isAfter(change)).forEach(expected::add);
        assertSameAlerts(withoutRuleVersion(alerts), withoutRuleVersion(expected));
        // The change did something: the shipped rules raise LINE_DOWN for short stops after it that the changed ones do not.
        Predicate<JsonNode> lineDownFiringAfterChange = a -> rule("LINE_DOWN").test(a) && firing(a) && at(a).isAfter(change);
        assertThat(alerts.stream().filter(lineDownFiringAfterChange).count())
                .isLessThan(before.stream().filter(lineDownFiringAfterChange).count());
        assertThat(alerts.stream().filter(lineDownFiringAfterChange))
                .allSatisfy(a -> assertThat(a.path("message").asText()).contains("over 60 min"));
    }

    /**
     * The first full hour from {@code from} on such that the rule clock a job reaches after the
     * events before it lies two hours away from any line stop: no LINE_DOWN episode then spans
     * the savepoint.
     */
    private static Instant splitWithNoLineStoppedAtItsClock(Instant from) {
        for (Instant t = from; t.isBefore(EVENTS.end()); t = t.plus(Duration.ofHours(1))) {
            Instant clock = EVENTS.watermarkAfter(t, MonitoringRun.PARTITIONS, OUT_OF_ORDER_BOUND);
            if (!EVENTS.lineStoppedNear(clock, Duration.ofHours(2))) return t;
        }
        throw new IllegalStateException("no time without a line stop in the simulated days");
    }

    private static Path copyOfRules(String name) throws IOException {
        Path copy = work.resolve(name);
        if (Files.exists(copy)) return copy;
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(rules())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, copy.resolve(f.getFileName()));
        }
        return copy;
    }

    private static void changeLineDownMinutes(Path rules) throws IOException {
        Path file = rules.resolve("production.epl");
        String epl = Files.readString(file);
        String edited = epl.replace("create variable long LINE_DOWN_MINUTES = 30;", "create variable long LINE_DOWN_MINUTES = 60;");
        assertThat(edited).as("production.epl declares LINE_DOWN_MINUTES = 30").isNotEqualTo(epl);
        Files.writeString(file, edited);
    }


    @Test
    void aKafkaBrokerRestartedMidStreamIsRecoveredFromWithoutOperatorAction() throws Exception {
        assertSameAlertsAcrossABrokerFault(KafkaProcess::restart, "restarted");
    }

    /** As above, but the broker crashes (SIGKILL): it recovers its logs and open transactions at start. */
    @Test
    void aKafkaBrokerKilledMidStreamIsRecoveredFromWithoutOperatorAction() throws Exception {
        assertSameAlertsAcrossABrokerFault(KafkaProcess::killAndRestart, "was killed and restarted");
    }

    private void assertSameAlertsAcrossABrokerFault(Consumer<KafkaProcess> fault, String what)
            throws Exception {
        List<ObjectNode> expected = cleanRun(rules());
        List<ObjectNode> alerts;
        try (KafkaProcess kafka = KafkaProcess.start(KAFKA_PORT);
                MonitoringRun run = newRun(kafka, rules(), null)) {
            alerts = runWithFaultWhileAlertsUncommitted(run, () -> fault.accept(kafka));
            assertThat(flink.job(run.jobId()).path("state").asText()).isEqualTo("RUNNING");
            System.out.printf("job failures while the broker %s: %d%n", what, flink.exceptionHistory(run.jobId()).size());
        }
        assertSameAlerts(alerts, expected);
    }

    /**
     * InfluxDB stopped for a minute while the job goes through days 4 to 6: the job neither fails
     * nor waits for it (all its alerts are committed during the outage, as in the run without it),
     * and once InfluxDB is back the metrics of those days arrive, from the writer's buffer, with
     * the outage counted (failed batches) and no point dropped (the buffer, 50,000 points, holds
     * the minute).
     */
    @Test
    void influxDbDownForAMinuteNeitherFailsNorStallsTheJobAndItsMetricsArriveAfterwards() throws Exception {
        List<ObjectNode> expected = cleanRun(rules());
        try (InfluxServer influx = InfluxServer.local().start();
                KafkaProcess kafka = KafkaProcess.start(KAFKA_PORT);
                MonitoringRun run = newRun(kafka, rules(), influx.url())) {
            run.start();
            run.produce(EVENTS.between(EVENTS.start(), FIRST_PART_END));
            run.awaitInputCheckpointed();
            await("the metrics writer's first report").atMost(Duration.ofMinutes(1)).ignoreExceptions()
                    .until(() -> number(influx, "SELECT sum(written) FROM scem_metrics_writer") > 0);

            influx.stop();
            long down = System.nanoTime();
            run.produce(EVENTS.between(FIRST_PART_END, EVENTS.end()));
            run.produceEndOfInput(END_OF_INPUT);
            List<ObjectNode> alerts = run.awaitAllAlerts();
            Duration doneAfter = Duration.ofNanos(System.nanoTime() - down);
            assertSameAlerts(alerts, expected);
            assertThat(doneAfter).as("all alerts committed while InfluxDB was down").isLessThan(OUTAGE);
            JsonNode exceptions = flink.exceptionHistory(run.jobId());
            assertThat(exceptions).as("the job's failures").isEmpty();

            // The outage itself: what is tested is how the job lives through this much time without InfluxDB.
            Thread.sleep(Math.max(0, OUTAGE.toMillis() - doneAfter.toMillis()));
            influx.start();
            String afterFirstPart = "time >= '" + FIRST_PART_END + "'";
            await("metrics of the days processed while InfluxDB was down").atMost(Duration.ofMinutes(1)).ignoreExceptions()
                    .until(() -> number(influx, "SELECT count(count) FROM scem_events WHERE " + afterFirstPart) > 0);
            await("the writer's report of the outage").atMost(Duration.ofMinutes(1)).ignoreExceptions()
                    .until(() -> number(influx, "SELECT sum(failed_batches) FROM scem_metrics_writer") > 0);
            assertThat(number(influx, "SELECT sum(dropped) FROM scem_metrics_writer")).as("points dropped").isZero();
            assertThat(flink.job(run.jobId()).path("state").asText()).isEqualTo("RUNNING");

            // Cancelling a job that writes metrics once took the whole TaskManager down with it.
            run.cancel();
            await("the TaskManager still running after the job was cancelled").during(Duration.ofSeconds(5))
                    .atMost(Duration.ofSeconds(10)).until(flink::taskManagerAlive);
        }
    }

    private static final Duration OUTAGE = Duration.ofMinutes(1);

    /** The first value of the first series an InfluxQL query returns; 0 when it returns none. */
    private static double number(InfluxServer influx, String influxQl) {
        var results = influx.query(MonitoringRun.INFLUX_DATABASE, influxQl).getResults();
        if (results.isEmpty() || results.get(0).getSeries() == null || results.get(0).getSeries().isEmpty()) return 0;
        Object value = results.get(0).getSeries().get(0).getValues().get(0).get(1);
        return value == null ? 0 : ((Number) value).doubleValue();
    }

    private static List<ObjectNode> cleanRun(Path rules) throws Exception {
        List<ObjectNode> alerts = CLEAN_RUNS.get(rules);
        if (alerts != null) return alerts;
        try (KafkaProcess kafka = KafkaProcess.start(KAFKA_PORT);
                MonitoringRun run = newRun(kafka, rules, null)) {
            run.start();
            run.produce(EVENTS.events());
            run.produceEndOfInput(END_OF_INPUT);
            alerts = run.awaitAllAlerts();
        }
        // What the comparisons lean on: a run that raises and resolves alerts of many rules.
        assertThat(alerts.stream().map(a -> a.path("rule").asText()).distinct().count())
                .as("rules with alerts in the clean run").isGreaterThanOrEqualTo(8);
        CLEAN_RUNS.put(rules, alerts);
        return alerts;
    }

    private static MonitoringRun newRun(KafkaProcess kafka, Path rules, String influxUrl) throws Exception {
        Path dir = Files.createDirectories(work.resolve("run-" + (++runs)));
        return new MonitoringRun(flink, jarId, kafka, dir, rules, influxUrl);
    }

    /** Something done to a process of the test. */
    private interface Fault {
        void inject() throws Exception;
    }

    /**
     * Starts {@code run} and feeds the days: days 1–3, then, once a checkpoint covers them, day 4
     * until {@code scem.alerts} holds alerts not committed yet; then the fault; then the rest and
     * the end of input. Returns the committed alerts.
     */
    private static List<ObjectNode> runWithFaultWhileAlertsUncommitted(MonitoringRun run, Fault fault) throws Exception {
        run.start();
        run.produce(EVENTS.between(EVENTS.start(), FIRST_PART_END));
        run.awaitInputCheckpointed();
        List<SupplyEvent> restOfSecondPart = run.produceUntilAlertsUncommitted(EVENTS.between(FIRST_PART_END, SECOND_PART_END));
        fault.inject();
        run.produce(restOfSecondPart);
        run.produce(EVENTS.between(SECOND_PART_END, EVENTS.end()));
        run.produceEndOfInput(END_OF_INPUT);
        return run.awaitAllAlerts();
    }

    /** The project's rules directory, as shipped. */
    private static Path rules() {
        return CiScript.repositoryRoot().resolve("rules");
    }

    /** The shaded job jar `mvn package` built (both jobs' entry classes are in it). */
    static Path jobJar() throws IOException {
        try (Stream<Path> files = Files.list(CiScript.repositoryRoot().resolve("jobs/target"))) {
            return files.filter(f -> f.getFileName().toString().matches("scem-jobs-.*-flink-job\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jobs/target/scem-jobs-*-flink-job.jar: run mvn package first"));
        }
    }
}
