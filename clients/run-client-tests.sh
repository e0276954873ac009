#!/usr/bin/env bash
# Real-client tests (issue 3): the official `openai` npm package against the RUNNING gateway.
#
# Starts the Ollama and embedding-service simulators (testing/target/testing-*-standalone.jar) and the gateway
# (gateway-service/target/quarkus-app, built by `./mvnw verify` or `package`) on free ports, the gateway's one
# backend and its embedding-service pointing at the simulators and its database being the test database, waits for /health/ready, then runs
# clients/openai-node/test.mjs with node's built-in test runner. Both processes are stopped on exit, whatever
# happens; on failure their logs (var/log/client-tests/) are printed.
#
# Called by `./citadel test` after `./mvnw -B verify`. Needs PostgreSQL (database $CITADEL_TEST_DB_NAME, default
# citadel_test) and Redis, as the Maven tests do, plus Node >= 20 and npm (the npm registry, or npm's cache, for
# `npm ci`). Set JAVA_HOME to pick the JDK (./citadel does).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

LOG_DIR=$ROOT/var/log/client-tests
CLIENT_DIR=$ROOT/clients/openai-node
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
READY_TIMEOUT_S=${CITADEL_CLIENT_TEST_READY_TIMEOUT_S:-90}

say() { printf '[client-tests] %s\n' "$*" >&2; }

# --- prerequisites -------------------------------------------------------------------------------------------
SIMULATOR_JAR=$(ls "$ROOT"/testing/target/testing-*-standalone.jar 2>/dev/null | head -1 || true)
GATEWAY_APP=$ROOT/gateway-service/target/quarkus-app
[ -n "$SIMULATOR_JAR" ] || { say "no testing/target/testing-*-standalone.jar: run ./mvnw -B verify (or install) first"; exit 1; }
[ -f "$GATEWAY_APP/quarkus-run.jar" ] || { say "no $GATEWAY_APP/quarkus-run.jar: run ./mvnw -B verify (or package) first"; exit 1; }
command -v node >/dev/null || { say "node not found (Node >= 20 needed)"; exit 1; }
command -v npm >/dev/null || { say "npm not found"; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || { say "Node >= 20 needed, found $(node --version)"; exit 1; }

# --- process bookkeeping: everything started here is stopped on exit -----------------------------------------
WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/citadel-client-tests.XXXXXX")
PIDS=()

stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}

on_exit() {
  local rc=$?
  stop_all
  if [ "$rc" -ne 0 ]; then
    local log
    for log in "$LOG_DIR"/simulator.log "$LOG_DIR"/embedding-simulator.log "$LOG_DIR"/gateway.log "$LOG_DIR"/npm-ci.log; do
      [ -s "$log" ] || continue
      printf '\n----- %s (last 80 lines) -----\n' "${log#"$ROOT"/}" >&2
      tail -n 80 "$log" >&2
    done
    say "FAILED (logs in ${LOG_DIR#"$ROOT"/}/)"
  fi
  rm -rf "$WORK_DIR"
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- free ports (the platform may be running on 8000-8003 and 11434) -----------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 30000))
    port_in_use "$port" || { echo "$port"; return; }
  done
  say "no free port found"; return 1
}

SIM_PORT=$(free_port)
GATEWAY_PORT=$(free_port)
while [ "$GATEWAY_PORT" = "$SIM_PORT" ]; do GATEWAY_PORT=$(free_port); done
EMBEDDING_PORT=$(free_port)
while [ "$EMBEDDING_PORT" = "$SIM_PORT" ] || [ "$EMBEDDING_PORT" = "$GATEWAY_PORT" ]; do EMBEDDING_PORT=$(free_port); done
SIM_URL=http://127.0.0.1:$SIM_PORT
EMBEDDING_URL=http://127.0.0.1:$EMBEDDING_PORT
GATEWAY_URL=http://127.0.0.1:$GATEWAY_PORT

mkdir -p "$LOG_DIR"
: >"$LOG_DIR/simulator.log"; : >"$LOG_DIR/embedding-simulator.log"; : >"$LOG_DIR/gateway.log"; : >"$LOG_DIR/npm-ci.log"

# Run private copies: a rebuild of target/ while the tests run must not pull classes from under the JVMs.
cp "$SIMULATOR_JAR" "$WORK_DIR/simulator.jar"
cp -r "$GATEWAY_APP" "$WORK_DIR/gateway"

# --- start both, install the client meanwhile ----------------------------------------------------------------
say "Ollama simulator on $SIM_URL, embedding-service simulator on $EMBEDDING_URL, gateway on $GATEWAY_URL (database ${CITADEL_TEST_DB_NAME:-citadel_test})"
"$JAVA" -jar "$WORK_DIR/simulator.jar" ollama --port "$SIM_PORT" >"$LOG_DIR/simulator.log" 2>&1 &
SIM_PID=$!; PIDS+=("$SIM_PID")
"$JAVA" -jar "$WORK_DIR/simulator.jar" embedding --port "$EMBEDDING_PORT" >"$LOG_DIR/embedding-simulator.log" 2>&1 &
EMBEDDING_PID=$!; PIDS+=("$EMBEDDING_PID")

CITADEL_GATEWAY_PORT=$GATEWAY_PORT \
CITADEL_HTTP_HOST=127.0.0.1 \
CITADEL_OLLAMA_URL=$SIM_URL \
CITADEL_EMBEDDING_URL=$EMBEDDING_URL \
CITADEL_API_KEYS_REQUIRED=false \
CITADEL_DB_NAME=${CITADEL_TEST_DB_NAME:-citadel_test} \
CITADEL_AUDIT_SPOOL_DIR=$WORK_DIR/audit-spool \
  "$JAVA" ${CITADEL_JAVA_OPTS:-} -jar "$WORK_DIR/gateway/quarkus-run.jar" >"$LOG_DIR/gateway.log" 2>&1 &
GATEWAY_PID=$!; PIDS+=("$GATEWAY_PID")

say "npm ci (clients/openai-node)"
(cd "$CLIENT_DIR" && npm ci --no-audit --no-fund --prefer-offline) >"$LOG_DIR/npm-ci.log" 2>&1 \
  || { say "npm ci failed"; exit 1; }

wait_for() { # name pid url
  local deadline=$((SECONDS + READY_TIMEOUT_S))
  until curl -fs -m 2 -o /dev/null "$3"; do
    kill -0 "$2" 2>/dev/null || { say "$1 exited before it was ready"; return 1; }
    [ "$SECONDS" -lt "$deadline" ] || { say "$1 not ready after ${READY_TIMEOUT_S}s ($3)"; return 1; }
    sleep 0.3
  done
}
wait_for simulator "$SIM_PID" "$SIM_URL/api/version"
wait_for "embedding simulator" "$EMBEDDING_PID" "$EMBEDDING_URL/api/v1/models"
wait_for gateway "$GATEWAY_PID" "$GATEWAY_URL/health/ready"
say "both ready after ${SECONDS}s; running the openai client tests"

# --- the tests ------------------------------------------------------------------------------------------------
set +e
(cd "$CLIENT_DIR" && CITADEL_GATEWAY_URL=$GATEWAY_URL CITADEL_SIMULATOR_URL=$SIM_URL \
  node --test --test-reporter=spec test.mjs)
status=$?
set -e
[ "$status" -ne 0 ] || say "passed in ${SECONDS}s"
exit "$status"
