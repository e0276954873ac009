#!/usr/bin/env bash
# Start-up bench (bench/README.md#start-up-and-idle-memory-benchstartup): each service's time from launch to ready
# (JVM, schema already migrated) and its resident memory when idle, one service at a time on an otherwise idle
# machine. Dependencies it waits for are the simulators (Ollama) or left out of readiness (the orchestrator's
# gateway), so the figure is the service's own. Each service is measured without and with the JDK's AOT cache.
# Needs a JDK 25+, the packaged services and the testing jar (./mvnw -B -q package -DskipTests), PostgreSQL and Redis.
# usage: bench/startup/run.sh [idle-seconds=10]
set -euo pipefail
E2E_NAME=bench-startup
. "$(dirname "$0")/../../scripts/e2e.sh"
require_builds gateway-service embedding-service orchestration-service management-service
IDLE_S=${1:-10}
DB=citadel_bench_startup
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" postgres
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB" postgres
SIM_URL=http://127.0.0.1:$(free_port)
start_bg simulator "$JAVA" -jar "$WORK_DIR/simulator.jar" ollama --port "${SIM_URL##*:}"
wait_for simulator "$LAST_PID" "$SIM_URL/api/version"
SERVICE_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')

# launch NAME PORT_VARIABLE [JAVA_OPTION...]: starts the service, waits until it is ready; its pid in $LAST_PID, the
# ms taken in $READY_MS
launch() {
  local name=$1 port_variable=$2 port start
  shift 2
  port=$(free_port)
  start=$(date +%s%N)
  start_bg "$name" env "$port_variable=$port" CITADEL_HTTP_HOST=127.0.0.1 CITADEL_DB_NAME=$DB \
    CITADEL_SERVICE_TOKEN="$SERVICE_TOKEN" CITADEL_OLLAMA_URL="$SIM_URL" CITADEL_API_KEYS_REQUIRED=false \
    CITADEL_AUDIT_SPOOL_DIR="$WORK_DIR/audit-spool" \
    "$JAVA" -Dvertx.disableURIValidation=true -Dvertx.disableWebsockets=true "$@" -jar "$WORK_DIR/$name/quarkus-run.jar"
  until curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready"; do
    kill -0 "$LAST_PID" 2>/dev/null || { say "$name exited"; exit 1; }
    sleep 0.05
  done
  READY_MS=$(( ($(date +%s%N) - start) / 1000000 ))
}

# measure NAME PORT_VARIABLE [JAVA_OPTION...]: one start, its time to ready and its RSS after $IDLE_S s idle, printed
measure() {
  launch "$@"
  sleep "$IDLE_S"
  printf ' %14d %16d' "$READY_MS" $(($(awk '/^VmRSS/ {print $2}' "/proc/$LAST_PID/status") / 1024))
  stop_pid "$LAST_PID"
}

printf '%-14s %14s %16s %14s %16s\n' service "ready (ms)" "idle RSS (MiB)" "with AOT cache" "idle RSS (MiB)"
for entry in gateway:CITADEL_GATEWAY_PORT embedding:CITADEL_EMBEDDING_PORT \
             orchestration:CITADEL_ORCHESTRATION_PORT management:CITADEL_MANAGEMENT_PORT; do
  name=${entry%%:*}
  options=()
  [ "$name" != orchestration ] || options=(-Dcitadel.status.readiness-requires=postgresql,redis)
  # the first start migrates the schema, and is the training run of the JDK's AOT cache (JEP 483, JDK 25's one-step
  # -XX:AOTCacheOutput: written when the JVM exits)
  launch "$name" "${entry##*:}" -XX:AOTCacheOutput="$WORK_DIR/$name.aot" "${options[@]}"
  stop_pid "$LAST_PID"
  printf '%-14s' "$name"
  measure "$name" "${entry##*:}" "${options[@]}"
  measure "$name" "${entry##*:}" -XX:AOTCache="$WORK_DIR/$name.aot" "${options[@]}"
  printf '\n'
done
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE $DB" postgres
