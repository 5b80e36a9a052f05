#!/usr/bin/env bash
# Starts a throwaway single-node Kafka broker (KRaft, broker+controller in one JVM) on loopback,
# from Maven jars only (Java 17 + Maven; no Docker, no Kafka download).
#
#   .ci/kafka.sh [start]     starts it, prints its bootstrap address as the last line of stdout
#   .ci/kafka.sh stop        stops the broker this script started on the port
#   .ci/kafka.sh restart     stops that broker (SIGTERM, a clean shutdown) and starts it again on
#                            the same data: topics, records and transactions survive
#   .ci/kafka.sh restart --kill
#                            the same after SIGKILL (a crash): the broker recovers its logs at start
#
# Environment: SCEM_KAFKA_PORT (default 9092; the controller listens on the port + 1, or on
# SCEM_KAFKA_CONTROLLER_PORT), SCEM_KAFKA_HEAP (default 512m). Idempotent: if something
# already answers on the port, nothing is started. Data and the broker log live in a fresh temp
# dir per start, removed by `stop`. The classpath (kafka_2.13 4.2.0 + log4j) is resolved from
# bench/kafka-broker/pom.xml, which is not a module of the build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port=${SCEM_KAFKA_PORT:-9092}
controller_port=${SCEM_KAFKA_CONTROLLER_PORT:-$((port + 1))}
pidfile="${TMPDIR:-/tmp}/scem-kafka-$port.pid"

# shellcheck source=lib.sh
source "$here/.ci/lib.sh"

stop() {
  [[ -f "$pidfile" ]] || { echo "kafka.sh: no broker started by this script on :$port" >&2; return 0; }
  local pid dir
  read -r pid dir <"$pidfile"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  [[ -n "$dir" && -d "$dir" && "$dir" == */scem-kafka.* ]] && rm -rf "$dir"
  rm -f "$pidfile"
  echo "kafka.sh: stopped the broker on :$port" >&2
}

start() {
  if port_open "$port"; then
    echo "kafka.sh: something already listens on 127.0.0.1:$port; not starting another" >&2
    echo "127.0.0.1:$port"
    return 0
  fi
  command -v java >/dev/null || { echo "kafka.sh: java not found" >&2; return 1; }
  command -v mvn >/dev/null || { echo "kafka.sh: mvn not found" >&2; return 1; }

  local cp
  cp=$(resolve_classpath kafka.sh "$here/bench/kafka-broker/pom.xml" "$here/bench/kafka-broker/target/broker.classpath")

  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/scem-kafka.XXXXXX")
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=2
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=24
PROPS
  cat >"$dir/log4j2.properties" <<'LOG'
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = WARN
logger.apache.name = org.apache.kafka
logger.apache.level = WARN
logger.ready.name = kafka.server.KafkaRaftServer
logger.ready.level = INFO
LOG
  local java_opts=(-Xms"${SCEM_KAFKA_HEAP:-512m}" -Xmx"${SCEM_KAFKA_HEAP:-512m}" -XX:+UseG1GC
    -Dlog4j2.configurationFile="$dir/log4j2.properties" -Dkafka.logs.dir="$dir")
  local id
  id=$(java "${java_opts[@]}" -cp "$cp" kafka.tools.StorageTool random-uuid 2>>"$dir/server.log" | tail -n1)
  java "${java_opts[@]}" -cp "$cp" kafka.tools.StorageTool format -t "$id" -c "$dir/server.properties" --standalone \
    >>"$dir/server.log" 2>&1 || { echo "kafka.sh: format failed, see $dir/server.log" >&2; return 1; }

  launch "$dir" "$cp"
}

# ready_count DIR: how many times the broker in DIR said it was ready.
ready_count() {
  local n
  n=$(grep -c "Kafka Server started" "$1/server.log" 2>/dev/null) || true
  echo "${n:-0}"
}

# launch DIR CLASSPATH: runs the broker formatted in DIR and waits until it is ready.
launch() {
  local dir=$1 cp=$2
  local java_opts=(-Xms"${SCEM_KAFKA_HEAP:-512m}" -Xmx"${SCEM_KAFKA_HEAP:-512m}" -XX:+UseG1GC
    -Dlog4j2.configurationFile="$dir/log4j2.properties" -Dkafka.logs.dir="$dir")
  # The readiness line is counted, not just looked for: after a restart the log holds the first one.
  local ready_lines
  ready_lines=$(ready_count "$dir")
  nohup java "${java_opts[@]}" -cp "$cp" kafka.Kafka "$dir/server.properties" >>"$dir/server.log" 2>&1 &
  local pid=$!
  echo "$pid $dir" >"$pidfile"
  local started=$SECONDS
  # Ready = the server says so (the port opens a little before the broker has joined the quorum).
  until (( $(ready_count "$dir") > ready_lines )) && port_open "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "kafka.sh: the broker exited; its log:" >&2; tail -n 40 "$dir/server.log" >&2; rm -f "$pidfile"; return 1
    fi
    if (( SECONDS - started > 60 )); then
      echo "kafka.sh: no answer on :$port after 60 s, see $dir/server.log" >&2; stop; return 1
    fi
    sleep 0.2
  done
  echo "kafka.sh: broker up on 127.0.0.1:$port in $((SECONDS - started)) s (pid $pid, dir $dir)" >&2
  echo "127.0.0.1:$port"
}

restart() {
  local signal=-TERM
  [[ "${1:-}" == "--kill" ]] && signal=-KILL
  [[ -f "$pidfile" ]] || { echo "kafka.sh: no broker started by this script on :$port" >&2; return 1; }
  local pid dir started=$SECONDS
  read -r pid dir <"$pidfile"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$signal" "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { echo "kafka.sh: the broker did not stop in 30 s; SIGKILL" >&2; kill -9 "$pid"; }
  fi
  echo "kafka.sh: broker pid $pid stopped (SIG${signal#-}) after $((SECONDS - started)) s; starting it again" >&2
  launch "$dir" "$(resolve_classpath kafka.sh "$here/bench/kafka-broker/pom.xml" "$here/bench/kafka-broker/target/broker.classpath")"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  restart) restart "${2:-}" ;;
  *) echo "usage: $0 [start|stop|restart [--kill]]" >&2; exit 2 ;;
esac
