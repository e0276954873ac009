#!/usr/bin/env bash
# Backs up a Citadel installation into one directory, DEST/citadel-<UTC time>/ (docs/operations.md#backups-and-restore):
#   db/<schema>.dump     pg_dump -Fc of each service schema, all dumped in ONE exported snapshot, so the schemas are
#                        consistent with each other even while the services write
#   db/row-counts.tsv    rows per table in that same snapshot: restore.sh checks the restored database against it
#   redis/dump.rdb       Redis's data as an RDB file (redis-cli --rdb: the server streams a fresh snapshot, which
#                        works without any `save` setting)
#   config/config.tar.gz the configuration directory (/etc/citadel: the services' env files with their secrets)
#   info                 what, when, from where, which versions (PostgreSQL, pg_dump, Redis, each schema's Flyway)
#   MANIFEST.sha256      sha256 of every other file, `sha256sum -c` format, written last
# The backup is built in DEST/.citadel-<time>.partial and renamed when complete, so a citadel-* directory is always
# a whole backup; a failure removes the partial one and exits non-zero. Then rotation deletes the backups beyond the
# newest --keep and those older than --max-age-days (never the one just made). Everything is created mode 0600/0700:
# a backup holds the audit trail and the secrets.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
PROG=backup
# shellcheck source=common.sh
. "$(dirname "$(readlink -f "$0")")/common.sh"

usage() {
  cat <<'USAGE'
Usage: backup.sh [options]   (each option's environment variable in brackets)
  --dest DIR           where backups are kept [CITADEL_BACKUP_DIR, default /var/backups/citadel]
  --db NAME            the database [CITADEL_DB_NAME, default citadel]; server from CITADEL_DB_HOST, CITADEL_DB_PORT,
                       CITADEL_DB_USER, password from CITADEL_DB_PASSWORD or PGPASSWORD or ~/.pgpass
  --schemas "A B"      the service schemas [CITADEL_BACKUP_SCHEMAS, default "gateway embedding orchestration management"]
  --redis-url URL      [CITADEL_REDIS_URL, default redis://127.0.0.1:6379]
  --no-redis           leave Redis out [CITADEL_BACKUP_REDIS=false]
  --config-dir DIR     the configuration [CITADEL_CONFIG_DIR, default /etc/citadel]
  --no-config          leave the configuration out [CITADEL_BACKUP_CONFIG=false]
  --keep N             keep the newest N backups, 0 for all [CITADEL_BACKUP_KEEP, default 14]
  --max-age-days D     delete backups older than D days, 0 for no limit [CITADEL_BACKUP_MAX_AGE_DAYS, default 30]
  --rotate-only        only apply --keep and --max-age-days to the backups in DEST
Prints the new backup's directory on stdout. Rotation never deletes the newest backup.
USAGE
}

DEST=${CITADEL_BACKUP_DIR:-/var/backups/citadel}
DB=${CITADEL_DB_NAME:-citadel}
SCHEMAS=${CITADEL_BACKUP_SCHEMAS:-gateway embedding orchestration management}
WITH_REDIS=${CITADEL_BACKUP_REDIS:-true}
CONFIG_DIR=${CITADEL_CONFIG_DIR:-/etc/citadel}
WITH_CONFIG=${CITADEL_BACKUP_CONFIG:-true}
KEEP=${CITADEL_BACKUP_KEEP:-14}
MAX_AGE_DAYS=${CITADEL_BACKUP_MAX_AGE_DAYS:-30}
ROTATE_ONLY=false

while [ $# -gt 0 ]; do
  case $1 in
    --dest) DEST=${2:?--dest needs a directory}; shift ;;
    --db) DB=${2:?--db needs a name}; shift ;;
    --schemas) SCHEMAS=${2:?--schemas needs a list}; shift ;;
    --redis-url) CITADEL_REDIS_URL=${2:?--redis-url needs a URL}; shift ;;
    --no-redis) WITH_REDIS=false ;;
    --config-dir) CONFIG_DIR=${2:?--config-dir needs a directory}; shift ;;
    --no-config) WITH_CONFIG=false ;;
    --keep) KEEP=${2:?--keep needs a number}; shift ;;
    --max-age-days) MAX_AGE_DAYS=${2:?--max-age-days needs a number}; shift ;;
    --rotate-only) ROTATE_ONLY=true ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
  shift
done

check_name database "$DB"
for schema in $SCHEMAS; do check_name schema "$schema"; done
[[ $KEEP =~ ^[0-9]+$ ]] || die "--keep must be a number, not '$KEEP'"
[[ $MAX_AGE_DAYS =~ ^[0-9]+$ ]] || die "--max-age-days must be a number, not '$MAX_AGE_DAYS'"

# backup: the new backup, DEST/$NAME
backup() {
  for tool in psql pg_dump pg_restore sha256sum tar; do
    command -v "$tool" >/dev/null || die "$tool not found (the PostgreSQL client, coreutils and tar are needed)"
  done
  if [ "$WITH_REDIS" = true ]; then command -v redis-cli >/dev/null || die "redis-cli not found (or --no-redis)"; fi
  if [ "$WITH_CONFIG" = true ] && [ ! -d "$CONFIG_DIR" ]; then
    die "configuration directory $CONFIG_DIR not found (--config-dir DIR, or --no-config)"
  fi
  NAME=citadel-$(date -u +%Y%m%dT%H%M%SZ)
  [ ! -e "$DEST/$NAME" ] || die "$DEST/$NAME exists already (two backups in one second?)"
  PARTIAL=$DEST/.$NAME.partial
  DONE=""
  cleanup() { [ -n "$DONE" ] || rm -rf "$PARTIAL"; }
  trap cleanup EXIT
  rm -rf "$PARTIAL"
  mkdir -p "$PARTIAL/db"
  say "backing up database $DB ($CITADEL_DB_HOST:$CITADEL_DB_PORT, schemas: $SCHEMAS) into $DEST/$NAME"

  for schema in $SCHEMAS; do
    [ "$(pg "$DB" -c "select count(*) from pg_namespace where nspname = '$schema'")" = 1 ] \
      || die "schema $schema is not in database $DB (its service creates it at its first start; or leave it out: --schemas)"
  done

  # One transaction holds an exported snapshot while every pg_dump and the row counts read from it.
  coproc SNAPSHOT_HOLDER { pg "$DB"; }
  printf '%s\n' "begin isolation level repeatable read read only;" "select pg_export_snapshot();" >&"${SNAPSHOT_HOLDER[1]}"
  read -r -t 30 snapshot <&"${SNAPSHOT_HOLDER[0]}" || die "could not export a snapshot from database $DB"
  for schema in $SCHEMAS; do
    pg_dump -Fc --snapshot="$snapshot" -n "$schema" -h "$CITADEL_DB_HOST" -p "$CITADEL_DB_PORT" -U "$CITADEL_DB_USER" \
      -f "$PARTIAL/db/$schema.dump" "$DB" || die "pg_dump of schema $schema failed"
    pg_restore --list "$PARTIAL/db/$schema.dump" >/dev/null || die "the dump of schema $schema cannot be read back"
  done
  row_counts "$DB" "$SCHEMAS" "$snapshot" >"$PARTIAL/db/row-counts.tsv" || die "counting the rows failed"
  echo '\q' >&"${SNAPSHOT_HOLDER[1]}"   # its transaction only held the snapshot: nothing to commit
  wait "$SNAPSHOT_HOLDER_PID" || true

  redis_version="not backed up"
  if [ "$WITH_REDIS" = true ]; then
    mkdir -p "$PARTIAL/redis"
    redis_version=$(redis-cli -u "$CITADEL_REDIS_URL" --no-auth-warning info server 2>/dev/null \
      | sed -n 's/^redis_version:\([^[:space:]]*\).*/\1/p') || true
    [ -n "$redis_version" ] || die "Redis does not answer at $CITADEL_REDIS_URL (or --no-redis)"
    redis-cli -u "$CITADEL_REDIS_URL" --no-auth-warning --rdb "$PARTIAL/redis/dump.rdb" >"$PARTIAL/redis.log" 2>&1 \
      || { cat "$PARTIAL/redis.log" >&2; die "redis-cli --rdb failed ($CITADEL_REDIS_URL)"; }
    rm "$PARTIAL/redis.log"
    [ "$(head -c 5 "$PARTIAL/redis/dump.rdb")" = REDIS ] || die "the Redis snapshot is not an RDB file"
  fi

  if [ "$WITH_CONFIG" = true ]; then
    mkdir -p "$PARTIAL/config"
    tar -C "$CONFIG_DIR" -czf "$PARTIAL/config/config.tar.gz" . || die "could not archive $CONFIG_DIR"
  fi

  {
    echo "format=$BACKUP_FORMAT"
    echo "name=$NAME"
    echo "created=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "host=$(hostname -f 2>/dev/null || hostname)"
    echo "database=$DB"
    echo "database_server=$CITADEL_DB_HOST:$CITADEL_DB_PORT"
    echo "schemas=$SCHEMAS"
    echo "postgresql=$(pg "$DB" -c 'show server_version')"
    echo "pg_dump=$(pg_dump --version)"
    echo "redis=$redis_version"
    echo "config_dir=$([ "$WITH_CONFIG" = true ] && echo "$CONFIG_DIR" || echo "not backed up")"
    for schema in $SCHEMAS; do
      # the schema's Flyway version: a restore must run with service versions that know it
      version=none
      if [ "$(pg "$DB" -c "select to_regclass('$schema.flyway_schema_history') is not null")" = t ]; then
        version=$(pg "$DB" -c "select version from $schema.flyway_schema_history
                               where success order by installed_rank desc limit 1")
      fi
      echo "flyway.$schema=${version:-none}"
    done
  } >"$PARTIAL/info"

  manifest=$(cd "$PARTIAL" && find . -type f -printf '%P\n' | sort | xargs -d '\n' sha256sum)
  printf '%s\n' "$manifest" >"$PARTIAL/MANIFEST.sha256"
  mv "$PARTIAL" "$DEST/$NAME"
  DONE=1
  say "done: $(du -sh "$DEST/$NAME" | cut -f1), $(wc -l <"$DEST/$NAME/db/row-counts.tsv") tables"
}

# rotate: complete backups only (the name pattern), newest first; the newest always stays, and so does the one this
# run made (even with a clock that went backwards)
rotate() {
  local age_limit=$(( MAX_AGE_DAYS > 0 ? $(date -u +%s) - MAX_AGE_DAYS * 86400 : 0 )) index=0 old stamp created
  while read -r old; do
    index=$((index + 1))
    if [ "$index" = 1 ] || [ "$old" = "${NAME:-}" ]; then continue; fi
    stamp=${old#citadel-}
    created=$(date -u -d "${stamp:0:4}-${stamp:4:2}-${stamp:6:2} ${stamp:9:2}:${stamp:11:2}:${stamp:13:2}Z" +%s)
    if { [ "$KEEP" -gt 0 ] && [ "$index" -gt "$KEEP" ]; } || [ "$created" -lt "$age_limit" ]; then
      say "rotation: deleting $old"
      rm -rf "${DEST:?}/$old"
    fi
  done < <(find "$DEST" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | grep -E "$BACKUP_NAME_RE" | sort -r)
  # partial directories that a killed run left behind (this run holds the lock, so none is in progress)
  find "$DEST" -mindepth 1 -maxdepth 1 -type d -name '.citadel-*.partial' -exec rm -rf {} +
}

umask 077
mkdir -p "$DEST"
exec 9>"$DEST/.lock"
flock -n 9 || die "another backup is running into $DEST"
if [ "$ROTATE_ONLY" = true ]; then rotate; exit 0; fi
backup
rotate
echo "$DEST/$NAME"
