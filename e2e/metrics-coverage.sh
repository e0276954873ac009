#!/usr/bin/env bash
# Every metric the alert rules and the Grafana dashboard use exists (issue 13, docs/operations.md#monitoring): the
# four packaged services start on free ports (the Ollama simulator behind the gateway, the embedding service and the
# management service), each gets one request of each kind it serves (chat, streamed chat, embeddings through the
# gateway and directly, a vector store and search, a workflow that embeds, stores and asks a model, management reads),
# then every name that deploy/monitoring/rules/*.yml and deploy/monitoring/grafana/*.json query must be a sample name
# in some service's /metrics (a histogram's _bucket, _count and _sum are sample names of their own, so they are
# matched as written). Prometheus' own series of a scrape (`up` …) are not the services' to expose.
#
# Called by `./citadel test` after `./mvnw -B verify`; needs PostgreSQL (the test database) and Redis.
set -euo pipefail
E2E_NAME=metrics-coverage
. "$(dirname "$0")/../scripts/e2e.sh"
require_builds gateway-service embedding-service orchestration-service management-service
MONITORING=$ROOT/deploy/monitoring
DB=${CITADEL_TEST_DB_NAME:-citadel_test}
SERVICE_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
ADMIN_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
RUN=metrics-$(date +%s%N)

SIM_URL=http://127.0.0.1:$(free_port)
declare -A URL=([embedding]=http://127.0.0.1:$(free_port) [gateway]=http://127.0.0.1:$(free_port)
                [orchestration]=http://127.0.0.1:$(free_port) [management]=http://127.0.0.1:$(free_port))
declare -A PID=()

start_bg simulator "$JAVA" -jar "$WORK_DIR/simulator.jar" ollama --port "${SIM_URL##*:}"
SIM_PID=$LAST_PID
# start_service NAME PORT_VARIABLE ENV...: the packaged service as ./citadel run starts it (prod profile), the JIT's
# first tier only (five JVMs start sooner on a small machine)
start_service() {
  local name=$1 port_variable=$2; shift 2
  start_bg "$name" env "$port_variable=${URL[$name]##*:}" CITADEL_HTTP_HOST=127.0.0.1 CITADEL_DB_NAME="$DB" \
    CITADEL_SERVICE_TOKEN="$SERVICE_TOKEN" "$@" \
    "$JAVA" -XX:TieredStopAtLevel=1 -Dvertx.disableURIValidation=true -Dvertx.disableWebsockets=true \
    ${CITADEL_JAVA_OPTS:-} -jar "$WORK_DIR/$name/quarkus-run.jar"
  PID[$name]=$LAST_PID
}
start_service embedding CITADEL_EMBEDDING_PORT CITADEL_OLLAMA_URL="$SIM_URL"
start_service gateway CITADEL_GATEWAY_PORT CITADEL_OLLAMA_URL="$SIM_URL" CITADEL_EMBEDDING_URL="${URL[embedding]}" \
  CITADEL_API_KEYS_REQUIRED=false CITADEL_AUDIT_SPOOL_DIR="$WORK_DIR/audit-spool"
start_service orchestration CITADEL_ORCHESTRATION_PORT CITADEL_GATEWAY_URL="${URL[gateway]}" \
  CITADEL_EMBEDDING_URL="${URL[embedding]}"
start_service management CITADEL_MANAGEMENT_PORT CITADEL_OLLAMA_URL="$SIM_URL" CITADEL_ADMIN_TOKEN="$ADMIN_TOKEN" \
  CITADEL_GATEWAY_URL="${URL[gateway]}" CITADEL_EMBEDDING_URL="${URL[embedding]}" \
  CITADEL_ORCHESTRATION_URL="${URL[orchestration]}"

wait_for simulator "$SIM_PID" "$SIM_URL/api/version"
for name in embedding gateway orchestration management; do
  wait_for "$name" "${PID[$name]}" "${URL[$name]}/health/ready"
done
say "all ready after ${SECONDS}s; one request of each kind"

# call NAME METHOD PATH [BODY]: one request with the service token (the admin token for the management service)
call() {
  local token=$SERVICE_TOKEN
  [ "$1" != management ] || token=$ADMIN_TOKEN
  curl -fsS -o /dev/null -m 30 -X "$2" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -H "X-Request-Id: $RUN-$1" ${4:+-d "$4"} "${URL[$1]}$3" || { say "$2 $1$3 failed"; exit 1; }
}
call gateway POST /v1/chat/completions '{"model":"phi3","messages":[{"role":"user","content":"hello"}]}'
call gateway POST /v1/chat/completions '{"model":"phi3","stream":true,"messages":[{"role":"user","content":"hi"}]}'
call gateway POST /v1/embeddings '{"model":"nomic-embed-text","input":["one","two"]}'
call embedding POST /v1/embeddings '{"model":"all-minilm","input":"three"}'
call embedding POST /api/v1/vectors/store '{"collection":"'"$RUN"'","id":"a","text":"four","model":"all-minilm"}'
call embedding POST /api/v1/vectors/search '{"collection":"'"$RUN"'","query":"four","model":"all-minilm"}'
call orchestration POST /api/v1/workflows '{"name":"'"$RUN"'","steps":[
  {"id":"embed","type":"embedding","params":{"text":"five"}},
  {"id":"store","type":"vector_store","params":{"collection":"'"$RUN"'","vector":"{{embed.output.embeddings[0]}}"}},
  {"id":"answer","type":"llm_query","params":{"prompt":"six"}}]}'
call management GET /management/models/list
call management GET /management/system/resources
call management GET /management/services
for _ in $(seq 1 150); do
  [ "$(psql_test_db -c "select status from orchestration.workflows where name = '$RUN'")" = completed ] && break
  sleep 0.2
done

for name in embedding gateway orchestration management; do
  curl -fsS -m 10 "${URL[$name]}/metrics" >"$LOG_DIR/$name.metrics" || { say "no /metrics from $name"; exit 1; }
done
