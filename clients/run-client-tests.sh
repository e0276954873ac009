#!/usr/bin/env bash
# Real-client tests: the official `openai` npm package against the RUNNING gateway, the official `@ag-ui/client`
# HttpAgent against the RUNNING orchestrator in front of that gateway, then clients/management-pull.sh (curl pulling
# a model on the running management service).
#
# Starts the Ollama and embedding-service simulators, the gateway and the orchestrator (all built by `./mvnw verify`)
# on free ports: the gateway's one backend and the embedding-service of both being the simulators, the orchestrator's
# one LLM gateway being the gateway, their database the test database. Waits for /health/ready, then runs
# clients/openai-node/test.mjs and clients/ag-ui-node/test.mjs with node's built-in test runner. Every process is
# stopped on exit, whatever happens; on failure their logs (var/log/client-tests/) are printed.
#
# Called by `./citadel test` after `./mvnw -B verify`. Needs PostgreSQL (database $CITADEL_TEST_DB_NAME, default
# citadel_test) and Redis, as the Maven tests do, plus Node >= 20 and npm (the npm registry, or npm's cache, for
# `npm ci`). Set JAVA_HOME to pick the JDK (./citadel does).
set -euo pipefail
E2E_NAME=client-tests
. "$(dirname "$0")/../scripts/e2e.sh"
CLIENT_DIR=$ROOT/clients/openai-node
AG_UI_DIR=$ROOT/clients/ag-ui-node

command -v node >/dev/null || { say "node not found (Node >= 20 needed)"; exit 1; }
command -v npm >/dev/null || { say "npm not found"; exit 1; }
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] || { say "Node >= 20 needed, found $(node --version)"; exit 1; }
require_builds gateway-service orchestration-service

SIM_URL=http://127.0.0.1:$(free_port)
EMBEDDING_URL=http://127.0.0.1:$(free_port)
GATEWAY_PORT=$(free_port)
GATEWAY_URL=http://127.0.0.1:$GATEWAY_PORT
ORCHESTRATION_PORT=$(free_port)
ORCHESTRATION_URL=http://127.0.0.1:$ORCHESTRATION_PORT
# what /admin/api-keys would issue (registered below), and the installation's service token
API_KEY="ck-$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 43)"
SERVICE_TOKEN=$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 48)

say "Ollama simulator on $SIM_URL, embedding-service simulator on $EMBEDDING_URL, gateway on $GATEWAY_URL"
start_bg simulator "$JAVA" -jar "$WORK_DIR/simulator.jar" ollama --port "${SIM_URL##*:}"
SIM_PID=$LAST_PID
start_bg embedding-simulator "$JAVA" -jar "$WORK_DIR/simulator.jar" embedding --port "${EMBEDDING_URL##*:}"
EMBEDDING_PID=$LAST_PID
start_bg gateway env CITADEL_GATEWAY_PORT="$GATEWAY_PORT" CITADEL_HTTP_HOST=127.0.0.1 CITADEL_OLLAMA_URL="$SIM_URL" \
  CITADEL_EMBEDDING_URL="$EMBEDDING_URL" \
  CITADEL_DB_NAME="${CITADEL_TEST_DB_NAME:-citadel_test}" CITADEL_AUDIT_SPOOL_DIR="$WORK_DIR/audit-spool" \
  "$JAVA" ${CITADEL_JAVA_OPTS:-} -jar "$WORK_DIR/gateway/quarkus-run.jar"
GATEWAY_PID=$LAST_PID
start_bg orchestrator env CITADEL_ORCHESTRATION_PORT="$ORCHESTRATION_PORT" CITADEL_HTTP_HOST=127.0.0.1 \
  CITADEL_GATEWAY_URL="$GATEWAY_URL" CITADEL_GATEWAY_API_KEY="$API_KEY" CITADEL_EMBEDDING_URL="$EMBEDDING_URL" \
  CITADEL_SERVICE_TOKEN="$SERVICE_TOKEN" CITADEL_DB_NAME="${CITADEL_TEST_DB_NAME:-citadel_test}" \
  "$JAVA" -Dvertx.disableURIValidation=true -Dvertx.disableWebsockets=true ${CITADEL_JAVA_OPTS:-} \
  -jar "$WORK_DIR/orchestration/quarkus-run.jar"
ORCHESTRATION_PID=$LAST_PID

for dir in "$CLIENT_DIR" "$AG_UI_DIR"; do
  say "npm ci (${dir#"$ROOT"/})"
  (cd "$dir" && npm ci --no-audit --no-fund --prefer-offline) >"$LOG_DIR/npm-ci.log" 2>&1 \
    || { cat "$LOG_DIR/npm-ci.log" >&2; say "npm ci failed"; exit 1; }
done

wait_for simulator "$SIM_PID" "$SIM_URL/api/version"
wait_for "embedding simulator" "$EMBEDDING_PID" "$EMBEDDING_URL/api/v1/models"
wait_for gateway "$GATEWAY_PID" "$GATEWAY_URL/health/ready"
# The gateway runs as in production, keys required: the test client gets a key of its own, registered the way
# /admin/api-keys stores one (SHA-256 of the secret), since no OIDC issuer runs here to call that endpoint.
psql_test_db -c "insert into gateway.api_keys (name, key_hash, key_prefix, created_by)
    values ('openai client test', '$(printf '%s' "$API_KEY" | sha256sum | cut -d' ' -f1)', '${API_KEY:0:10}',
            'clients/run-client-tests.sh')" \
  || { say "could not register the test API key"; exit 1; }

# the orchestrator is ready once its gateway answers it (its dependency check runs every 15 s)
wait_for orchestrator "$ORCHESTRATION_PID" "$ORCHESTRATION_URL/health/ready"
say "all ready after ${SECONDS}s; running the openai client tests"

(cd "$CLIENT_DIR" && CITADEL_GATEWAY_URL=$GATEWAY_URL CITADEL_SIMULATOR_URL=$SIM_URL CITADEL_API_KEY=$API_KEY \
  node --test --test-reporter=spec test.mjs)
say "running the AG-UI client tests"
(cd "$AG_UI_DIR" && CITADEL_ORCHESTRATION_URL=$ORCHESTRATION_URL CITADEL_SERVICE_TOKEN=$SERVICE_TOKEN \
  node --test --test-reporter=spec test.mjs)
say "stopping the gateway: an AG-UI run must end with RUN_ERROR"
stop_pid "$GATEWAY_PID"
(cd "$AG_UI_DIR" && CITADEL_ORCHESTRATION_URL=$ORCHESTRATION_URL CITADEL_SERVICE_TOKEN=$SERVICE_TOKEN \
  CITADEL_GATEWAY_DOWN=1 node --test --test-reporter=spec --test-name-pattern='gateway is down' test.mjs)
say "passed in ${SECONDS}s"

"$ROOT/clients/management-pull.sh"
