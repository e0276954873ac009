#!/usr/bin/env bash
# Renders deploy/nginx/citadel.conf for one host into an nginx configuration directory:
#   CONF_DIR/sites-available/citadel.conf        the template with its placeholders filled in
#   CONF_DIR/snippets/citadel-streaming.conf     included by the streaming locations
# Operators run it once against /etc/nginx (docs/operations.md#tls-and-nginx); deploy/nginx/check.sh and
# e2e/nginx-stream.sh render into a temporary directory.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../../scripts/fill-template.sh"

usage() {
  cat >&2 <<'EOF'
usage: deploy/nginx/render.sh --server-name NAME --cert FILE --key FILE [options] [CONF_DIR (default /etc/nginx)]
  --listen-https ADDR   nginx listen value for HTTPS (default 443)
  --listen-http ADDR    nginx listen value for the redirect to HTTPS (default 80)
  --orchestration H:P   upstream addresses (defaults 127.0.0.1:8000, :8001, :8002, :8003)
  --embedding H:P
  --gateway H:P
  --management H:P
  --max-body-size SIZE  client_max_body_size (default 10m, the services' CITADEL_MAX_BODY_SIZE)
  --log-dir DIR         access and error logs (default /var/log/nginx)
EOF
  exit 2
}

declare -A V=(
  [SERVER_NAME]="" [TLS_CERT]="" [TLS_KEY]="" [LISTEN_HTTPS]=443 [LISTEN_HTTP]=80
  [ORCHESTRATION]=127.0.0.1:8000 [EMBEDDING]=127.0.0.1:8001 [GATEWAY]=127.0.0.1:8002 [MANAGEMENT]=127.0.0.1:8003
  [MAX_BODY_SIZE]=10m [LOG_DIR]=/var/log/nginx
)
CONF_DIR=/etc/nginx
while [ $# -gt 0 ]; do
  case $1 in
    --server-name) V[SERVER_NAME]=${2:?}; shift 2 ;;
    --cert) V[TLS_CERT]=${2:?}; shift 2 ;;
    --key) V[TLS_KEY]=${2:?}; shift 2 ;;
    --listen-https) V[LISTEN_HTTPS]=${2:?}; shift 2 ;;
    --listen-http) V[LISTEN_HTTP]=${2:?}; shift 2 ;;
    --orchestration|--embedding|--gateway|--management) V[$(tr a-z A-Z <<<"${1#--}")]=${2:?}; shift 2 ;;
    --max-body-size) V[MAX_BODY_SIZE]=${2:?}; shift 2 ;;
    --log-dir) V[LOG_DIR]=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "unknown option $1" >&2; usage ;;
    *) CONF_DIR=$1; shift ;;
  esac
done
[ -n "${V[SERVER_NAME]}" ] && [ -n "${V[TLS_CERT]}" ] && [ -n "${V[TLS_KEY]}" ] \
  || { echo "--server-name, --cert and --key are required" >&2; usage; }
# the redirect names the HTTPS port unless it is the default one
https_port=${V[LISTEN_HTTPS]##*:}
V[HTTPS_PORT_SUFFIX]=$([ "$https_port" = 443 ] || echo ":$https_port")

mkdir -p "$CONF_DIR/sites-available" "$CONF_DIR/snippets"
fill_template "$HERE/citadel.conf" V >"$CONF_DIR/sites-available/citadel.conf"
cp "$HERE/snippets/citadel-streaming.conf" "$CONF_DIR/snippets/citadel-streaming.conf"
