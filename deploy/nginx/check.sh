#!/usr/bin/env bash
# Citadel's nginx configuration (deploy/nginx/citadel.conf rendered by render.sh, which fails on a placeholder left
# unfilled), in a temporary prefix with a certificate made here (/etc/nginx is not touched):
#  - nginx -t accepts it;
#  - every route reaches the service docs/operations.md#tls-and-nginx names, with the path unchanged: the four
#    upstreams are stand-ins inside the same nginx that answer with their name and what they received (on Unix
#    sockets, so no port can collide); paths no service serves, /metrics among them, are nginx's JSON 404.
# Streaming and the client address are proven against a real gateway by e2e/nginx-stream.sh.
# Run by scripts/ops-checks.sh.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/test-prefix.sh"
fail() { echo "deploy/nginx/check.sh: $*" >&2; exit 1; }

command -v openssl >/dev/null || fail "openssl not found"
command -v curl >/dev/null || fail "curl not found"
[ -x "$NGINX" ] || fail "nginx not found (apt-get install nginx)"
dir=$(mktemp -d "${TMPDIR:-/tmp}/citadel-nginx-check.XXXXXX")
trap '[ ! -f "$dir/logs/nginx.pid" ] || kill "$(cat "$dir/logs/nginx.pid")" 2>/dev/null; rm -rf "$dir"' EXIT

SERVICES=(orchestration embedding gateway management)
upstreams=()
for service in "${SERVICES[@]}"; do upstreams+=("--$service" "unix:$dir/$service.sock"); done
nginx_test_prefix "$dir" --listen-https "unix:$dir/https.sock" --listen-http "unix:$dir/http.sock" "${upstreams[@]}"
for service in "${SERVICES[@]}"; do
  cat <<EOF
server {
    listen unix:$dir/$service.sock;
    location / {
        return 200 "$service \$request_method \$request_uri upgrade=\$http_upgrade\n";
    }
}
EOF
done >"$dir/conf/sites-available/stand-ins.conf"

"$NGINX" "${NGINX_ARGS[@]}" -t -q || fail "nginx -t failed on the rendered configuration"
"$NGINX" "${NGINX_ARGS[@]}"
for _ in $(seq 1 50); do [ -S "$dir/https.sock" ] && break; sleep 0.1; done

# expect METHOD PATH ANSWER [curl options]: the first line of the answer through nginx is ANSWER
checked=0
expect() {
  local method=$1 path=$2 want=$3; shift 3
  local got
  got=$(curl --http1.1 -s --unix-socket "$dir/https.sock" --cacert "$dir/tls/cert.pem" -X "$method" "$@" \
    "https://$NGINX_TEST_SERVER_NAME$path" | head -1)
  [ "$got" = "$want" ] || fail "$method $path: expected '$want', got '$got'"
  checked=$((checked + 1))
}
for route in \
  'POST /v1/chat/completions gateway' 'POST /v1/completions gateway' 'GET /v1/models gateway' \
  'POST /v1/agents/stream?agent_type=voice gateway' 'POST /v1/embeddings gateway' 'POST /api/embeddings gateway' \
  'GET /admin/api-keys gateway' \
  'POST /api/v1/workflows orchestration' 'GET /api/v1/workflows/42/events orchestration' \
  'POST /api/v1/workflows/42/cancel orchestration' 'POST /api/v1/orchestration/workflow orchestration' \
  'POST /orchestrate orchestration' 'POST /api/v1/agui orchestration' 'POST /api/v1/agui/helper orchestration' \
  'GET /api/v1/copilot/actions orchestration' 'GET /api/v1/status orchestration' \
  'POST /api/v1/embeddings/generate embedding' 'POST /api/v1/embed embedding' 'GET /api/v1/models embedding' \
  'POST /api/v1/vectors/search embedding' \
  'GET /management/models management' 'POST /management/models/pull management' \
  'GET /api/v1/metrics/system management'; do
  read -r method path service <<<"$route"
  expect "$method" "$path" "$service $method $path upgrade="
done
expect GET /ws/workflow/42 "orchestration GET /ws/workflow/42 upgrade=websocket" -H 'Upgrade: websocket'
for service in "${SERVICES[@]}"; do
  expect GET "/services/$service/health/ready" "$service GET /health/ready upgrade="
  expect GET "/services/$service/q/openapi?format=json" "$service GET /q/openapi?format=json upgrade="
done
not_found='{"error":{"code":"not_found","message":"no Citadel service serves this path"}}'
for path in /metrics /health/ready /q/openapi /api/v1/nothing /services/other/health/ready /; do
  expect GET "$path" "$not_found"
done
echo "deploy/nginx: nginx -t passed; $checked paths reach the right service or none" >&2
