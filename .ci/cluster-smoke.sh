#!/usr/bin/env bash
# Smoke test of the production job on a real Flink session cluster: the shaded job jar
# (jobs/target/scem-jobs-*-flink-job.jar) submitted over REST to a standalone Flink 2.2.1
# cluster (.ci/flink-cluster.sh) reading a real Kafka broker (.ci/kafka.sh); a STOCK_OUT must
# come out on scem.alerts (read_committed). Exit 0 if it does, 1 otherwise.
#
#   .ci/cluster-smoke.sh
#
# Environment: SCEM_KAFKA_PORT (default 19092), SCEM_FLINK_REST_PORT (default 18081),
# SCEM_FLINK_RPC_PORT (default 16123): off the usual ports so as not to meet a developer's own
# broker or cluster; if something already answers there it is used and left running.
# SCEM_SMOKE_PARALLELISM (default 2), SCEM_SMOKE_TIMEOUT (seconds to wait for the alert,
# default 120), SCEM_FLINK_LIB=full (cluster with a distribution's whole lib/, see
# .ci/flink-cluster.sh). The jar is (re)built with `mvn package -pl core,jobs -am` when missing
# or older than the sources. Events carry a per-run SKU and wall-clock times, so a reused broker
# (older runs' records) does not confuse the check. On failure the cluster logs are kept in a
# directory named on stderr.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$here/.ci/lib.sh"
export SCEM_KAFKA_PORT=${SCEM_KAFKA_PORT:-19092}
export SCEM_FLINK_REST_PORT=${SCEM_FLINK_REST_PORT:-18081}
export SCEM_FLINK_RPC_PORT=${SCEM_FLINK_RPC_PORT:-16123}
parallelism=${SCEM_SMOKE_PARALLELISM:-2}
timeout_s=${SCEM_SMOKE_TIMEOUT:-120}
jar="$here/jobs/target/scem-jobs-0.1.0-SNAPSHOT-flink-job.jar"
url="http://localhost:$SCEM_FLINK_REST_PORT"
bootstrap="127.0.0.1:$SCEM_KAFKA_PORT"

say() { echo "cluster-smoke: $*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

work=$(mktemp -d "${TMPDIR:-/tmp}/scem-smoke.XXXXXX")
started_kafka=false started_flink=false job="" jar_id="" ok=false

cleanup() {
  set +e
  if [[ -n "$job" ]]; then
    curl -s -m 5 -X PATCH "$url/jobs/$job?mode=cancel" >/dev/null
    for _ in $(seq 1 40); do
      [[ "$(job_state)" =~ ^(CANCELED|FAILED|FINISHED|)$ ]] && break
      sleep 0.5
    done
    say "job $job: $(job_state)"
  fi
  [[ -n "$jar_id" ]] && curl -s -m 5 -X DELETE "$url/jars/$jar_id" >/dev/null
  if ! $ok && $started_flink; then
    local pidfile="${TMPDIR:-/tmp}/scem-flink-$SCEM_FLINK_REST_PORT.pid" jm tm dir
    if [[ -f "$pidfile" ]]; then
      read -r jm tm dir <"$pidfile"
      local keep
      keep=$(mktemp -d "${TMPDIR:-/tmp}/scem-smoke-logs.XXXXXX")
      cp -r "$dir/log/." "$keep/" 2>/dev/null
      say "cluster logs kept in $keep"
    fi
  fi
  $started_flink && "$here/.ci/flink-cluster.sh" stop
  $started_kafka && "$here/.ci/kafka.sh" stop
  rm -rf "$work"
}
trap cleanup EXIT

job_state() {
  curl -s -m 5 "$url/jobs/$job" 2>/dev/null | grep -o '"state":"[A-Z_]*"' | head -n1 | cut -d'"' -f4 || true
}

kafka_tool() {
  java -cp "$jar" "$work/KafkaTool.java" "$@" 2> >(grep -v '^SLF4J' >&2)
}

t_all=$(now)

# 1. The job jar.
if [[ ! -f "$jar" || -n "$(find "$here/core/src/main" "$here/jobs/src/main" "$here/pom.xml" "$here/core/pom.xml" \
    "$here/jobs/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]]; then
  say "building the job jar..."
  t=$(now)
  (cd "$here" && mvn -q -B package -DskipTests -pl core,jobs -am) >&2
  say "job jar built in $(since "$t") s"
fi

# 2. Kafka and the cluster (started here only if nothing answers on their ports yet).
t=$(now)
port_open "$SCEM_KAFKA_PORT" || started_kafka=true
"$here/.ci/kafka.sh" start >/dev/null
say "Kafka on $bootstrap ($($started_kafka && echo "started in $(since "$t") s" || echo "already running"))"
t=$(now)
port_open "$SCEM_FLINK_REST_PORT" || started_flink=true
"$here/.ci/flink-cluster.sh" start >/dev/null
t_cluster=$(since "$t")
say "Flink cluster on $url ($($started_flink && echo "started in $t_cluster s" || echo "already running"))"

# A small Kafka client (the job jar's kafka-clients): create topics, produce, await a record.
cat >"$work/KafkaTool.java" <<'JAVA'
import java.time.Duration;
import java.util.*;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.clients.producer.*;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.*;

/**
 * topics BOOTSTRAP NAME:PARTITIONS...        creates the missing topics
 * produce BOOTSTRAP < lines "TOPIC PARTITION|* JSON"   (* = every partition of the topic)
 * await BOOTSTRAP TOPIC REGEX SECONDS      reads TOPIC read_committed from the beginning until a
 *                                          value matches; prints it (exit 0) or exits 1
 */
public class KafkaTool {
    public static void main(String[] a) throws Exception {
        String bootstrap = a[1];
        switch (a[0]) {
            case "topics" -> {
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                    Set<String> existing = admin.listTopics().names().get();
                    List<NewTopic> create = new ArrayList<>();
                    for (int i = 2; i < a.length; i++) {
                        String[] t = a[i].split(":");
                        if (!existing.contains(t[0])) create.add(new NewTopic(t[0], Integer.parseInt(t[1]), (short) 1));
                    }
                    admin.createTopics(create).all().get();
                    System.err.println("KafkaTool: created " + create.size() + " topic(s)");
                }
            }
            case "produce" -> {
                Properties p = new Properties();
                p.put("bootstrap.servers", bootstrap);
                p.put("acks", "all");
                int n = 0;
                try (Producer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
                        Scanner in = new Scanner(System.in)) {
                    while (in.hasNextLine()) {
                        String[] f = in.nextLine().split(" ", 3);
                        if (f.length < 3) continue;
                        List<Integer> partitions = f[1].equals("*")
                                ? producer.partitionsFor(f[0]).stream().map(i -> i.partition()).toList()
                                : List.of(Integer.parseInt(f[1]));
                        for (int partition : partitions) {
                            String value = f[2].replace("{p}", String.valueOf(partition));
                            producer.send(new ProducerRecord<>(f[0], partition, null, value)).get();
                            n++;
                        }
                    }
                }
                System.err.println("KafkaTool: produced " + n + " record(s)");
            }
            case "await" -> {
                Pattern want = Pattern.compile(a[3]);
                long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(a[4])).toNanos();
                Properties p = new Properties();
                p.put("bootstrap.servers", bootstrap);
                p.put("isolation.level", "read_committed");
                try (Consumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
                    List<TopicPartition> parts = consumer.partitionsFor(a[2]).stream()
                            .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                    consumer.assign(parts);
                    consumer.seekToBeginning(parts);
                    while (System.nanoTime() < deadline) {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                            if (want.matcher(r.value()).find()) {
                                System.out.println(r.value());
                                return;
                            }
                        }
                    }
                }
                System.err.println("KafkaTool: nothing matching " + a[3] + " on " + a[2] + " after " + a[4] + " s");
                System.exit(1);
            }
            default -> throw new IllegalArgumentException(a[0]);
        }
    }
}
JAVA

# 3. Topics (the job creates none; its source only reads partitions that exist at start).
kafka_tool topics "$bootstrap" scem.supplier:2 scem.production:2 scem.warehouse:2 scem.distribution:2 scem.orders:2 \
  scem.alerts:2 scem.dead-letter:2 scem.atp-decisions:2 scem.atp:2

# 4. Submit over REST. /jars/run does not apply the cluster's parallelism.default (it defaults
#    to 1), so the parallelism is passed explicitly.
run=$(date +%s)-$$
cat >"$work/scem.properties" <<PROPS
kafka.bootstrap = $bootstrap
kafka.group-id = scem-smoke-$run
rules.dir = $here/rules
influx.url =
job.checkpoint-interval = 2s
PROPS
t=$(now)
upload=$(curl -s -m 60 -X POST -F "jarfile=@$jar" "$url/jars/upload")
jar_id=$(sed -n 's|.*"filename":"[^"]*/\([^"/]*\)".*|\1|p' <<<"$upload")
[[ -n "$jar_id" ]] || { say "upload failed: $upload"; exit 1; }
body=$(printf '{"entryClass":"io.scem.jobs.monitoring.MonitoringJobMain","programArgsList":["--config","%s"],"parallelism":%d}' \
  "$work/scem.properties" "$parallelism")
response=$(curl -s -m 120 -X POST -H 'Content-Type: application/json' -d "$body" "$url/jars/$jar_id/run")
job=$(sed -n 's/.*"jobid":"\([0-9a-f]*\)".*/\1/p' <<<"$response")
[[ -n "$job" ]] || { say "submission failed: $response"; exit 1; }
t_submitted=$(since "$t")
# RUNNING = the job and every one of its tasks.
job_running() {
  local details
  details=$(curl -s -m 5 "$url/jobs/$job") || return 1
  [[ "$(grep -o '"state":"[A-Z_]*"' <<<"$details" | head -n1)" == '"state":"RUNNING"' &&
     "$(grep -o '"status":"[A-Z_]*"' <<<"$details" | sort -u)" == '"status":"RUNNING"' ]]
}
until job_running; do
  state=$(job_state)
  if [[ "$state" =~ ^(FAILED|FAILING|CANCELED|FINISHED)$ ]] || (( $(printf '%.0f' "$(since "$t")") > 60 )); then
    say "job $job is $state, not RUNNING; root exception:"
    curl -s -m 5 "$url/jobs/$job/exceptions" | head -c 4000 >&2; echo >&2
    exit 1
  fi
  sleep 0.5
done
t_running=$(since "$t")
say "job $job RUNNING (parallelism $parallelism): upload + run answered in $t_submitted s, all tasks running after $t_running s"

# 5. A STOCK_OUT: counted 5, issued 5 (on-hand 5 -> 0). Then an event at "now" in every partition
#    of every input topic, so that the watermark (the minimum over partitions, minus the 5-min
#    out-of-order bound) passes the issue and the rule clock fires it.
sku="SMOKE-$run"
epoch=$(date +%s)
t_count=$(iso $((epoch - 7200))) t_issue=$(iso $((epoch - 3600))) t_clock=$(iso "$epoch") t_far=$(iso $((epoch + 30 * 86400)))
cat >"$work/events.txt" <<EVENTS
scem.warehouse 0 {"eventId":"$run-count","type":"STOCK_COUNTED","occurredAt":"$t_count","site":"SMOKE","sku":"$sku","quantity":5}
scem.warehouse 0 {"eventId":"$run-issue","type":"GOODS_ISSUED","occurredAt":"$t_issue","site":"SMOKE","sku":"$sku","quantity":5}
scem.supplier * {"eventId":"$run-clock-s-{p}","type":"PO_PLACED","occurredAt":"$t_clock","poId":"PO-CLOCK-$run-{p}","supplierId":"S0","site":"CLOCK","sku":"CLOCK","quantity":1,"expectedAt":"$t_far"}
scem.production * {"eventId":"$run-clock-p-{p}","type":"LINE_RESUMED","occurredAt":"$t_clock","site":"CLOCK","lineId":"L{p}"}
scem.warehouse * {"eventId":"$run-clock-w-{p}","type":"STOCK_COUNTED","occurredAt":"$t_clock","site":"CLOCK","sku":"CLOCK-{p}","quantity":1}
scem.distribution * {"eventId":"$run-clock-d-{p}","type":"SHIPMENT_CHECKPOINT","occurredAt":"$t_clock","shipmentId":"SH-CLOCK-{p}","location":"nowhere"}
scem.orders * {"eventId":"$run-clock-o-{p}","type":"ORDER_PLACED","occurredAt":"$t_clock","orderId":"ORD-CLOCK-$run-{p}","customerId":"C0","site":"CLOCK","sku":"CLOCK","quantity":1,"promisedAt":"$t_far"}
EVENTS
t=$(now)
kafka_tool produce "$bootstrap" <"$work/events.txt"
if alert=$(kafka_tool await "$bootstrap" scem.alerts "(?=.*\"rule\":\"STOCK_OUT\")(?=.*\"status\":\"FIRING\")(?=.*\"sku\":\"$sku\")" "$timeout_s"); then
  say "STOCK_OUT for $sku on scem.alerts $(since "$t") s after the first event was sent (checkpoints every 2 s):"
  echo "$alert"
  ok=true
else
  say "no STOCK_OUT for $sku within $timeout_s s"
  curl -s -m 5 "$url/jobs/$job/exceptions" | head -c 2000 >&2; echo >&2
fi
say "$($ok && echo PASS || echo FAIL) in $(since "$t_all") s overall"
$ok
