#!/usr/bin/env bash
# Every metric the alert rules and the Grafana dashboard use exists, and production logs are JSON lines with the
# request id (issue 13, docs/operations.md#monitoring, #logs). The four packaged services start on free ports in their
# prod profile (the Ollama simulator behind the gateway, the embedding service and the management service), each gets
# one request of each kind it serves (chat, streamed chat, embeddings through the gateway and directly, a vector store
# and search, a workflow that embeds, stores and asks a model, management reads, a model pull followed as a stream).
# Then every name that deploy/monitoring/rules/*.yml and deploy/monitoring/grafana/dashboards/*.json query
# (deploy/monitoring/MetricNames.java) must be a sample name in some service's /metrics: a histogram's _bucket, _count
# and _sum are sample names of their own, so they are matched as written; `up` is Prometheus' own series of a scrape,
# not the services' to expose. Last, every line the services logged must be a JSON record, and the pull's end must
# be logged with the id of the request that followed it.
#
# Called by `./citadel test` after `./mvnw -B verify`; needs PostgreSQL (the test database), Redis, jq and yq.
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

# call NAME METHOD PATH [BODY [CURL_ARG...]]: one request, its id $RUN-<count> ($REQUEST_ID), with the service token
# (the admin token for the management service)
CALLS=0
call() {
  local name=$1 method=$2 path=$3 body=${4:-} token=$SERVICE_TOKEN
  shift $(($# < 4 ? $# : 4))
  CALLS=$((CALLS + 1))
  REQUEST_ID=$RUN-$CALLS
  [ "$name" != management ] || token=$ADMIN_TOKEN
  curl -fsS -o /dev/null -m 30 -X "$method" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -H "X-Request-Id: $REQUEST_ID" ${body:+-d "$body"} "$@" "${URL[$name]}$path" \
    || { say "$method $name$path failed"; exit 1; }
}
call gateway POST /v1/chat/completions '{"model":"phi3","messages":[{"role":"user","content":"hello"}]}'
call gateway POST /v1/chat/completions '{"model":"phi3","stream":true,"messages":[{"role":"user","content":"hi"}]}'
call gateway POST /v1/embeddings '{"model":"nomic-embed-text","input":["one","two"]}'
call embedding POST /v1/embeddings '{"model":"all-minilm","input":"three"}'
call embedding POST /api/v1/vectors/store '{"collection":"'"$RUN"'","id":"a","text":"four","model":"all-minilm"}'
call embedding POST /api/v1/vectors/search '{"collection":"'"$RUN"'","query":"four","model":"all-minilm"}'
call orchestration POST /api/v1/workflows '{"name":"'"$RUN"'","steps":[
  {"id":"embed","type":"embedding","params":{"text":"five"}},
  {"id":"store","type":"vector_store","params":{"collection":"'"$RUN-workflow"'","vector":"{{embed.output.embeddings[0]}}"}},
  {"id":"answer","type":"llm_query","params":{"prompt":"six"}}]}'
call management GET /management/models/list
call management GET /management/system/resources
call management GET /management/services
# a pull followed as server-sent events: the service logs how it ended while the request is still open
call management POST /management/models/pull '{"name":"tinyllama:1.1b"}' -H 'Accept: text/event-stream'
PULL_REQUEST_ID=$REQUEST_ID
for _ in $(seq 1 150); do
  STATUS=$(psql_test_db -c "select status from orchestration.workflows where name = '$RUN'")
  [ "$STATUS" = completed ] && break
  [ "$STATUS" != failed ] || { say "the workflow failed: $(psql_test_db -c "select error from orchestration.workflows
                                 where name = '$RUN'")"; exit 1; }
  sleep 0.2
done
[ "$STATUS" = completed ] || { say "the workflow did not complete (status: $STATUS)"; exit 1; }

# what the services expose: every sample name of their scrapes
for name in "${!URL[@]}"; do
  curl -fsS -m 10 "${URL[$name]}/metrics" >"$LOG_DIR/$name.metrics" || { say "no /metrics from $name"; exit 1; }
done
sed -nE 's/^([a-zA-Z_:][a-zA-Z0-9_:]*).*/\1/p' "$LOG_DIR"/*.metrics | sort -u >"$WORK_DIR/exposed"
# what the rules and the dashboard read: each expression on one line (a template variable's label_values(m, label)
# reads m), then their metric names; `up` is Prometheus' own series of each scrape
{
  yq -r '.groups[].rules[].expr | gsub("\n"; " ")' "$MONITORING"/rules/*.yml
  jq -r '(.. | objects | .expr? // empty),
         (.templating.list[].query.query? // empty | sub("^label_values\\((?<m>.*),[^,]*\\)$"; "\(.m)"))
         | gsub("\n"; " ")' "$MONITORING"/grafana/dashboards/*.json
} | "$JAVA" "$MONITORING/MetricNames.java" | grep -vx up >"$WORK_DIR/used"
[ -s "$WORK_DIR/used" ] || { say "no metric names found in the rules and the dashboard"; exit 1; }
MISSING=$(comm -23 "$WORK_DIR/used" "$WORK_DIR/exposed")
[ -z "$MISSING" ] || { say "used by the rules or the dashboard but exposed by no service (scrapes in ${LOG_DIR#"$ROOT"/}/):
$MISSING"; exit 1; }
say "$(wc -l <"$WORK_DIR/used") metric names used by the rules and the dashboard, all exposed"

# production logs (the packaged jar runs the prod profile): every line a JSON object, bar the JVM's own warnings
# printed before logging starts; the pull's end logged with the id of the request that followed it
for name in "${!URL[@]}"; do
  NOT_JSON=$(grep -v '^WARNING: ' "$LOG_DIR/$name.log" \
    | jq -R -r 'select((try fromjson catch null) | type != "object" or (has("timestamp") and has("level") | not))')
  [ -z "$NOT_JSON" ] || { say "$name logged lines that are not JSON records:
$(head -5 <<<"$NOT_JSON")"; exit 1; }
done
jq -e --arg id "$PULL_REQUEST_ID" 'select(.request_id == $id and (.message | startswith("Pull of")))' \
  "$LOG_DIR/management.log" >/dev/null \
  || { say "no JSON log line of the pull with request_id $PULL_REQUEST_ID"; exit 1; }
say "passed in ${SECONDS}s: metrics exposed, production logs one JSON record a line with the request id"
