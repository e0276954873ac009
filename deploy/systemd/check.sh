#!/usr/bin/env bash
# Checks deploy/systemd with systemd's own tools, without installing anything (run by scripts/ops-checks.sh):
#  - the four units of each flavour (JVM, native) and citadel.target pass `systemd-analyze verify` without a word,
#    and every unit's exposure (`systemd-analyze security --offline`) is at most 2.0 ("OK");
#  - the units pass the flags ./citadel run passes, and the prod profile;
#  - `install.sh --dry-run` (both flavours) succeeds, announces the layout (user, directories, settings files with
#    mode 0600, units, enable), prints exactly the units --render-units writes, and changes nothing.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SERVICES=(orchestration-service embedding-service gateway-service management-service)
FLAGS='-Dvertx.disableURIValidation=true -Dvertx.disableWebsockets=true -Dquarkus.profile=prod'
fail() { echo "deploy/systemd/check.sh: $*" >&2; exit 1; }
command -v systemd-analyze >/dev/null || fail "systemd-analyze not found (apt-get install systemd)"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/citadel-systemd-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# verify insists that each ExecStart binary exists: the checked copies point at stubs under $tmp instead of /opt
stub() { mkdir -p "$(dirname "$1")"; printf '#!/bin/sh\n' >"$1"; chmod +x "$1"; }
stub "$tmp/bin/java"
for service in "${SERVICES[@]}"; do stub "$tmp/opt/citadel/$service/$service-runner"; done

for flavour in jvm native; do
  native=$([ "$flavour" = native ] && echo --native || true)
  units=$tmp/$flavour
  "$HERE/install.sh" --render-units "$units" --java "$tmp/bin/java" $native
  for service in "${SERVICES[@]}"; do
    grep -q "^ExecStart=.* $FLAGS" "$units/citadel-${service%-service}.service" \
      || fail "the $flavour unit of $service does not pass $FLAGS"
  done
  mkdir "$tmp/verify-$flavour"
  for unit in "$units"/*; do
    sed "s#/opt/citadel/#$tmp/opt/citadel/#g" "$unit" >"$tmp/verify-$flavour/${unit##*/}"
  done
  systemd-analyze verify "$tmp/verify-$flavour"/* >"$tmp/verify.log" 2>&1 || true
  [ ! -s "$tmp/verify.log" ] || { cat "$tmp/verify.log" >&2; fail "systemd-analyze verify: $flavour units"; }
  systemd-analyze security --offline=yes --threshold=20 "$units"/*.service >"$tmp/security.log" 2>&1 \
    || { grep -E '✗|Overall' "$tmp/security.log" >&2; fail "$flavour units exposed above 2.0"; }
done

# the dry runs: what exists before must be exactly what exists after
state() {
  { getent passwd citadel || true; ls -la /etc/citadel /opt/citadel /var/lib/citadel 2>/dev/null || true
    ls -la /etc/systemd/system 2>/dev/null | grep citadel || true; }
}
before=$(state)
for flavour in jvm native; do
  native=$([ "$flavour" = native ] && echo --native || true)
  out=$tmp/dry-run-$flavour.txt
  "$HERE/install.sh" --dry-run $native >"$out" 2>&1 || { cat "$out" >&2; fail "install.sh --dry-run $native failed"; }
  expect() { grep -qF -- "$1" "$out" || { cat "$out" >&2; fail "install.sh --dry-run $native does not say: $1"; }; }
  getent passwd citadel >/dev/null || expect "+ useradd --system --gid citadel"
  expect "+ install -d -m 0750 -o root -g citadel /etc/citadel /var/lib/citadel"
  [ -f /etc/citadel/citadel.env ] || expect "+ write /etc/citadel/citadel.env (0600 root:root)"
  for service in "${SERVICES[@]}"; do
    [ -f "/etc/citadel/$service.env" ] || expect "+ write /etc/citadel/$service.env (0600 root:root)"
    expect "+ install -d -m 0750 -o citadel -g citadel /var/lib/citadel/$service"
    expect "+ mv /opt/citadel/$service.new /opt/citadel/$service"
    unit=citadel-${service%-service}.service
    expect "+ write /etc/systemd/system/$unit (0644 root:root)"
    # the unit as the dry run shows it (indented under its write line) is the one --render-units writes
    awk -v head="+ write /etc/systemd/system/$unit (0644 root:root)" \
      '$0 == head { on = 1; next } on && /^    / { print substr($0, 5); next } { on = 0 }' "$out" \
      | sed "s#^ExecStart=[^ ]*java #ExecStart=$tmp/bin/java #" >"$tmp/shown.service"
    diff -u "$tmp/$flavour/$unit" "$tmp/shown.service" >&2 || fail "the dry run shows another $unit than it renders"
  done
  expect "+ systemctl enable citadel.target citadel-orchestration.service citadel-embedding.service citadel-gateway.service citadel-management.service"
  expect "+ install -m 0755 -o root -g root $(cd "$HERE/../.." && pwd)/deploy/ops/backup.sh /opt/citadel/ops/backup.sh"
  expect "+ write /etc/systemd/system/citadel-backup.timer (0644 root:root)"
done
[ "$(state)" = "$before" ] || fail "install.sh --dry-run changed the system"
echo "deploy/systemd: 8 units and the target verified, exposure OK, dry runs as expected" >&2
