#!/usr/bin/env bash
# Backups are restored (issue 13; docs/operations.md#backups-and-restore). In a scratch database of its own
# (citadel_backup_e2e_src): the gateway (the packaged jar, in front of the Ollama simulator) answers chats, so real
# audit rows are written; the other services run their Flyway migrations (quarkus.init-and-exit), so every schema
# is there. health-check.sh reports the running gateway and simulator OK. Then deploy/ops/backup.sh (with a generated
# configuration directory and the local Redis), the schemas are dropped, and:
#  - a copy of the backup with one byte changed, and one with a file missing, are refused before anything is made;
#  - restore.sh into a fresh database (citadel_backup_e2e_restored) succeeds, and every table's row count and
#    checksum (md5 of its rows in order) equal those of the source before the drop; configuration and RDB identical;
#  - restoring again over the restored schemas is refused without --force;
#  - rotation keeps the newest --keep backups and deletes those older than --max-age-days, nothing else.
# Both databases are dropped on exit. Called by `./citadel test` after `./mvnw -B verify`; needs PostgreSQL and Redis.
# shellcheck source-path=SCRIPTDIR disable=SC2034  # E2E_NAME is the harness's
set -euo pipefail
E2E_NAME=backup-restore
# shellcheck source=../scripts/e2e.sh
. "$(dirname "$0")/../scripts/e2e.sh"
require_builds gateway-service embedding-service orchestration-service management-service
OPS=$ROOT/deploy/ops
SRC=citadel_backup_e2e_src
RESTORED=citadel_backup_e2e_restored
SCHEMAS="gateway embedding orchestration management"
CHATS=5
RUN="backup-$(date +%s%N)-"
export CITADEL_DB_HOST=${CITADEL_DB_HOST:-127.0.0.1} CITADEL_DB_PORT=${CITADEL_DB_PORT:-5432} \
  CITADEL_DB_USER=${CITADEL_DB_USER:-postgres}

sql() {
  local db=$1; shift
  psql -X -q -t -A -v ON_ERROR_STOP=1 -h "$CITADEL_DB_HOST" -p "$CITADEL_DB_PORT" -U "$CITADEL_DB_USER" -d "$db" "$@"
}
drop_databases() { sql postgres -c "drop database if exists $SRC with (force)" -c "drop database if exists $RESTORED with (force)"; }
# the databases go whatever happens, then the harness stops the processes (and keeps the exit status)
trap 'rc=$?; set +e; drop_databases; (exit "$rc"); e2e_on_exit' EXIT
# fingerprint DB: "schema.table rows md5" for every table of the schemas, the md5 over the rows' text in order;
# computed here, independently of the counts that backup.sh and restore.sh keep
fingerprint() {
  sql "$1" -F ' ' -v schemas="$SCHEMAS" <<'SQL'
select format('select %L, count(*), md5(coalesce(string_agg(t::text, E''\n'' order by t::text), '''')) from %I.%I t',
              n.nspname || '.' || c.relname, n.nspname, c.relname)
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind = 'r' and n.nspname = any (string_to_array(:'schemas', ' '))
 order by n.nspname, c.relname
\gexec
SQL
}
# refused NAME EXPECTED CMD...: CMD must fail, saying EXPECTED
refused() {
  local name=$1 expected=$2 out rc=0; shift 2
  out=$("$@" 2>&1) || rc=$?
  [ "$rc" != 0 ] || { say "$name was accepted"; exit 1; }
  grep -q "$expected" <<<"$out" || { printf '%s\n' "$out" >&2; say "$name: no '$expected' in the refusal"; exit 1; }
  say "refused as expected: $name"
}

drop_databases
sql postgres -c "create database $SRC"

SIM_URL=http://127.0.0.1:$(free_port)
GATEWAY_PORT=$(free_port)
GATEWAY_URL=http://127.0.0.1:$GATEWAY_PORT
start_bg simulator "$JAVA" -jar "$WORK_DIR/simulator.jar" ollama --port "${SIM_URL##*:}"
SIM_PID=$LAST_PID
# CITADEL_JAVA_OPTS: several JVM options, split on purpose (as in the other e2e scripts); the JIT's first tier only,
# which starts a JVM sooner
# shellcheck disable=SC2086
start_bg gateway env CITADEL_GATEWAY_PORT="$GATEWAY_PORT" CITADEL_HTTP_HOST=127.0.0.1 CITADEL_OLLAMA_URL="$SIM_URL" \
  CITADEL_API_KEYS_REQUIRED=false CITADEL_DB_NAME="$SRC" CITADEL_AUDIT_SPOOL_DIR="$WORK_DIR/audit-spool" \
  "$JAVA" -XX:TieredStopAtLevel=1 ${CITADEL_JAVA_OPTS:-} -jar "$WORK_DIR/gateway/quarkus-run.jar"
GATEWAY_PID=$LAST_PID
MIGRATIONS=()
for service in embedding orchestration management; do
  # Flyway at start, then exit; on a random port so that a running platform is not in the way
  # shellcheck disable=SC2086
  start_bg "migrate-$service" env CITADEL_DB_NAME="$SRC" CITADEL_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=0 \
    QUARKUS_INIT_AND_EXIT=true "$JAVA" -XX:TieredStopAtLevel=1 ${CITADEL_JAVA_OPTS:-} \
    -jar "$WORK_DIR/$service/quarkus-run.jar"
  MIGRATIONS+=("$LAST_PID")
done

wait_for simulator "$SIM_PID" "$SIM_URL/api/version"
wait_for gateway "$GATEWAY_PID" "$GATEWAY_URL/health/ready"
for i in $(seq 1 "$CHATS"); do
  curl -fs -o /dev/null -H 'Content-Type: application/json' -H "X-Request-Id: $RUN$i" \
    -d "{\"model\":\"phi3\",\"messages\":[{\"role\":\"user\",\"content\":\"backup me $i\"}]}" \
    "$GATEWAY_URL/v1/chat/completions" || { say "chat $i failed"; exit 1; }
done
audit_rows() { sql "$SRC" -c "select count(*) from gateway.requests where request_id like '$RUN%'"; }
for _ in $(seq 1 100); do [ "$(audit_rows)" = "$CHATS" ] && break; sleep 0.2; done
[ "$(audit_rows)" = "$CHATS" ] || { say "expected $CHATS audit rows, found $(audit_rows)"; exit 1; }

health=$("$OPS/health-check.sh" --services "gateway=$GATEWAY_URL" --ollama "$SIM_URL" --disks "$WORK_DIR:1") \
  || { printf '%s\n' "$health" >&2; say "health-check.sh failed against the running gateway"; exit 1; }
[ "$(grep -c '^OK ' <<<"$health")" = 5 ] || { printf '%s\n' "$health" >&2; say "expected 5 OK lines"; exit 1; }
say "health-check.sh: all 5 checks OK"
stop_pid "$GATEWAY_PID"   # a graceful stop: nothing more is written
for pid in "${MIGRATIONS[@]}"; do
  wait "$pid" || { say "a service's Flyway migration failed"; exit 1; }
  unset 'STARTED[$pid]'
done

CONFIG=$WORK_DIR/etc-citadel
mkdir -p "$CONFIG/catalog"
printf 'CITADEL_DB_PASSWORD=%s\n' "$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')" >"$CONFIG/gateway.env"
chmod 600 "$CONFIG/gateway.env"
echo "models: [phi3]" >"$CONFIG/catalog/models.yaml"
BEFORE=$(fingerprint "$SRC")
say "source: $(wc -l <<<"$BEFORE") tables, $(awk '{n += $2} END {print n}' <<<"$BEFORE") rows"
BACKUPS=$WORK_DIR/backups
BACKUP=$(CITADEL_DB_NAME=$SRC "$OPS/backup.sh" --dest "$BACKUPS" --config-dir "$CONFIG")
sql "$SRC" -c "set client_min_messages = warning" -c "drop schema ${SCHEMAS// /, } cascade"
say "schemas dropped from $SRC"

cp -r "$BACKUP" "$WORK_DIR/tampered"
printf 'X' | dd of="$WORK_DIR/tampered/db/gateway.dump" bs=1 seek=100 conv=notrunc status=none
refused "a backup with a changed byte" "does not match its manifest" "$OPS/restore.sh" --db "$RESTORED" "$WORK_DIR/tampered"
cp -r "$BACKUP" "$WORK_DIR/incomplete"
rm "$WORK_DIR/incomplete/db/row-counts.tsv"
refused "a backup with a file missing" "does not match its manifest" "$OPS/restore.sh" --db "$RESTORED" "$WORK_DIR/incomplete"
[ "$(sql postgres -c "select count(*) from pg_database where datname = '$RESTORED'")" = 0 ] \
  || { say "a refused restore created $RESTORED"; exit 1; }

"$OPS/restore.sh" --db "$RESTORED" --config-to "$WORK_DIR/etc-restored" --redis-rdb "$WORK_DIR/dump.rdb" "$BACKUP"
AFTER=$(fingerprint "$RESTORED")
[ "$BEFORE" = "$AFTER" ] || { diff <(echo "$BEFORE") <(echo "$AFTER") >&2 || true; say "restored tables differ"; exit 1; }
grep -q "^gateway\.requests.* $CHATS " <<<"$AFTER" || { say "no gateway.requests partition with the $CHATS rows"; exit 1; }
diff -r "$CONFIG" "$WORK_DIR/etc-restored" || { say "the restored configuration differs"; exit 1; }
cmp "$BACKUP/redis/dump.rdb" "$WORK_DIR/dump.rdb" || { say "the restored RDB differs"; exit 1; }
say "restored: every table's row count and checksum equal the source's; configuration and RDB identical"
refused "a restore over restored schemas" "already holds" "$OPS/restore.sh" --db "$RESTORED" "$BACKUP"

# rotation: names stand for times; only complete-backup names are touched, and partial directories
for stamp in "$(date -u -d '-1 day' +%Y%m%dT%H%M%SZ)" "$(date -u -d '-40 days' +%Y%m%dT%H%M%SZ)"; do
  mkdir "$BACKUPS/citadel-$stamp"
done
mkdir "$BACKUPS/.citadel-20200101T000000Z.partial" "$BACKUPS/unrelated"
"$OPS/backup.sh" --dest "$BACKUPS" --rotate-only --keep 5 --max-age-days 30
[ "$(find "$BACKUPS" -mindepth 1 -maxdepth 1 -type d | wc -l)" = 3 ] || { ls -a "$BACKUPS" >&2; say "age rotation"; exit 1; }
"$OPS/backup.sh" --dest "$BACKUPS" --rotate-only --keep 1 --max-age-days 0
[ "$(cd "$BACKUPS" && ls)" = "$(printf '%s\n' "$(basename "$BACKUP")" unrelated)" ] \
  || { ls -a "$BACKUPS" >&2; say "count rotation"; exit 1; }
say "passed in ${SECONDS}s"
