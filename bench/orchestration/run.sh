#!/usr/bin/env bash
# Orchestration benchmark (bench/README.md#orchestration-benchorchestration): the queue's throughput with 1, 8 and 32
# steps at once per replica (output steps, which call nothing), and the orchestrator's overhead per step against the
# embedding-service simulator answering at once.
# Needs the packaged jars (./mvnw -B -q package -DskipTests), PostgreSQL and Redis on localhost.
# usage: bench/orchestration/run.sh [backlog-workflows=100000]
# CITADEL_BENCH_CONCURRENCY (default "1 8 32") picks the drains, CITADEL_BENCH_WARMUP_S (default 30) the seconds of
# each drain left out of its figures, CITADEL_BENCH_QUEUE_ONLY=1 skips the overhead measure, CITADEL_BENCH_JAVA_OPTS
# goes to the draining orchestrator (e.g. a JFR recording to profile it).
set -euo pipefail
cd "$(dirname "$0")/../.."
BACKLOG=${1:-100000}
WARMUP=${CITADEL_BENCH_WARMUP_S:-30}
PORT=40700
SIM_PORT=41931
DB=citadel_bench_orchestration
export CITADEL_SERVICE_TOKEN=bench-only-service-token-0123456789abcdef
WORK=$(mktemp -d)
BENCH="java bench/orchestration/WorkflowBench.java"
ORCH=""
SIM=""
VACUUM_LOOP=""
cleanup() {
  for pid in "$ORCH" "$SIM" "$VACUUM_LOOP"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" postgres
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB" postgres
java -jar testing/target/testing-*-standalone.jar embedding --port $SIM_PORT > "$WORK/sim.log" 2>&1 &
SIM=$!

# no gateway runs here: readiness must not wait for one (docs/orchestration.md#dependency-status)
start_orchestrator() {
  CITADEL_ORCHESTRATION_PORT=$PORT CITADEL_HTTP_HOST=127.0.0.1 CITADEL_DB_NAME=$DB \
    CITADEL_EMBEDDING_URL=http://127.0.0.1:$SIM_PORT \
    java -Dvertx.disableURIValidation=true -Dvertx.disableWebsockets=true \
    -Dcitadel.status.readiness-requires=postgresql,redis "$@" -jar orchestration-service/target/quarkus-app/quarkus-run.jar \
    >> "$WORK/orchestrator.log" 2>&1 &
  ORCH=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/health/ready" > /dev/null && return 0
    sleep 0.5
  done
  echo "orchestrator did not start; see its log:"; tail -20 "$WORK/orchestrator.log"; exit 1
}
stop_orchestrator() { kill "$ORCH"; wait "$ORCH" 2>/dev/null || true; ORCH=""; }

# A claim walks the index entries of the tasks claimed since the queue's last vacuum, so the queue needs
# autovacuum as docs/operations.md#postgresql-for-the-workflow-queue sets it up (every 10 s); a PostgreSQL running
# with autovacuum off, as this development machine's does, gets the same from one psql session whose CPU counts in
# PostgreSQL's share.
VACUUM_EVERY=10
if [ "$(psql -h 127.0.0.1 -U postgres -qAtc 'SHOW autovacuum' postgres)" = "off" ]; then
  (while sleep $VACUUM_EVERY; do echo "VACUUM orchestration.tasks, orchestration.workflows;"; done) \
    | psql -h 127.0.0.1 -U postgres -d $DB -q > /dev/null 2>&1 &
  VACUUM_LOOP=$!
  echo "autovacuum is off here: the bench vacuums the queue every $VACUUM_EVERY s"
fi

echo "orchestration bench, $(nproc) cores, backlog $BACKLOG one-step workflows"
for concurrency in ${CITADEL_BENCH_CONCURRENCY:-1 8 32}; do
  # the backlog is queued by an orchestrator that may not run output steps, then drained by a fresh one
  psql -h 127.0.0.1 -U postgres -d $DB -qc "DELETE FROM orchestration.workflows" 2>/dev/null || true
  start_orchestrator -Dcitadel.workflows.worker.type-concurrency.output=0
  $BENCH submit "http://127.0.0.1:$PORT" $DB "$BACKLOG"
  stop_orchestrator
  start_orchestrator -Dcitadel.workflows.worker.concurrency=$concurrency ${CITADEL_BENCH_JAVA_OPTS:-}
  echo -n "worker concurrency $concurrency: "
  $BENCH drain $DB "$ORCH" "$BACKLOG" "$WARMUP"
  stop_orchestrator
done
[ -z "${CITADEL_BENCH_QUEUE_ONLY:-}" ] || exit 0
start_orchestrator
$BENCH overhead "http://127.0.0.1:$PORT" "$ORCH" "http://127.0.0.1:$SIM_PORT" 200 5
