#!/usr/bin/env bash
# Restores a backup made by backup.sh (docs/operations.md#backups-and-restore). First the backup is verified: every
# file's sha256 against MANIFEST.sha256, no file missing and none unlisted, every part that info names present; a
# backup that fails any of it is refused before anything is touched. Then the schemas are restored into the database
# named with --db (created when missing), each in one transaction, owned by the connecting user (run it as the role
# the services use, CITADEL_DB_USER); a schema that already holds tables there is refused unless --force, which drops
# it first. Last, every table's row count is compared with the counts the backup recorded. The Redis RDB can be copied
# into place (for a STOPPED Redis) and the configuration unpacked into a directory, with or without the database.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
PROG=restore
# shellcheck source=common.sh
. "$(dirname "$(readlink -f "$0")")/common.sh"

usage() {
  cat <<'USAGE'
Usage: restore.sh [options] BACKUP_DIR
  --db NAME          restore the schemas into this database, created when missing; server from CITADEL_DB_HOST,
                     CITADEL_DB_PORT, CITADEL_DB_USER, password from CITADEL_DB_PASSWORD, PGPASSWORD or ~/.pgpass
  --schemas "A B"    restore only these schemas of the backup (default: all it holds)
  --force            drop schemas that already hold tables in the database, and overwrite --redis-rdb FILE and a
                     non-empty --config-to DIR
  --redis-rdb FILE   copy the Redis RDB to FILE: Redis must be stopped (its `dir`/`dbfilename`, for Debian's
                     redis-server /var/lib/redis/dump.rdb); start it afterwards
  --config-to DIR    unpack the configuration into DIR (e.g. /etc/citadel)
  --verify-only      verify the backup and stop
At least one of --db, --redis-rdb, --config-to or --verify-only.
USAGE
}

DB=""
SCHEMAS=""
FORCE=false
REDIS_TARGET=""
CONFIG_TARGET=""
VERIFY_ONLY=false
BACKUP=""
while [ $# -gt 0 ]; do
  case $1 in
    --db) DB=${2:?--db needs a name}; shift ;;
    --schemas) SCHEMAS=${2:?--schemas needs a list}; shift ;;
    --force) FORCE=true ;;
    --redis-rdb) REDIS_TARGET=${2:?--redis-rdb needs a file}; shift ;;
    --config-to) CONFIG_TARGET=${2:?--config-to needs a directory}; shift ;;
    --verify-only) VERIFY_ONLY=true ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) [ -z "$BACKUP" ] || die "one backup directory only"; BACKUP=${1%/} ;;
  esac
  shift
done
[ -n "$BACKUP" ] || { usage >&2; die "no backup directory given"; }
[ "$VERIFY_ONLY" = true ] || [ -n "$DB$REDIS_TARGET$CONFIG_TARGET" ] \
  || { usage >&2; die "nothing to restore: --db NAME, --redis-rdb FILE or --config-to DIR"; }

# info KEY: a value from the backup's info file
info() { sed -n "s/^$1=//p" "$BACKUP/info"; }

verify_backup() {
  [ -d "$BACKUP" ] || die "$BACKUP is not a directory"
  [[ $BACKUP != *.partial ]] || die "$BACKUP is an unfinished backup"
  [ -f "$BACKUP/MANIFEST.sha256" ] || die "$BACKUP has no MANIFEST.sha256: not a complete backup"
  (cd "$BACKUP" && sha256sum --quiet --strict -c MANIFEST.sha256) >&2 \
    || die "$BACKUP does not match its manifest (a file changed or is missing): refusing it"
  local unlisted
  unlisted=$(comm -23 <(cd "$BACKUP" && find . -type f ! -name MANIFEST.sha256 -printf '%P\n' | sort) \
                      <(sed 's/^[0-9a-f]\{64\}  //' "$BACKUP/MANIFEST.sha256" | sort))
  [ -z "$unlisted" ] || die "$BACKUP holds files its manifest does not list ($unlisted): refusing it"
  grep -qx 'info' <(sed 's/^[0-9a-f]\{64\}  //' "$BACKUP/MANIFEST.sha256") || die "the manifest does not cover info"
  [ "$(info format)" = "$BACKUP_FORMAT" ] || die "$BACKUP is not a $BACKUP_FORMAT backup (format '$(info format)')"
  local schema
  for schema in $(info schemas); do
    [ -f "$BACKUP/db/$schema.dump" ] || die "the backup names schema $schema but has no db/$schema.dump"
  done
  [ -f "$BACKUP/db/row-counts.tsv" ] || die "the backup has no db/row-counts.tsv"
  [ "$(info redis)" = "not backed up" ] || [ -f "$BACKUP/redis/dump.rdb" ] || die "the backup has no redis/dump.rdb"
  [ "$(info config_dir)" = "not backed up" ] || [ -f "$BACKUP/config/config.tar.gz" ] \
    || die "the backup has no config/config.tar.gz"
}

verify_backup
say "backup $BACKUP verified: $(info name), made $(info created) on $(info host) from database $(info database)"
[ "$VERIFY_ONLY" = false ] || exit 0

# Everything that could be refused is checked before the first change.
if [ -n "$DB" ]; then
  check_name database "$DB"
  BACKED_UP=" $(info schemas) "
  SCHEMAS=${SCHEMAS:-$(info schemas)}
  for schema in $SCHEMAS; do
    check_name schema "$schema"
    [[ $BACKED_UP == *" $schema "* ]] || die "schema $schema is not in this backup (it holds:$BACKED_UP)"
  done
  DB_EXISTS=$(pg postgres -c "select count(*) from pg_database where datname = '$DB'")
  occupied=""
  for schema in $SCHEMAS; do
    [ "$DB_EXISTS" = 1 ] || break
    relations=$(pg "$DB" -c "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                             where n.nspname = '$schema'")
    [ "$relations" = 0 ] || occupied+=" $schema ($relations relations)"
  done
  [ -z "$occupied" ] || [ "$FORCE" = true ] \
    || die "database $DB already holds:$occupied; restore into another database, or --force to replace them"
fi
if [ -n "$REDIS_TARGET" ]; then
  [ -f "$BACKUP/redis/dump.rdb" ] || die "this backup holds no Redis data"
  [ ! -e "$REDIS_TARGET" ] || [ "$FORCE" = true ] || die "$REDIS_TARGET exists (stop Redis, then --force to replace it)"
fi
if [ -n "$CONFIG_TARGET" ]; then
  [ -f "$BACKUP/config/config.tar.gz" ] || die "this backup holds no configuration"
  [ -z "$(ls -A "$CONFIG_TARGET" 2>/dev/null)" ] || [ "$FORCE" = true ] \
    || die "$CONFIG_TARGET is not empty (--force to unpack over it)"
fi

restore_database() {
  if [ "$DB_EXISTS" = 0 ]; then
    say "creating database $DB"
    pg postgres -c "create database $DB" || die "could not create database $DB"
  fi
  local schema expected actual
  for schema in $SCHEMAS; do
    # the dump creates its schema; an existing one (empty, or replaced with --force) goes first
    pg "$DB" -c "set client_min_messages = warning" -c "drop schema if exists $schema cascade"
    say "restoring schema $schema into $DB"
    pg_restore --exit-on-error --single-transaction --no-owner --no-privileges -h "$CITADEL_DB_HOST" \
      -p "$CITADEL_DB_PORT" -U "$CITADEL_DB_USER" -d "$DB" "$BACKUP/db/$schema.dump" \
      || die "pg_restore of schema $schema failed (nothing of it was kept: one transaction)"
  done
  expected=$(for schema in $SCHEMAS; do grep "^$schema\." "$BACKUP/db/row-counts.tsv" || true; done | sort)
  actual=$(row_counts "$DB" "$SCHEMAS" | sort)
  if [ "$expected" != "$actual" ]; then
    diff <(echo "$expected") <(echo "$actual") >&2 || true
    die "the restored row counts differ from the backup's (< backup, > restored)"
  fi
  say "row counts match the backup: $(grep -c . <<<"$actual") tables, $(awk -F'\t' '{n += $2} END {print n + 0}' \
    <<<"$actual") rows"
}

if [ -n "$DB" ]; then restore_database; fi

if [ -n "$REDIS_TARGET" ]; then
  cp "$BACKUP/redis/dump.rdb" "$REDIS_TARGET"
  # Redis must be able to read its file: give it the owner of the directory it lives in
  if [ "$(id -u)" = 0 ]; then chown --reference="$(dirname "$REDIS_TARGET")" "$REDIS_TARGET"; fi
  say "Redis RDB copied to $REDIS_TARGET: start Redis now (it loads the file at start)"
fi
if [ -n "$CONFIG_TARGET" ]; then
  mkdir -p "$CONFIG_TARGET"
  tar -xzf "$BACKUP/config/config.tar.gz" -C "$CONFIG_TARGET" || die "could not unpack the configuration"
  say "configuration unpacked into $CONFIG_TARGET"
fi
say "restore done"
