#!/usr/bin/env bash
# Installs (if missing) and starts a throwaway InfluxDB 1.x on loopback for the tests.
#
#   .ci/influxdb.sh          run: starts influxd, prints its URL as the last line of stdout
#   . .ci/influxdb.sh        sourced: the same, and exports SCEM_INFLUX_URL for the tests
#   .ci/influxdb.sh stop     stops the influxd this script started on the port
#
# Environment: SCEM_INFLUX_PORT (default 8086). Idempotent: if something already answers
# /ping on the port, nothing is started. Data lives in a fresh temp dir per start; its path
# is exported as SCEM_INFLUX_DIR when sourced and written next to the pid file.
# Written to be sourced: no `set -e`, no `exit` outside the run-as-script branch.

scem_influx_ping() {
  # 204 from /ping is the only "ready" answer; anything else (or nothing) is not.
  local port=$1
  if command -v curl >/dev/null 2>&1; then
    [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:${port}/ping")" == 204 ]]
  else
    local status
    status=$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/${port} &&
      printf 'GET /ping HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 && head -n1 <&3" 2>/dev/null)
    [[ "$status" == *" 204"* ]]
  fi
}

scem_influx_port_taken() {
  timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

scem_influx_install() {
  command -v influxd >/dev/null 2>&1 && return 0
  local sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "influxdb.sh: influxd missing and not root" >&2; return 1; }
    sudo="sudo"
  fi
  echo "influxdb.sh: installing Debian's influxdb package" >&2
  # A stale package list is the usual reason install fails, so refresh it once first.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || true
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    influxdb influxdb-client >&2 || { echo "influxdb.sh: apt-get install failed" >&2; return 1; }
  command -v influxd >/dev/null 2>&1
}

scem_influx_write_config() {
  local dir=$1 port=$2
  cat >"$dir/influxdb.conf" <<EOF
reporting-disabled = true
# The backup/restore RPC listener defaults to :8088 on all interfaces; keep it loopback and
# on an ephemeral port so several servers can run side by side.
bind-address = "127.0.0.1:0"

[meta]
  dir = "$dir/meta"

[data]
  dir = "$dir/data"
  wal-dir = "$dir/wal"
  query-log-enabled = false

[monitor]
  store-enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:$port"
  auth-enabled = false
  log-enabled = false
EOF
}

scem_influx_pidfile() {
  echo "${TMPDIR:-/tmp}/scem-influxdb-$1.pid"
}

scem_influx_stop() {
  local port=${SCEM_INFLUX_PORT:-8086} pidfile pid
  pidfile=$(scem_influx_pidfile "$port")
  [[ -f "$pidfile" ]] || { echo "influxdb.sh: no influxd started by this script on :$port" >&2; return 0; }
  read -r pid _ <"$pidfile"
  if kill "$pid" 2>/dev/null; then
    local i
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    echo "influxdb.sh: stopped influxd pid $pid" >&2
  fi
  rm -f "$pidfile"
}

scem_influx_start() {
  local port=${SCEM_INFLUX_PORT:-8086}
  local url="http://127.0.0.1:${port}"
  if scem_influx_ping "$port"; then
    echo "influxdb.sh: InfluxDB already answers on $url" >&2
    SCEM_INFLUX_URL=$url
    echo "$url"
    return 0
  fi
  if scem_influx_port_taken "$port"; then
    echo "influxdb.sh: port $port is taken by something that is not InfluxDB; set SCEM_INFLUX_PORT" >&2
    return 1
  fi
  scem_influx_install || return 1

  local dir log pid started waited=0
  dir=$(mktemp -d "${TMPDIR:-/tmp}/scem-influxdb.XXXXXX") || return 1
  log="$dir/influxd.log"
  scem_influx_write_config "$dir" "$port"
  started=$(date +%s%N)
  # setsid: the server outlives this script and is not hit by the caller's Ctrl-C.
  setsid influxd run -config "$dir/influxdb.conf" </dev/null >"$log" 2>&1 &
  pid=$!
  echo "$pid $dir" >"$(scem_influx_pidfile "$port")"

  until scem_influx_ping "$port"; do
    if ! kill -0 "$pid" 2>/dev/null || ((waited >= 300)); then
      echo "influxdb.sh: influxd exited or did not answer /ping on $url within 30 s; its log ($log):" >&2
      cat "$log" >&2
      kill "$pid" 2>/dev/null
      rm -f "$(scem_influx_pidfile "$port")"
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  echo "influxdb.sh: influxd pid $pid ready in $((($(date +%s%N) - started) / 1000000)) ms, data in $dir" >&2
  SCEM_INFLUX_URL=$url
  SCEM_INFLUX_DIR=$dir
  echo "$url"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  case "${1:-start}" in
    start) scem_influx_start; exit $? ;;
    stop) scem_influx_stop; exit $? ;;
    *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
  esac
else
  scem_influx_start >/dev/null && export SCEM_INFLUX_URL SCEM_INFLUX_DIR \
    && echo "influxdb.sh: SCEM_INFLUX_URL=$SCEM_INFLUX_URL" >&2
fi
