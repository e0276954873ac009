#!/usr/bin/env bash
# One look at a Citadel host (docs/operations.md#health-checks): every service's readiness, the Ollama hosts,
# PostgreSQL, Redis and free disk space. One line per check, `OK|FAIL <name> <detail>`, on stdout; exit 0 when all
# pass, 1 when any fails, 2 on a usage error. Every check is bounded by --timeout.
#
# From cron, every 5 minutes, failures to the journal (syslog) under the tag citadel-health:
#   */5 * * * * citadel /opt/citadel/ops/health-check.sh >/run/citadel/health.txt 2>&1 || logger -t citadel-health -p user.err -f /run/citadel/health.txt
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
PROG=health-check
# shellcheck source=common.sh
. "$(dirname "$(readlink -f "$0")")/common.sh"

usage() {
  cat <<'USAGE'
Usage: health-check.sh [options]   (each option's environment variable in brackets; an empty list skips its checks)
  --services "NAME=URL ..."  GET URL/health/ready must answer 200 [CITADEL_HEALTH_SERVICES, default
                             "orchestration=http://127.0.0.1:8000 embedding=http://127.0.0.1:8001
                              gateway=http://127.0.0.1:8002 management=http://127.0.0.1:8003"]
  --ollama "URL ..."         GET URL/api/version must answer 200 [CITADEL_HEALTH_OLLAMA, default http://127.0.0.1:11434]
  --postgres "HOST:PORT"     pg_isready [CITADEL_HEALTH_POSTGRES, default $CITADEL_DB_HOST:$CITADEL_DB_PORT,
                             127.0.0.1:5432 when unset]
  --redis "URL"              PING must answer PONG [CITADEL_HEALTH_REDIS, default $CITADEL_REDIS_URL,
                             redis://127.0.0.1:6379 when unset]
  --disks "PATH[:MIN%] ..."  free space on PATH's file system at least MIN percent (default 10)
                             [CITADEL_HEALTH_DISKS, default "/"]
  --timeout SECONDS          per check [CITADEL_HEALTH_TIMEOUT, default 5]
USAGE
}

SERVICES=${CITADEL_HEALTH_SERVICES-orchestration=http://127.0.0.1:8000 embedding=http://127.0.0.1:8001 gateway=http://127.0.0.1:8002 management=http://127.0.0.1:8003}
OLLAMA=${CITADEL_HEALTH_OLLAMA-http://127.0.0.1:11434}
POSTGRES=${CITADEL_HEALTH_POSTGRES-$CITADEL_DB_HOST:$CITADEL_DB_PORT}
REDIS=${CITADEL_HEALTH_REDIS-$CITADEL_REDIS_URL}
DISKS=${CITADEL_HEALTH_DISKS-/}
TIMEOUT=${CITADEL_HEALTH_TIMEOUT:-5}

usage_error() { usage >&2; say "$1"; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --services|--ollama|--postgres|--redis|--disks|--timeout) [ $# -ge 2 ] || usage_error "$1 needs a value" ;;
    *) usage_error "unknown option $1" ;;
  esac
  case $1 in
    --services) SERVICES=$2 ;;
    --ollama) OLLAMA=$2 ;;
    --postgres) POSTGRES=$2 ;;
    --redis) REDIS=$2 ;;
    --disks) DISKS=$2 ;;
    --timeout) TIMEOUT=$2 ;;
  esac
  shift 2
done
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || usage_error "--timeout must be a whole number of seconds, not '$TIMEOUT'"

FAILED=0
report() {   # report OK|FAIL NAME DETAIL
  printf '%s %s %s\n' "$1" "$2" "$3"
  [ "$1" = OK ] || FAILED=1
}

# http_get NAME URL: OK on a 200, with the time taken; FAIL with the status, or curl's reason, and for a health
# answer the names of the checks that are not UP
http_get() {
  local name=$1 url=$2 body result code
  body=$(mktemp)
  result=$(curl -s -m "$TIMEOUT" -o "$body" -w '%{http_code} %{time_total}s %{errormsg}' "$url") || true
  code=${result%% *}
  if [ "$code" = 200 ]; then
    report OK "$name" "$url HTTP 200 in $(cut -d' ' -f2 <<<"$result")$(detail_of "$body")"
  elif [ "$code" = 000 ]; then
    report FAIL "$name" "$url no answer: $(cut -d' ' -f3- <<<"$result")"
  else
    report FAIL "$name" "$url HTTP $code$(detail_of "$body")"
  fi
  rm -f "$body"
}

# detail_of BODY: ", version X" for Ollama, ", down: a, b" for a health answer with checks that are not UP
detail_of() {
  command -v jq >/dev/null || return 0
  jq -r 'if .version then ", version \(.version)"
         elif .checks then ([.checks[] | select(.status != "UP") | .name] | if length > 0 then ", down: \(join(", "))" else "" end)
         else "" end' "$1" 2>/dev/null || true
}

for entry in $SERVICES; do
  [[ $entry == *=http* ]] || usage_error "--services entry '$entry' is not NAME=URL"
  http_get "service:${entry%%=*}" "${entry#*=}/health/ready"
done

for url in $OLLAMA; do
  http_get "ollama:$url" "${url%/}/api/version"
done

if [ -n "$POSTGRES" ]; then
  if ! command -v pg_isready >/dev/null; then
    report FAIL "postgresql:$POSTGRES" "pg_isready not installed (postgresql-client)"
  elif result=$(pg_isready -h "${POSTGRES%:*}" -p "${POSTGRES##*:}" -t "$TIMEOUT" 2>&1); then
    report OK "postgresql:$POSTGRES" "$result"
  else
    report FAIL "postgresql:$POSTGRES" "$result"
  fi
fi

if [ -n "$REDIS" ]; then
  shown=$(sed -E 's#//[^@/]*@#//#' <<<"$REDIS")   # never print a password from the URL
  if ! command -v redis-cli >/dev/null; then
    report FAIL "redis:$shown" "redis-cli not installed (redis-tools)"
  else
    result=$(timeout "$TIMEOUT" redis-cli -u "$REDIS" --no-auth-warning ping 2>&1) || true
    if [ "$result" = PONG ]; then report OK "redis:$shown" PONG; else report FAIL "redis:$shown" "${result:-no answer}"; fi
  fi
fi

for entry in $DISKS; do
  path=${entry%%:*}
  min=10
  [[ $entry != *:* ]] || min=${entry##*:}
  [[ $min =~ ^[0-9]+$ ]] || usage_error "--disks entry '$entry': the minimum must be a whole percentage"
  if ! line=$(df -P -k "$path" 2>/dev/null | tail -1) || [ -z "$line" ]; then
    report FAIL "disk:$path" "no such path"
    continue
  fi
  read -r _ _ used avail _ <<<"$line"
  total=$(( used + avail > 0 ? used + avail : 1 ))
  free=$(( avail * 100 / total ))
  detail="$free% free ($((avail / 1048576)) GiB of $((total / 1048576)) GiB), minimum $min%"
  if [ "$free" -ge "$min" ]; then report OK "disk:$path" "$detail"; else report FAIL "disk:$path" "$detail"; fi
done

exit "$FAILED"
