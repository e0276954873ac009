#!/usr/bin/env bash
# Real-client tests (issue 3): the official `openai` npm package against the RUNNING gateway; then
# clients/management-pull.sh, curl pulling a model on the running management service (issue 12).
#
# Starts the Ollama and embedding-service simulators and the gateway (all built by `./mvnw verify`) on free ports,
# the gateway's one backend and its embedding-service being the simulators and its database the test database,
# waits for /health/ready, then runs clients/openai-node/test.mjs with node's built-in test runner. Every process
# is stopped on exit, whatever happens; on failure their logs (var/log/client-tests/) are printed.
#
# Called by `./citadel test` after `./mvnw -B verify`. Needs PostgreSQL (database $CITADEL_TEST_DB_NAME, default
# citadel_test) and Redis, as the Maven tests do, plus Node >= 20 and npm (the npm registry, or npm's cache, for
# `npm ci`). Set JAVA_HOME to pick the JDK (./citadel does).
set -euo pipefail
E2E_NAME=client-tests
. "$(dirname "$0")/../scripts/e2e.sh"
CLIENT_DIR=$ROOT/clients/openai-node

command -v node >/dev/null || { say "node not found (Node >= 20 needed)"; exit 1; }
command -v npm >/dev/null || { say "npm not found"; exit 1; }
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] || { say "Node >= 20 needed, found $(node --version)"; exit 1; }
require_builds

SIM_URL=http://127.0.0.1:$(free_port)
EMBEDDING_URL=http://127.0.0.1:$(free_port)
GATEWAY_PORT=$(free_port)
GATEWAY_URL=http://127.0.0.1:$GATEWAY_PORT

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

say "npm ci (clients/openai-node)"
(cd "$CLIENT_DIR" && npm ci --no-audit --no-fund --prefer-offline) >"$LOG_DIR/npm-ci.log" 2>&1 \
  || { cat "$LOG_DIR/npm-ci.log" >&2; say "npm ci failed"; exit 1; }

wait_for simulator "$SIM_PID" "$SIM_URL/api/version"
wait_for "embedding simulator" "$EMBEDDING_PID" "$EMBEDDING_URL/api/v1/models"
wait_for gateway "$GATEWAY_PID" "$GATEWAY_URL/health/ready"
say "all ready after ${SECONDS}s; running the openai client tests"

# The gateway runs as in production, keys required: the test client gets a key of its own, registered the way
# /admin/api-keys stores one (SHA-256 of the secret), since no OIDC issuer runs here to call that endpoint.
API_KEY="ck-$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 43)"  # the shape /admin/api-keys issues
psql_test_db -c "insert into gateway.api_keys (name, key_hash, key_prefix, created_by)
    values ('openai client test', '$(printf '%s' "$API_KEY" | sha256sum | cut -d' ' -f1)', '${API_KEY:0:10}',
            'clients/run-client-tests.sh')" \
  || { say "could not register the test API key"; exit 1; }

(cd "$CLIENT_DIR" && CITADEL_GATEWAY_URL=$GATEWAY_URL CITADEL_SIMULATOR_URL=$SIM_URL CITADEL_API_KEY=$API_KEY \
  node --test --test-reporter=spec test.mjs)
say "passed in ${SECONDS}s"

"$ROOT/clients/management-pull.sh"
