package io.scem.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scem.core.alert.AlertJson;
import io.scem.core.atp.AtpDecision;
import io.scem.core.atp.AtpJson;
import io.scem.core.atp.AtpProfile;
import io.scem.core.event.Instants;
import io.scem.core.rules.RuleSet;
import io.scem.jobs.kafka.Topics;
import io.scem.jobs.monitoring.JobSettings;
import io.scem.jobs.monitoring.Replay;
import io.scem.jobs.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scem atp} answers from what the job leaves behind: a replay's {@code OUT.atp.jsonl}
 * (written by a real replay here), and the compacted {@code scem.atp} topic on a real broker,
 * where the latest profile of each stock wins.
 */
class AtpCommandTest {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final Path RULES = Path.of("../rules");

    @TempDir
    Path dir;

    private ScemCli cli = new ScemCli();

    private static final List<String> HISTORY = List.of(
            "{\"eventId\":\"c1\",\"type\":\"STOCK_COUNTED\",\"occurredAt\":\"2026-01-05T08:00:00Z\",\"site\":\"DC1\",\"sku\":\"SKU-1\",\"quantity\":2}",
            "{\"eventId\":\"c2\",\"type\":\"STOCK_COUNTED\",\"occurredAt\":\"2026-01-05T08:00:00Z\",\"site\":\"DC1\",\"sku\":\"SKU-2\",\"quantity\":50}",
            "{\"eventId\":\"c3\",\"type\":\"STOCK_COUNTED\",\"occurredAt\":\"2026-01-05T08:00:00Z\",\"site\":\"DC2\",\"sku\":\"SKU-1\",\"quantity\":30}",
            "{\"eventId\":\"p1\",\"type\":\"PO_PLACED\",\"occurredAt\":\"2026-01-05T08:00:00Z\",\"poId\":\"PO-1\",\"supplierId\":\"S1\",\"site\":\"DC1\",\"sku\":\"SKU-1\",\"quantity\":20,\"expectedAt\":\"2026-01-08T08:00:00Z\"}",
            "{\"eventId\":\"o1\",\"type\":\"ORDER_PLACED\",\"occurredAt\":\"2026-01-05T09:00:00Z\",\"orderId\":\"ORD-1\",\"customerId\":\"C-1\",\"site\":\"DC1\",\"sku\":\"SKU-1\",\"quantity\":10,\"promisedAt\":\"2026-01-06T12:00:00Z\"}",
            "{\"eventId\":\"end\",\"type\":\"STOCK_COUNTED\",\"occurredAt\":\"2026-01-05T10:00:00Z\",\"site\":\"DC9\",\"sku\":\"Z\",\"quantity\":1}");

    @Test
    void shouldAnswerFromAReplaysProfilesWithTheAlternativesBestFirst() throws Exception {
        Path events = dir.resolve("events.jsonl");
        Files.write(events, HISTORY, StandardCharsets.UTF_8);
        Path alerts = dir.resolve("out.jsonl");
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        Replay.Result result = new Replay(JobSettings.defaults(), RuleSet.compile(RULES)).run(env, events, alerts);

        // The order itself: at risk, as alert and as decision.
        assertThat(Files.readAllLines(alerts).stream().map(AlertJson::read).filter(a -> a.rule.equals("ORDER_AT_RISK"))
                .map(a -> a.status + " " + a.key)).containsExactly("FIRING ORD-1");
        assertThat(result.atpDecisions()).isEqualTo(1);
        AtpDecision decision = AtpJson.readDecision(Files.readAllLines(dir.resolve("out.atp-decisions.jsonl")).get(0));
        assertThat(decision.outcome).isEqualTo(AtpDecision.AT_RISK);
        Path profiles = dir.resolve("out.atp.jsonl");
        assertThat(Files.readAllLines(profiles)).extracting(l -> AtpJson.readProfile(l).key())
                .containsExactly("DC1|SKU-1", "DC1|SKU-2", "DC2|SKU-1", "DC9|Z");

        // 2 on hand - 10 for ORD-1 = -8 by the 6th: DC2 has 30, SKU-2 (items.csv) 50, DC1 gets 20 on the 8th.
        int exit = scem("atp", "--profiles", profiles.toString(), "--rules", RULES.toString(), "--site", "DC1", "--sku", "SKU-1",
                "--quantity", "5", "--by", "2026-01-06");
        assertThat(cli.err()).isEmpty();
        assertThat(exit).isEqualTo(1);
        assertThat(cli.out()).contains(
                "5 x SKU-1 at DC1 by 2026-01-06T23:59:59.999Z: NO",
                "  -8 available by then: on hand 2, allocated 10, due in by then 0",
                "  instead, best first:",
                "  1. DC2 has 30 of SKU-1 by then",
                "  2. substitute SKU-2 at DC1 has 50 by then",
                "  3. DC1 can promise it from 2026-01-08T08:00:00Z (12 available then)",
                "  DC1/SKU-1 day by day (available at the end of each day, UTC, where it changes): 2026-01-05 -8 2026-01-08 12",
                "  (state as of 2026-01-05T10:00:00Z: 4 site/SKU profiles from " + profiles + ")");

        cli = new ScemCli();
        assertThat(scem("atp", "--profiles", profiles.toString(), "--rules", RULES.toString(), "--site", "DC1", "--sku",
                "SKU-1", "--quantity", "12", "--by", "2026-01-08T08:00:00Z")).isZero();
        assertThat(cli.out()).startsWith("12 x SKU-1 at DC1 by 2026-01-08T08:00:00Z: YES");

        // A date before the state's: answered as of the state, and said so.
        cli = new ScemCli();
        assertThat(scem("atp", "--profiles", profiles.toString(), "--rules", RULES.toString(), "--site", "DC2", "--sku",
                "SKU-1", "--quantity", "5", "--by", "2026-01-04")).isZero();
        assertThat(cli.out()).contains("  (2026-01-04T23:59:59.999Z is before the state's time: this is what is available as of"
                + " 2026-01-05T10:00:00Z)");

        // A site or SKU that no profile names is most likely mistyped: said so, not answered "0 available".
        cli = new ScemCli();
        assertThat(scem("atp", "--profiles", profiles.toString(), "--rules", RULES.toString(), "--site", "DC7", "--sku",
                "SKU-1", "--quantity", "5")).isEqualTo(2);
        assertThat(scem("atp", "--profiles", profiles.toString(), "--rules", RULES.toString(), "--site", "DC1", "--sku",
                "SKU-11", "--quantity", "5")).isEqualTo(2);
        assertThat(cli.err().lines()).containsExactly("scem atp: no site DC7 in " + profiles + " (its sites: DC1, DC2, DC9)",
                "scem atp: no SKU SKU-11 at any site in " + profiles);
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void shouldAnswerFromTheCompactedTopicWithTheLatestProfileOfEachStock() throws Exception {
        KAFKA.createCompactedTopic(Topics.ATP, 2);
        long t = Instants.parse("2026-01-05T08:00:00Z");
        KAFKA.produceKeyed(Topics.ATP, List.of(
                Map.entry("DC1|SKU-1", AtpJson.writeProfile(profile("DC1", "SKU-1", 100, t))),
                Map.entry("DC2|SKU-1", AtpJson.writeProfile(profile("DC2", "SKU-1", 30, t))),
                // The newer profile of DC1: only 2 left.
                Map.entry("DC1|SKU-1", AtpJson.writeProfile(profile("DC1", "SKU-1", 2, t + 60_000)))));

        int exit = scem("atp", "--kafka", KAFKA.bootstrapServers(), "--rules", RULES.toString(), "--site", "DC1", "--sku", "SKU-1",
                "--quantity", "5");
        assertThat(cli.err()).isEmpty();
        assertThat(exit).isEqualTo(1);
        assertThat(cli.out()).contains("5 x SKU-1 at DC1 by 2026-01-05T08:01:00Z: NO", "  1. DC2 has 30 of SKU-1 by then",
                "(state as of 2026-01-05T08:01:00Z: 2 site/SKU profiles from scem.atp at " + KAFKA.bootstrapServers() + ")");
        // SKU-2, SKU-1's substitute at DC1 in items.csv, has no profile here, and nothing is due: no other line.
        assertThat(cli.out()).contains("on hand 2, allocated 0").doesNotContain("substitute", "2.");
    }

    @Test
    void shouldRefuseABadDateOrAMissingFile() {
        assertThat(scem("atp", "--profiles", dir.resolve("none.jsonl").toString(), "--site", "DC1", "--sku", "SKU-1",
                "--quantity", "5")).isEqualTo(2);
        assertThat(cli.err()).contains("cannot read");
    }

    /** Before, an alerts file given as --profiles ended in IllegalArgumentException's stack trace. */
    @Test
    void shouldSayAFileThatIsNotProfilesAtItsLine() throws Exception {
        Path alerts = Files.writeString(dir.resolve("alerts.jsonl"),
                "{\"rule\":\"STOCK_OUT\",\"status\":\"FIRING\",\"site\":\"DC1\",\"at\":\"2026-01-05T08:00:00Z\"}\n");

        assertThat(scem("atp", "--profiles", alerts.toString(), "--site", "DC1", "--sku", "SKU-1", "--quantity", "5"))
                .isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("scem atp: " + alerts + ":1: not an ATP profile: sku is required"
                + " (--profiles takes a replay's OUT.atp.jsonl)");
    }

    private static AtpProfile profile(String site, String sku, long onHand, long asOf) {
        AtpProfile p = new AtpProfile();
        p.site = site;
        p.sku = sku;
        p.onHand = onHand;
        p.asOf = asOf;
        return p;
    }

    private int scem(String... args) {
        return cli.run(args);
    }
}
