#!/usr/bin/env bash
# Client test of the management service (issue 12): curl pulls a model on the RUNNING, packaged management service
# and prints the progress stream (server-sent events) as an operator would see it; then the same pull answered as
# 202 + an operation followed with GET /management/operations/{id}, and the model listed on the host.
#
# Starts the Ollama simulator (pull progress paced so it is visible) and management-service (built by
# `./mvnw verify`) on free ports, the service's one Ollama host being the simulator and its database the test
# database; every process is stopped on exit, and on failure their logs (var/log/management-pull/) are printed.
#
# Called by clients/run-client-tests.sh (so by `./citadel test`). Needs PostgreSQL (database $CITADEL_TEST_DB_NAME,
# default citadel_test), Redis and curl.
set -euo pipefail
E2E_NAME=management-pull
. "$(dirname "$0")/../scripts/e2e.sh"

command -v curl >/dev/null || { say "curl not found"; exit 1; }
simulator=$(ls "$ROOT"/testing/target/testing-*-standalone.jar 2>/dev/null | head -1 || true)
[ -n "$simulator" ] || { say "no testing/target/testing-*-standalone.jar: run ./mvnw -B verify first"; exit 1; }
[ -f "$ROOT/management-service/target/quarkus-app/quarkus-run.jar" ] \
  || { say "no management-service/target/quarkus-app: run ./mvnw -B verify first"; exit 1; }
cp "$simulator" "$WORK_DIR/simulator.jar"
cp -r "$ROOT/management-service/target/quarkus-app" "$WORK_DIR/management"

SIM_URL=http://127.0.0.1:$(free_port)
MANAGEMENT_PORT=$(free_port)
URL=http://127.0.0.1:$MANAGEMENT_PORT
# the bootstrap admin credential, as an installation without an OIDC issuer has one
ADMIN_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
MODEL="tinyllama:1.1b"

say "Ollama simulator on $SIM_URL, management service on $URL"
start_bg simulator "$JAVA" -jar "$WORK_DIR/simulator.jar" ollama --port "${SIM_URL##*:}" --token-delay-ms 150
SIM_PID=$LAST_PID
start_bg management env CITADEL_MANAGEMENT_PORT="$MANAGEMENT_PORT" CITADEL_HTTP_HOST=127.0.0.1 \
  CITADEL_OLLAMA_URL="$SIM_URL" CITADEL_ADMIN_TOKEN="$ADMIN_TOKEN" \
  CITADEL_DB_NAME="${CITADEL_TEST_DB_NAME:-citadel_test}" \
  "$JAVA" ${CITADEL_JAVA_OPTS:-} -jar "$WORK_DIR/management/quarkus-run.jar"
MANAGEMENT_PID=$LAST_PID
wait_for simulator "$SIM_PID" "$SIM_URL/api/version"
wait_for "management service" "$MANAGEMENT_PID" "$URL/health/ready"
say "all ready after ${SECONDS}s"

say "POST /management/models/pull {\"name\":\"$MODEL\"} with Accept: text/event-stream — the progress stream:"
STREAM=$WORK_DIR/pull.sse
curl -sS -N --fail-with-body -m 60 -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Accept: text/event-stream' \
  -H 'Content-Type: application/json' -d "{\"name\":\"$MODEL\",\"host\":\"llm-02\"}" \
  "$URL/management/models/pull" | tee "$STREAM"
grep -q '^event: progress' "$STREAM" || { say "no progress event in the stream"; exit 1; }
grep -q '"percent":100.0' "$STREAM" || { say "the progress never reached 100%"; exit 1; }
grep -A1 '^event: done' "$STREAM" | grep -q '"state":"succeeded"' || { say "no done event with state succeeded"; exit 1; }

say "the same for another model, answered 202 and followed with GET /management/operations/{id}:"
ACCEPTED=$(curl -sS --fail-with-body -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"smollm:135m"}' "$URL/management/models/pull")
echo "$ACCEPTED"
OPERATION=$(printf '%s' "$ACCEPTED" | sed -n 's/.*"operation_id":"\([^"]*\)".*/\1/p')
[ -n "$OPERATION" ] || { say "no operation_id in the 202 answer"; exit 1; }
STATE=running
for _ in $(seq 1 200); do
  FOLLOWED=$(curl -sS --fail-with-body -H "Authorization: Bearer $ADMIN_TOKEN" "$URL/management/operations/$OPERATION")
  STATE=$(printf '%s' "$FOLLOWED" | sed -n 's/.*"state":"\([a-z]*\)","started_by".*/\1/p')
  [ "$STATE" = running ] || break
  sleep 0.2
done
echo "$FOLLOWED"
[ "$STATE" = succeeded ] || { say "operation $OPERATION ended $STATE"; exit 1; }

LISTED=$(curl -sS --fail-with-body -H "Authorization: Bearer $ADMIN_TOKEN" "$URL/management/models/list")
for model in "$MODEL" "smollm:135m"; do
  printf '%s' "$LISTED" | grep -q "\"name\":\"$model\"" || { say "$model is not listed on the host"; exit 1; }
done
say "passed in ${SECONDS}s: both models pulled and listed"
