#!/usr/bin/env bash
# Checks of deploy/ops (run by scripts/ops-checks.sh in `./citadel test`): shellcheck when it is installed (Debian
# package `shellcheck`), bash -n, systemd-analyze verify of the backup's service and timer, and health-check.sh for
# real: against a port nothing listens on it must print FAIL lines and exit 1, against the local PostgreSQL and Redis
# OK lines and exit 0. The backup and restore round trip is e2e/backup-restore.sh.
set -euo pipefail
cd "$(dirname "$0")"
say() { printf '[ops/check] %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
scripts=(*.sh ../../e2e/backup-restore.sh)

for script in "${scripts[@]}"; do bash -n "$script" || fail "bash -n $script"; done
if command -v shellcheck >/dev/null; then
  shellcheck -x "${scripts[@]}" || fail "shellcheck"
else
  say "shellcheck not installed (apt-get install shellcheck): skipped"
fi

# the units name the scripts where an installation keeps them (/opt/citadel/ops); verified here with this copy's
command -v systemd-analyze >/dev/null || fail "systemd-analyze not found (apt-get install systemd)"
units=$(mktemp -d)
trap 'rm -rf "$units"' EXIT
for unit in citadel-backup.service citadel-backup.timer; do sed "s#/opt/citadel/ops/#$PWD/#g" "$unit" >"$units/$unit"; done
systemd-analyze verify "$units/citadel-backup.service" "$units/citadel-backup.timer" || fail "systemd-analyze verify"

# a port the kernel just handed out and took back (port 1, tcpmux, where python3 is missing)
dead_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' \
  2>/dev/null || echo 1)
rc=0
out=$(./health-check.sh --services "gateway=http://127.0.0.1:$dead_port" --ollama "http://127.0.0.1:$dead_port" \
  --postgres "127.0.0.1:$dead_port" --redis "redis://127.0.0.1:$dead_port" --disks "/:100" --timeout 2) || rc=$?
printf '%s\n' "$out" >&2
[ "$rc" = 1 ] || fail "health-check.sh against a dead port exited $rc, not 1"
for name in service:gateway "ollama:http://127.0.0.1:$dead_port" "postgresql:127.0.0.1:$dead_port" \
            "redis:redis://127.0.0.1:$dead_port" disk:/; do
  grep -q "^FAIL $name " <<<"$out" || fail "no FAIL line for $name"
done

rc=0
out=$(./health-check.sh --services "" --ollama "" --disks "/:1") || rc=$?
printf '%s\n' "$out" >&2
[ "$rc" = 0 ] || fail "health-check.sh against the local PostgreSQL and Redis exited $rc, not 0"
[ "$(grep -c '^OK ' <<<"$out")" = 3 ] || fail "expected 3 OK lines (postgresql, redis, disk:/)"
say "passed"
