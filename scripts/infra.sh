# Sourced by ./citadel: makes sure a JDK >= 21, PostgreSQL and Redis are there, started, and the databases exist.
# On a machine without them it installs them from Debian's packages (needs root), so a fresh machine works.

CITADEL_DB_HOST=${CITADEL_DB_HOST:-127.0.0.1}
CITADEL_DB_PORT=${CITADEL_DB_PORT:-5432}
CITADEL_DB_USER=${CITADEL_DB_USER:-postgres}

log() { printf '[citadel] %s\n' "$*" >&2; }

java_major() { "$1" -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -1; }

ensure_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then return; fi
  if command -v java >/dev/null && [ "$(java_major java)" -ge 21 ] 2>/dev/null; then
    export JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")"); return
  fi
  local jdk best="" best_major=0 major
  for jdk in /usr/lib/jvm/*/; do
    [ -x "$jdk/bin/javac" ] || continue
    major=$(java_major "$jdk/bin/java")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=${jdk%/}; best_major=$major; fi
  done
  if [ -z "$best" ]; then
    log "no JDK >= 21 found; installing one"
    apt_install openjdk-21-jdk-headless || apt_install openjdk-25-jdk-headless
    best=$(ls -d /usr/lib/jvm/java-2[1-9]-openjdk-* 2>/dev/null | tail -1)
  fi
  export JAVA_HOME=$best
  log "using JDK $JAVA_HOME"
}

apt_updated=""
apt_install() {
  [ -n "$apt_updated" ] || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pg_up() { pg_isready -q -h "$CITADEL_DB_HOST" -p "$CITADEL_DB_PORT" 2>/dev/null; }

ensure_postgres() {
  if pg_up; then return; fi
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    log "PostgreSQL not installed; installing it"
    apt_install postgresql
    # A fresh cluster asks for passwords on TCP; Citadel's local default is the trust setup of a dev machine.
    local hba
    hba=$(ls /etc/postgresql/*/main/pg_hba.conf | tail -1)
    sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
  fi
  log "starting PostgreSQL"
  local version
  for version in $(ls /etc/postgresql); do pg_ctlcluster --skip-systemctl-redirect "$version" main start || true; done
  for _ in $(seq 1 30); do pg_up && return; sleep 1; done
  log "PostgreSQL did not come up on $CITADEL_DB_HOST:$CITADEL_DB_PORT"; return 1
}

ensure_databases() {
  local db
  for db in "$@"; do
    if ! psql -h "$CITADEL_DB_HOST" -p "$CITADEL_DB_PORT" -U "$CITADEL_DB_USER" -d postgres -tAc \
        "select 1 from pg_database where datname = '$db'" | grep -q 1; then
      log "creating database $db"
      createdb -h "$CITADEL_DB_HOST" -p "$CITADEL_DB_PORT" -U "$CITADEL_DB_USER" "$db"
    fi
  done
}

redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

ensure_redis() {
  if redis_up; then return; fi
  if ! command -v redis-server >/dev/null; then
    log "Redis not installed; installing it"
    apt_install redis-server
  fi
  log "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/citadel.log
  for _ in $(seq 1 30); do redis_up && return; sleep 1; done
  log "Redis did not come up on 127.0.0.1:6379"; return 1
}

# The tools that check the operations artefacts (scripts/ops-checks.sh), from Debian's packages when missing.
ensure_ops_tools() {
  local missing=()
  command -v systemd-analyze >/dev/null || missing+=(systemd)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v promtool >/dev/null || missing+=(prometheus)
  command -v kubectl >/dev/null || missing+=(kubectl)
  command -v shellcheck >/dev/null || missing+=(shellcheck)
  command -v jq >/dev/null || missing+=(jq)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  command -v yq >/dev/null || missing+=(yq)
  [ ${#missing[@]} -eq 0 ] && return
  log "installing ${missing[*]} (the operations checks need them)"
  apt_install "${missing[@]}"
}
