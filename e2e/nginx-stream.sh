#!/usr/bin/env bash
# Citadel's nginx configuration (deploy/nginx) really carries a stream, and the real client address (issue 13):
# the Ollama simulator sends a token every TOKEN_MS, the gateway (API keys required, trusting only 127.0.0.1 as a
# proxy) streams it, and nginx, rendered from deploy/nginx/render.sh with a certificate made here, serves it over
# TLS. Then:
#  - plain HTTP is redirected to HTTPS; answers carry the security headers and an X-Request-Id (nginx's own when the
#    client sent none);
#  - the first streamed token reaches the client through nginx long before the stream ends: the location does not
#    buffer (this nginx ignores the X-Accel-Buffering: no the services send, so the configuration alone is tested;
#    with proxy_buffering on in the streaming snippet this fails);
#  - the gateway audits the streamed request under the client's own address (127.0.0.2, the address curl sends
#    from), not the X-Forwarded-For the client made up, nor nginx's 127.0.0.1;
#  - a client calling the gateway directly (from 127.0.0.3, no trusted proxy) cannot choose its address either.
#
# Called by `./citadel test` after `./mvnw -B verify`; needs PostgreSQL (the test database), Redis, nginx, openssl.
set -euo pipefail
E2E_NAME=nginx-stream
. "$(dirname "$0")/../scripts/e2e.sh"
. "$ROOT/deploy/nginx/test-prefix.sh"
require_builds
TOKENS=12
TOKEN_MS=250
RUN="nginx-$(date +%s%N)"
SPOOFED=198.51.100.7   # TEST-NET-2: the address a client claims in X-Forwarded-For

SIM_PORT=$(free_port)
GATEWAY_URL=http://127.0.0.1:$(free_port)
HTTPS_PORT=$(free_port)
HTTP_PORT=$(free_port)
HOST=$NGINX_TEST_SERVER_NAME
API_KEY="ck-$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 43)"

start_bg simulator "$JAVA" -jar "$WORK_DIR/simulator.jar" ollama --port "$SIM_PORT" \
  --tokens "$TOKENS" --token-delay-ms "$TOKEN_MS"
SIM_PID=$LAST_PID
start_bg gateway env CITADEL_GATEWAY_PORT="${GATEWAY_URL##*:}" CITADEL_HTTP_HOST=127.0.0.1 \
  CITADEL_OLLAMA_URL="http://127.0.0.1:$SIM_PORT" CITADEL_API_KEYS_REQUIRED=true CITADEL_TRUSTED_PROXIES=127.0.0.1 \
  CITADEL_DB_NAME="${CITADEL_TEST_DB_NAME:-citadel_test}" CITADEL_AUDIT_SPOOL_DIR="$WORK_DIR/audit-spool" \
  "$JAVA" -Dvertx.disableURIValidation=true -Dvertx.disableWebsockets=true ${CITADEL_JAVA_OPTS:-} \
  -jar "$WORK_DIR/gateway/quarkus-run.jar"
GATEWAY_PID=$LAST_PID

nginx_test_prefix "$WORK_DIR/nginx" --listen-https "127.0.0.1:$HTTPS_PORT" --listen-http "127.0.0.1:$HTTP_PORT" \
  --gateway "127.0.0.1:${GATEWAY_URL##*:}"
start_bg nginx "$NGINX" "${NGINX_ARGS[@]}" -g 'daemon off;'
NGINX_PID=$LAST_PID

# curl to nginx as a client on the LAN would: by name, checking the certificate, from 127.0.0.2; over HTTP/1.1, as
# the OpenAI SDKs stream (nginx's HTTP/2 side happens to pass a buffered stream on early, and would hide a regression)
via_nginx() {
  curl --http1.1 -s --cacert "$WORK_DIR/nginx/tls/cert.pem" --resolve "$HOST:$HTTPS_PORT:127.0.0.1" \
    --resolve "$HOST:$HTTP_PORT:127.0.0.1" --interface 127.0.0.2 -H "Authorization: Bearer $API_KEY" "$@"
}
chat() { printf '{"model":"phi3","stream":%s,"messages":[{"role":"user","content":"%s"}]}' "$1" "$2"; }
audited_ip() {
  local ip
  for _ in $(seq 1 50); do
    ip=$(psql_test_db -c "select host(client_ip) from gateway.requests where request_id = '$1'")
    [ -n "$ip" ] && { echo "$ip"; return; }
    sleep 0.2
  done
  echo "no audit row"
}

wait_for simulator "$SIM_PID" "http://127.0.0.1:$SIM_PORT/api/version"
wait_for gateway "$GATEWAY_PID" "$GATEWAY_URL/health/ready"
# registered the way /admin/api-keys stores a key (SHA-256 of the secret): no OIDC issuer runs here
psql_test_db -c "insert into gateway.api_keys (name, key_hash, key_prefix, created_by)
    values ('$RUN', '$(printf '%s' "$API_KEY" | sha256sum | cut -d' ' -f1)', '${API_KEY:0:10}', 'e2e/nginx-stream.sh')"
for _ in $(seq 1 50); do
  [ "$(via_nginx -o /dev/null -w '%{http_code}' "https://$HOST:$HTTPS_PORT/v1/models")" = 200 ] && break
  kill -0 "$NGINX_PID" 2>/dev/null || { say "nginx exited"; exit 1; }
  sleep 0.2
done
say "gateway and nginx ready after ${SECONDS}s"

redirect=$(via_nginx -o /dev/null -w '%{http_code} %{redirect_url}' "http://$HOST:$HTTP_PORT/v1/models?x=1")
[ "$redirect" = "301 https://$HOST:$HTTPS_PORT/v1/models?x=1" ] || { say "HTTP not redirected to HTTPS: $redirect"; exit 1; }
headers=$(via_nginx -D - -o /dev/null "https://$HOST:$HTTPS_PORT/v1/models")
for header in 'strict-transport-security: max-age=' 'x-content-type-options: nosniff' 'x-frame-options: DENY' \
              'x-request-id: [0-9a-f]{32}'; do
  grep -qiE "^$header" <<<"$headers" || { say "no '$header' in the answer:"; echo "$headers" >&2; exit 1; }
done

say "streaming $TOKENS tokens, one every ${TOKEN_MS} ms, through nginx"
# each line stamped with the time it reached this shell (ms since the request was sent)
start_ms=$(($(date +%s%N) / 1000000))
via_nginx -N -X POST "https://$HOST:$HTTPS_PORT/v1/chat/completions" -H 'Content-Type: application/json' \
  -H "X-Request-Id: $RUN-stream" -H "X-Forwarded-For: $SPOOFED" -d "$(chat true 'stream me')" \
  | while IFS= read -r line; do printf '%s %s\n' "$(($(date +%s%N) / 1000000 - start_ms))" "$line"; done \
  >"$LOG_DIR/stream.txt"
first=$(grep -m1 -E '"content":"[^"]' "$LOG_DIR/stream.txt" | cut -d' ' -f1 || true)
done_at=$(grep -m1 'data: \[DONE\]' "$LOG_DIR/stream.txt" | cut -d' ' -f1 || true)
[ -n "$first" ] && [ -n "$done_at" ] || { say "no complete stream:"; cat "$LOG_DIR/stream.txt" >&2; exit 1; }
# the tokens span (TOKENS-1) * TOKEN_MS = 2.75 s: unbuffered, the first one comes well over half of that earlier
[ $((done_at - first)) -ge $(((TOKENS - 1) * TOKEN_MS / 2)) ] \
  || { say "first token at ${first} ms, end at ${done_at} ms: nginx held the stream back"; exit 1; }
say "first token after ${first} ms, stream ended after ${done_at} ms"

ip=$(audited_ip "$RUN-stream")
[ "$ip" = 127.0.0.2 ] || { say "streamed request audited under '$ip', not the client's 127.0.0.2"; exit 1; }

curl -s -o /dev/null --interface 127.0.0.3 -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \
  -H "X-Request-Id: $RUN-direct" -H "X-Forwarded-For: $SPOOFED" -d "$(chat false 'direct')" \
  "$GATEWAY_URL/v1/chat/completions"
ip=$(audited_ip "$RUN-direct")
[ "$ip" = 127.0.0.3 ] || { say "a direct caller was audited under '$ip', not its own 127.0.0.3"; exit 1; }
say "passed in ${SECONDS}s: redirect, headers, unbuffered stream, client address from nginx only"
