#!/usr/bin/env bash
# nginx -t on Citadel's configuration (deploy/nginx/citadel.conf rendered by render.sh, which fails on a placeholder
# left unfilled) with a certificate made here, in a temporary prefix: /etc/nginx is not touched. What the
# configuration does is proven by e2e/nginx-stream.sh. Run by scripts/ops-checks.sh.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/test-prefix.sh"
fail() { echo "deploy/nginx/check.sh: $*" >&2; exit 1; }

command -v openssl >/dev/null || fail "openssl not found"
[ -x "$NGINX" ] || fail "nginx not found (apt-get install nginx)"
dir=$(mktemp -d "${TMPDIR:-/tmp}/citadel-nginx-check.XXXXXX")
trap 'rm -rf "$dir"' EXIT

nginx_test_prefix "$dir"
"$NGINX" "${NGINX_ARGS[@]}" -t -q || fail "nginx -t failed on the rendered configuration"
echo "deploy/nginx: nginx -t passed" >&2
