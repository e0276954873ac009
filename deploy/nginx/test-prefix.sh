# Sourced by deploy/nginx/check.sh and e2e/nginx-stream.sh: a throwaway nginx prefix that runs Citadel's
# configuration without touching /etc/nginx.
#
# nginx_test_prefix DIR [render.sh options]: a self-signed certificate for citadel.test (DIR/tls/), the rendered
# configuration in DIR/conf/ (render.sh), and a minimal nginx.conf that includes it, with logs, pid and temp files
# under DIR. Then run nginx as "$NGINX" "${NGINX_ARGS[@]}" [-t | -g 'daemon off;'].
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
NGINX_TEST_SERVER_NAME=citadel.test

nginx_test_prefix() {
  local dir=$1; shift
  mkdir -p "$dir/tls" "$dir/conf" "$dir/logs" "$dir/tmp"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=$NGINX_TEST_SERVER_NAME" \
    -addext "subjectAltName=DNS:$NGINX_TEST_SERVER_NAME" \
    -keyout "$dir/tls/key.pem" -out "$dir/tls/cert.pem" 2>/dev/null
  "$(dirname "${BASH_SOURCE[0]}")/render.sh" --server-name "$NGINX_TEST_SERVER_NAME" \
    --cert "$dir/tls/cert.pem" --key "$dir/tls/key.pem" --log-dir "$dir/logs" "$@" "$dir/conf"
  # as root the workers would switch to nobody, who cannot enter the private temp directory
  {
    [ "$(id -u)" -ne 0 ] || echo "user root;"
    cat <<EOF
worker_processes 1;
pid $dir/logs/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    # the services' streams say X-Accel-Buffering: no; ignored here, so a test sees what the locations themselves do
    proxy_ignore_headers X-Accel-Buffering;
    include sites-available/*.conf;
}
EOF
  } >"$dir/conf/nginx.conf"
  NGINX_ARGS=(-p "$dir" -c "$dir/conf/nginx.conf" -e "$dir/logs/error.log")
}
