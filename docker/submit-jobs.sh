#!/usr/bin/env bash
# The `submit` service of docker-compose.yml: submits the monitoring job and the notifier job to
# the Flink cluster with `flink run`, each unless it already runs (so that a second `docker compose
# up` submits nothing twice), then waits until both run. Exit 0 when they do, 1 otherwise.
#
# Environment: FLINK_JOBMANAGER (REST address, default jobmanager:8081), SCEM_CONFIG_DIR (where
# scem.properties and notify.properties are, default /opt/scem/config/compose), SCEM_JAR.
set -euo pipefail
jobmanager=${FLINK_JOBMANAGER:-jobmanager:8081}
config=${SCEM_CONFIG_DIR:-/opt/scem/config/compose}
jar=${SCEM_JAR:-/opt/scem/scem-jobs.jar}

say() { echo "submit: $*" >&2; }

# The names of the jobs in one of the given states, one a line. `flink list` prints a job as
# "30.11.2026 07:30:00 : <job id> : <name> (<state>)".
jobs_in() {
  local states=$1
  flink list -a -m "$jobmanager" 2>/dev/null | sed -n -E "s/^.* : [0-9a-f]{32} : (.*) \\(($states)\\)\$/\\1/p"
}

submit() {
  local name=$1 main=$2 properties=$3
  if jobs_in 'CREATED|INITIALIZING|RUNNING|RESTARTING' | grep -xF "$name" >/dev/null; then
    say "'$name' already runs"
    return 0
  fi
  say "submitting '$name' ($main --config $properties)"
  flink run -m "$jobmanager" -d -c "$main" "$jar" --config "$properties"
}

submit "scem monitoring" io.scem.jobs.monitoring.MonitoringJobMain "$config/scem.properties"
submit "scem notifier" io.scem.jobs.notify.NotifierJobMain "$config/notify.properties"

# A job that fails at start (a topic missing, a bad configuration) fails this service, so that
# what depends on it does not start and `docker compose ps` shows where it stopped.
for _ in $(seq 1 60); do
  running=$(jobs_in RUNNING | sort -u | grep -cxF -e "scem monitoring" -e "scem notifier" || true)
  if [[ $running -eq 2 ]]; then
    say "both jobs run: Flink UI http://localhost:8081"
    exit 0
  fi
  sleep 2
done
say "the jobs did not both reach RUNNING within 2 minutes; their states and the cluster's logs tell why:"
flink list -a -m "$jobmanager" >&2 || true
say "(docker compose logs jobmanager taskmanager)"
exit 1
