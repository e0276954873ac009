# shellcheck shell=bash disable=SC2034  # PROG is set by the caller; the constants are used by the callers
# Sourced by backup.sh and restore.sh (after they set PROG): the connection settings, with the services' own
# variables (CITADEL_DB_*, CITADEL_REDIS_URL) and the defaults of scripts/infra.sh, messages, and the row counts
# that a backup records and a restore checks.

CITADEL_DB_HOST=${CITADEL_DB_HOST:-127.0.0.1}
CITADEL_DB_PORT=${CITADEL_DB_PORT:-5432}
CITADEL_DB_USER=${CITADEL_DB_USER:-postgres}
CITADEL_REDIS_URL=${CITADEL_REDIS_URL:-redis://127.0.0.1:6379}
# The services read CITADEL_DB_PASSWORD (from /etc/citadel/<service>.env); libpq reads PGPASSWORD or ~/.pgpass.
if [ -n "${CITADEL_DB_PASSWORD:-}" ]; then export PGPASSWORD=$CITADEL_DB_PASSWORD; fi

BACKUP_FORMAT=citadel-backup-1
# A backup directory's name: citadel-<UTC time>; restore and rotation only ever look at names like this.
BACKUP_NAME_RE='^citadel-[0-9]{8}T[0-9]{6}Z$'

say() { printf '[%s] %s\n' "$PROG" "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# Schema and database names go into SQL and file names: plain lower-case identifiers only.
check_name() { [[ $2 =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "$1 '$2' is not a plain identifier ([a-z_][a-z0-9_]*)"; }

pg() {
  local db=$1; shift
  psql -X -q -t -A -v ON_ERROR_STOP=1 -h "$CITADEL_DB_HOST" -p "$CITADEL_DB_PORT" -U "$CITADEL_DB_USER" -d "$db" "$@"
}

# row_counts DB "SCHEMA..." [SNAPSHOT]: "schema.table<TAB>rows" for every table of the schemas (partitions counted
# one by one, their partitioned parents not at all), in name order; inside SNAPSHOT (pg_export_snapshot) when given,
# so that the counts are those of the dump taken in the same snapshot.
row_counts() {
  local db=$1 schemas=$2 snapshot=${3:-}
  {
    echo "begin isolation level repeatable read read only;"
    [ -z "$snapshot" ] || echo "set transaction snapshot '$snapshot';"
    cat <<'SQL'
select format('select %L, count(*) from %I.%I', n.nspname || '.' || c.relname, n.nspname, c.relname)
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind = 'r' and n.nspname = any (string_to_array(:'schemas', ' '))
 order by n.nspname, c.relname
\gexec
commit;
SQL
  } | pg "$db" -F $'\t' -v schemas="$schemas"
}
