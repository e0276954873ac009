# Sourced by the end-to-end scripts (clients/run-client-tests.sh, e2e/*.sh): processes started in the background
# on free ports, stopped on exit whatever happens, their logs printed when the script fails.
# Before sourcing, set E2E_NAME (log prefix and var/log/<name>/). Needs JAVA_HOME or java on the PATH.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOG_DIR=$ROOT/var/log/$E2E_NAME
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
READY_TIMEOUT_S=${CITADEL_E2E_READY_TIMEOUT_S:-90}
WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/citadel-$E2E_NAME.XXXXXX")
declare -A STARTED=()   # pid -> log file
mkdir -p "$LOG_DIR"

say() { printf '[%s] %s\n' "$E2E_NAME" "$*" >&2; }

# start_bg NAME CMD...: runs CMD in the background, output in $LOG_DIR/NAME.log; the pid is in $LAST_PID
start_bg() {
  local name=$1; shift
  : >"$LOG_DIR/$name.log"
  "$@" >>"$LOG_DIR/$name.log" 2>&1 &
  LAST_PID=$!
  STARTED[$LAST_PID]=$LOG_DIR/$name.log
}

# stop_pid PID: TERM (a graceful stop: the gateway spools its queued audit records), KILL after 15 s
stop_pid() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  unset 'STARTED[$1]'
}

e2e_on_exit() {
  local rc=$? pid log
  for pid in "${!STARTED[@]}"; do
    log=${STARTED[$pid]}
    stop_pid "$pid"
    if [ "$rc" -ne 0 ] && [ -s "$log" ]; then
      printf '\n----- %s (last 80 lines) -----\n' "${log#"$ROOT"/}" >&2
      tail -n 80 "$log" >&2
    fi
  done
  [ "$rc" -eq 0 ] || say "FAILED (logs in ${LOG_DIR#"$ROOT"/}/)"
  rm -rf "$WORK_DIR"
  exit "$rc"
}
trap e2e_on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# free_port: a TCP port nothing listens on (the platform may be running on 8000-8003 and 11434)
free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  say "no free port found"; return 1
}

# wait_for NAME PID URL: until URL answers 2xx, PID dies, or the timeout
wait_for() {
  local deadline=$((SECONDS + READY_TIMEOUT_S))
  until curl -fs -m 2 -o /dev/null "$3"; do
    kill -0 "$2" 2>/dev/null || { say "$1 exited before it was ready"; return 1; }
    [ "$SECONDS" -lt "$deadline" ] || { say "$1 not ready after ${READY_TIMEOUT_S}s ($3)"; return 1; }
    sleep 0.3
  done
}

# require_builds [SERVICE...]: private copies of what the scripts run, the simulators' jar ($WORK_DIR/simulator.jar)
# and each service's packaged app (default gateway-service; in $WORK_DIR/<name without -service>/), so that a
# rebuild of target/ cannot pull classes from under the JVMs.
require_builds() {
  local simulator service
  simulator=$(ls "$ROOT"/testing/target/testing-*-standalone.jar 2>/dev/null | head -1 || true)
  [ -n "$simulator" ] || { say "no testing/target/testing-*-standalone.jar: run ./mvnw -B verify first"; exit 1; }
  cp "$simulator" "$WORK_DIR/simulator.jar"
  for service in "${@:-gateway-service}"; do
    [ -f "$ROOT/$service/target/quarkus-app/quarkus-run.jar" ] \
      || { say "no $service/target/quarkus-app: run ./mvnw -B verify first"; exit 1; }
    cp -r "$ROOT/$service/target/quarkus-app" "$WORK_DIR/${service%-service}"
  done
}

psql_test_db() {
  psql -q -t -A -h "${CITADEL_DB_HOST:-127.0.0.1}" -p "${CITADEL_DB_PORT:-5432}" -U "${CITADEL_DB_USER:-postgres}" \
    -d "${CITADEL_TEST_DB_NAME:-citadel_test}" -v ON_ERROR_STOP=1 "$@"
}
