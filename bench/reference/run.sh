#!/usr/bin/env bash
# Runs the issue's yardstick, a hand-written Flink job with keyed timers for the four foundation
# rules (HandWrittenFlinkJob.java), on the benchmark's month, with ./scem's JVM settings, so that
# SCEM's replay can be compared with it on the same machine in the same hour:
#
#   ./scem bench --rules bench/four-rules --no-follow-orders   # makes target/bench/events.jsonl
#   bench/reference/run.sh [EVENTS] [PARALLELISM] [arrival|event-time]
#
# arrival (the default): events apply as they come, as such a job usually does, and late
# completions that arrive before the watermark passes their deadline are missed; event-time: each
# waits in state for the watermark to pass it, as SCEM's do, and the alerts are the oracle's.
#
# It compiles against the jobs module's classpath (built by ./scem) into target/reference/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
events="${1:-$here/target/bench/events.jsonl}"
parallelism="${2:-2}"
order="${3:-arrival}"
classpath="$here/jobs/target/cli.classpath"
[[ -f "$classpath" ]] || { echo "run.sh: build first (./scem --help builds)" >&2; exit 2; }
[[ -f "$events" ]] || { echo "run.sh: no $events (./scem bench writes it)" >&2; exit 2; }
out="$here/target/reference"
mkdir -p "$out"
cp="$(cat "$classpath")"
javac -d "$out" -cp "$cp" "$here/bench/reference/HandWrittenFlinkJob.java"
# ./scem's JIT settings (read from it), metaspace threshold, heap and collector
jit_opts="${SCEM_JIT_OPTS-$(grep -m1 '^default_jit_opts=' "$here/scem" | cut -d'"' -f2)}"
exec java $jit_opts -XX:MetaspaceSize=128m ${SCEM_JAVA_OPTS:--Xmx1g -XX:+UseParallelGC} \
  -Dlog4j2.configurationFile="$here/jobs/src/main/resources/log4j2-cli.properties" \
  -cp "$out:$cp" HandWrittenFlinkJob "$events" "$out/alerts.txt" "$parallelism" "$order"
