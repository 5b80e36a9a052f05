#!/usr/bin/env bash
# Starts a throwaway standalone Flink 2.2.1 session cluster (one JobManager JVM, one TaskManager
# JVM) on loopback, from Maven jars only (Java 17 + Maven; no flink-dist download).
#
#   .ci/flink-cluster.sh [start]   starts it, prints its REST URL as the last line of stdout
#   .ci/flink-cluster.sh stop      stops the cluster this script started on the port
#   .ci/flink-cluster.sh status    says whether it runs (exit 0) or not (exit 1), with /overview
#   .ci/flink-cluster.sh kill-taskmanager    SIGKILLs the TaskManager (a crash: no shutdown at all)
#   .ci/flink-cluster.sh start-taskmanager   starts a new TaskManager with the same configuration
#                                            and waits until it has registered
#
# Environment: SCEM_FLINK_REST_PORT (default 8081), SCEM_FLINK_RPC_PORT (JobManager RPC,
# default 6123), SCEM_FLINK_JM_MEMORY (default 1024m), SCEM_FLINK_TM_MEMORY (default 1536m),
# SCEM_FLINK_SLOTS (default 2), SCEM_FLINK_CONF (extra config.yaml lines, e.g.
# "state.backend.type: rocksdb", appended after the defaults), SCEM_FLINK_TM_JAVA_OPTS (extra
# JVM options of the TaskManager, as Flink's env.java.opts.taskmanager), SCEM_FLINK_KEEP_LOGS (a directory
# where `stop` copies the logs before it removes the rest), SCEM_FLINK_LIB=full (add the rest of a distribution's lib/:
# Table API, CEP, JSON, CSV; see bench/flink-cluster/pom.xml). Idempotent: if something already
# answers on the REST port, nothing is started. Configuration, logs (jobmanager.log,
# taskmanager.log, *.out), uploaded jars and checkpoints live in a fresh temp dir per start,
# removed by `stop`. The classpath is resolved once from bench/flink-cluster/pom.xml, which is
# not a module of the build: it holds Flink itself, never the Kafka connector nor the job's code.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port=${SCEM_FLINK_REST_PORT:-8081}
rpc_port=${SCEM_FLINK_RPC_PORT:-6123}
pidfile="${TMPDIR:-/tmp}/scem-flink-$port.pid"
url="http://localhost:$port"

# shellcheck source=lib.sh
source "$here/.ci/lib.sh"

# Number of TaskManagers the REST API lists (0 if it does not answer).
taskmanagers() {
  curl -s -m 2 "$url/taskmanagers" 2>/dev/null | grep -o '"slotsNumber"' | wc -l || true
}

# Ids of the TaskManagers the REST API lists, one a line.
taskmanager_ids() {
  curl -s -m 2 "$url/taskmanagers" 2>/dev/null | grep -o '"id":"[^"]*"' | cut -d'"' -f4 || true
}

stop() {
  [[ -f "$pidfile" ]] || { echo "flink-cluster.sh: no cluster started by this script on :$port" >&2; return 0; }
  local jm tm dir pid
  read -r jm tm dir <"$pidfile"
  # TaskManager first: it would otherwise keep trying to reach the JobManager it lost.
  for pid in "$tm" "$jm"; do
    [[ "$pid" =~ ^[0-9]+$ ]] || continue
    kill -0 "$pid" 2>/dev/null || continue
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  done
  if [[ -n "${SCEM_FLINK_KEEP_LOGS:-}" && -d "$dir/log" ]]; then
    mkdir -p "$SCEM_FLINK_KEEP_LOGS" && cp -r "$dir/log/." "$SCEM_FLINK_KEEP_LOGS/"
    echo "flink-cluster.sh: logs kept in $SCEM_FLINK_KEEP_LOGS" >&2
  fi
  [[ -n "$dir" && -d "$dir" && "$dir" == */scem-flink.* ]] && rm -rf "$dir"
  rm -f "$pidfile"
  echo "flink-cluster.sh: stopped the cluster on :$port" >&2
}

status() {
  if [[ -f "$pidfile" ]]; then
    local jm tm dir
    read -r jm tm dir <"$pidfile"
    echo "flink-cluster.sh: started by this script: JobManager pid $jm, TaskManager pid $tm, dir $dir" >&2
  fi
  local overview
  if overview=$(curl -sf -m 2 "$url/overview" 2>/dev/null); then
    echo "flink-cluster.sh: $url answers: $overview" >&2
    echo "$url"
    return 0
  fi
  echo "flink-cluster.sh: nothing answers on $url" >&2
  return 1
}

# BashJavaUtils prints its results as lines prefixed with BASH_JAVA_UTILS_EXEC_RESULT: (line 1
# JVM options, line 2 the dynamic -D properties), possibly after log lines; as bin/config.sh.
resource_params() {
  local cmd=$1 conf=$2 cp=$3 out
  out=$(java -cp "$cp" org.apache.flink.runtime.util.bash.BashJavaUtils "$cmd" --configDir "$conf" 2>&1) || {
    echo "flink-cluster.sh: BashJavaUtils $cmd failed:" >&2; echo "$out" >&2; return 1; }
  out=$(grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$out" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://')
  if [[ $(wc -l <<<"$out") -ne 2 ]]; then
    echo "flink-cluster.sh: unexpected BashJavaUtils $cmd output: $out" >&2; return 1
  fi
  echo "$out"
}

start() {
  if port_open "$port"; then
    echo "flink-cluster.sh: something already listens on 127.0.0.1:$port; not starting another" >&2
    echo "$url"
    return 0
  fi
  command -v java >/dev/null || { echo "flink-cluster.sh: java not found" >&2; return 1; }
  command -v mvn >/dev/null || { echo "flink-cluster.sh: mvn not found" >&2; return 1; }
  command -v curl >/dev/null || { echo "flink-cluster.sh: curl not found" >&2; return 1; }

  local pom="$here/bench/flink-cluster/pom.xml" cpfile profile=()
  cpfile="$here/bench/flink-cluster/target/cluster.classpath"
  if [[ "${SCEM_FLINK_LIB:-}" == full ]]; then
    cpfile="$here/bench/flink-cluster/target/cluster-full.classpath"; profile=(-Pdist-lib)
  fi
  local cp
  cp=$(resolve_classpath flink-cluster.sh "$pom" "$cpfile" "${profile[@]}")

  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/scem-flink.XXXXXX")
  mkdir -p "$dir/conf" "$dir/log" "$dir/tmp" "$dir/checkpoints" "$dir/savepoints" "$dir/plugins"
  export FLINK_PLUGINS_DIR="$dir/plugins"
  cat >"$dir/conf/config.yaml" <<CONF
jobmanager.rpc.address: localhost
jobmanager.rpc.port: $rpc_port
jobmanager.bind-host: localhost
jobmanager.memory.process.size: ${SCEM_FLINK_JM_MEMORY:-1024m}
jobmanager.execution.failover-strategy: region
taskmanager.host: localhost
taskmanager.bind-host: localhost
taskmanager.numberOfTaskSlots: ${SCEM_FLINK_SLOTS:-2}
taskmanager.memory.process.size: ${SCEM_FLINK_TM_MEMORY:-1536m}
parallelism.default: ${SCEM_FLINK_SLOTS:-2}
rest.port: $port
rest.address: localhost
rest.bind-address: localhost
execution.checkpointing.dir: file://$dir/checkpoints
execution.checkpointing.savepoint-dir: file://$dir/savepoints
io.tmp.dirs: $dir/tmp
web.tmpdir: $dir/tmp
web.upload.dir: $dir/uploads
blob.storage.directory: $dir/tmp
# A TaskManager that comes up before the JobManager's RPC retries after this (default 10 s).
cluster.registration.error-delay: 1 s
${SCEM_FLINK_CONF:-}
CONF
  # As Flink's log4j.properties, without rolling: one file per process, named by -Dlog.file.
  cat >"$dir/conf/log4j.properties" <<'LOG'
monitorInterval = 30
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
logger.pekko.name = org.apache.pekko
logger.pekko.level = INFO
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline
logger.netty.level = OFF
appender.main.name = MainAppender
appender.main.type = File
appender.main.append = true
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
LOG

  # Flink's env.java.opts.all default for Java 17 (flink-dist's config.yaml).
  local java17=(--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
    --add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
    --add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED
    --add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED
    --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED)

  local jm_params tm_params
  jm_params=$(resource_params GET_JM_RESOURCE_PARAMS "$dir/conf" "$cp") || { rm -rf "$dir"; return 1; }
  tm_params=$(resource_params GET_TM_RESOURCE_PARAMS "$dir/conf" "$cp") || { rm -rf "$dir"; return 1; }
  local jm_jvm jm_dyn tm_jvm tm_dyn
  read -r -a jm_jvm <<<"$(sed -n 1p <<<"$jm_params")"
  read -r -a jm_dyn <<<"$(sed -n 2p <<<"$jm_params")"
  read -r -a tm_jvm <<<"$(sed -n 1p <<<"$tm_params")"
  read -r -a tm_dyn <<<"$(sed -n 2p <<<"$tm_params")"

  log_opts() {
    echo "-Dlog.file=$dir/log/$1.log" "-Dlog4j.configuration=file:$dir/conf/log4j.properties" \
      "-Dlog4j.configurationFile=file:$dir/conf/log4j.properties"
  }
  local jm_log tm_log
  read -r -a jm_log <<<"$(log_opts jobmanager)"
  read -r -a tm_log <<<"$(log_opts taskmanager)"

  nohup java "${jm_jvm[@]}" "${java17[@]}" "${jm_log[@]}" -cp "$cp" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    "${jm_dyn[@]}" --configDir "$dir/conf" --executionMode cluster \
    >"$dir/log/jobmanager.out" 2>&1 </dev/null &
  local jm=$!
  echo "$jm - $dir" >"$pidfile"
  # What Flink's own scripts take from env.java.opts.taskmanager (e.g. JIT flags).
  local tm_extra=()
  read -r -a tm_extra <<<"${SCEM_FLINK_TM_JAVA_OPTS:-}"
  # The TaskManager's command line is kept, so that start-taskmanager can start another one after a crash.
  {
    echo '#!/usr/bin/env bash'
    printf 'exec'; printf ' %q' java "${tm_jvm[@]}" "${java17[@]}" "${tm_extra[@]}" "${tm_log[@]}" -cp "$cp" \
      org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$dir/conf" "${tm_dyn[@]}"
    printf ' >>%q 2>&1 </dev/null\n' "$dir/log/taskmanager.out"
  } >"$dir/taskmanager.sh"
  nohup bash "$dir/taskmanager.sh" >/dev/null 2>&1 &
  local tm=$!
  echo "$jm $tm $dir" >"$pidfile"

  local started=$SECONDS
  until [[ $(taskmanagers) -ge 1 ]]; do
    local pid name
    for pid in "$jm" "$tm"; do
      if ! kill -0 "$pid" 2>/dev/null; then
        name=jobmanager; [[ "$pid" == "$tm" ]] && name=taskmanager
        echo "flink-cluster.sh: the $name exited; its log:" >&2
        tail -n 40 "$dir/log/$name.log" "$dir/log/$name.out" >&2 2>/dev/null || true
        stop; return 1
      fi
    done
    if (( SECONDS - started > 60 )); then
      echo "flink-cluster.sh: no TaskManager registered on $url after 60 s, see $dir/log" >&2; stop; return 1
    fi
    sleep 0.5
  done
  echo "flink-cluster.sh: cluster up on $url in $((SECONDS - started)) s (JobManager pid $jm, TaskManager pid $tm, logs $dir/log)" >&2
  echo "$url"
}

kill_taskmanager() {
  [[ -f "$pidfile" ]] || { echo "flink-cluster.sh: no cluster started by this script on :$port" >&2; return 1; }
  local jm tm dir
  read -r jm tm dir <"$pidfile"
  [[ "$tm" =~ ^[0-9]+$ ]] && kill -0 "$tm" 2>/dev/null || { echo "flink-cluster.sh: no TaskManager running" >&2; return 1; }
  kill -9 "$tm"
  while kill -0 "$tm" 2>/dev/null; do sleep 0.1; done
  echo "$jm - $dir" >"$pidfile"
  echo "flink-cluster.sh: killed the TaskManager (pid $tm, SIGKILL)" >&2
}

start_taskmanager() {
  [[ -f "$pidfile" ]] || { echo "flink-cluster.sh: no cluster started by this script on :$port" >&2; return 1; }
  local jm tm dir
  read -r jm tm dir <"$pidfile"
  if [[ "$tm" =~ ^[0-9]+$ ]] && kill -0 "$tm" 2>/dev/null; then
    echo "flink-cluster.sh: a TaskManager runs already (pid $tm)" >&2; return 1
  fi
  # The JobManager may still list the dead TaskManager until its heartbeat times out: wait for a new id.
  local before
  before=$(taskmanager_ids)
  nohup bash "$dir/taskmanager.sh" >/dev/null 2>&1 &
  tm=$!
  echo "$jm $tm $dir" >"$pidfile"
  local started=$SECONDS id
  while true; do
    for id in $(taskmanager_ids); do
      grep -qxF "$id" <<<"$before" || {
        echo "flink-cluster.sh: TaskManager $id (pid $tm) registered in $((SECONDS - started)) s" >&2; return 0; }
    done
    kill -0 "$tm" 2>/dev/null || { echo "flink-cluster.sh: the new TaskManager exited, see $dir/log" >&2; return 1; }
    (( SECONDS - started > 60 )) && { echo "flink-cluster.sh: the new TaskManager did not register in 60 s" >&2; return 1; }
    sleep 0.2
  done
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  kill-taskmanager) kill_taskmanager ;;
  start-taskmanager) start_taskmanager ;;
  *) echo "usage: $0 [start|stop|status|kill-taskmanager|start-taskmanager]" >&2; exit 2 ;;
esac
