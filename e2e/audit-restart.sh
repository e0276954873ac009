#!/usr/bin/env bash
# The audit survives a PostgreSQL outage AND a gateway restart (issue 4): the gateway's link to PostgreSQL goes
# through the fault proxy; it is cut, M chats are made (all must succeed), the gateway is stopped (what it could not
# write stays in its spool file), the link is restored, a new gateway starts on the same spool directory, and then
# exactly M requests rows must appear, none twice.
#
# Called by `./citadel test` after `./mvnw -B verify`; needs PostgreSQL (the test database) and Redis.
set -euo pipefail
E2E_NAME=audit-restart
. "$(dirname "$0")/../scripts/e2e.sh"
require_builds
M=${CITADEL_AUDIT_RESTART_REQUESTS:-8}
RUN="restart-$(date +%s%N)-"

SIM_PORT=$(free_port)
PROXY_PORT=$(free_port)
CONTROL_URL=http://127.0.0.1:$(free_port)
GATEWAY_PORT=$(free_port)
GATEWAY_URL=http://127.0.0.1:$GATEWAY_PORT
SPOOL=$WORK_DIR/audit-spool

start_bg simulator "$JAVA" -jar "$WORK_DIR/simulator.jar" ollama --port "$SIM_PORT"
SIM_PID=$LAST_PID
start_bg proxy "$JAVA" -jar "$WORK_DIR/simulator.jar" proxy --listen "127.0.0.1:$PROXY_PORT" \
  --target "${CITADEL_DB_HOST:-127.0.0.1}:${CITADEL_DB_PORT:-5432}" --control-port "${CONTROL_URL##*:}"
PROXY_PID=$LAST_PID

start_gateway() {
  start_bg "gateway-$1" env CITADEL_GATEWAY_PORT="$GATEWAY_PORT" CITADEL_HTTP_HOST=127.0.0.1 \
    CITADEL_OLLAMA_URL="http://127.0.0.1:$SIM_PORT" CITADEL_API_KEYS_REQUIRED=false \
    CITADEL_DB_HOST=127.0.0.1 CITADEL_DB_PORT="$PROXY_PORT" CITADEL_DB_NAME="${CITADEL_TEST_DB_NAME:-citadel_test}" \
    CITADEL_AUDIT_SPOOL_DIR="$SPOOL" "$JAVA" ${CITADEL_JAVA_OPTS:-} -jar "$WORK_DIR/gateway/quarkus-run.jar"
  GATEWAY_PID=$LAST_PID
  wait_for "gateway ($1)" "$GATEWAY_PID" "$GATEWAY_URL/health/live"
  wait_for "gateway backend ($1)" "$GATEWAY_PID" "$GATEWAY_URL/v1/models"
}

rows() { psql_test_db -c "select count(*) || ' ' || count(distinct request_id) from gateway.requests
                          where request_id like '$RUN%'"; }

wait_for simulator "$SIM_PID" "http://127.0.0.1:$SIM_PORT/api/version"
wait_for proxy "$PROXY_PID" "$CONTROL_URL/_proxy/stats"
start_gateway first

curl -fs -X POST "$CONTROL_URL/_proxy/cut" >/dev/null
say "PostgreSQL cut off; $M chats"
for i in $(seq 1 "$M"); do
  curl -fs -o /dev/null -H 'Content-Type: application/json' -H "X-Request-Id: $RUN$i" \
    -d '{"model":"phi3","messages":[{"role":"user","content":"hello"}]}' "$GATEWAY_URL/v1/chat/completions" \
    || { say "chat $i failed during the outage"; exit 1; }
done

say "stopping the gateway during the outage"
stop_pid "$GATEWAY_PID"
[ "$(rows)" = "0 0" ] || { say "rows written during the outage: $(rows)"; exit 1; }
[ -n "$(ls -A "$SPOOL")" ] || { say "the gateway left no spool behind"; exit 1; }

curl -fs -X POST "$CONTROL_URL/_proxy/restore" >/dev/null
say "link restored; starting a new gateway on the same spool"
start_gateway second
for _ in $(seq 1 100); do [ "$(rows)" = "$M $M" ] && break; sleep 0.2; done
sleep 1   # a duplicate, if the replay wrote one, would show by now
[ "$(rows)" = "$M $M" ] || { say "expected $M rows, one per request; found (rows distinct): $(rows)"; exit 1; }
say "passed: $M requests during the outage, $M rows after the restart, none twice"
