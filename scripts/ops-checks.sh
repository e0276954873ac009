#!/usr/bin/env bash
# The operations artefacts checked by their own tools (systemd-analyze, nginx -t, promtool, kubectl kustomize):
# runs every deploy/*/check.sh and k8s/check.sh, in name order, stopping at the first failure.
# Called by `./citadel test`, which installs the tools first (scripts/infra.sh ensure_ops_tools).
set -euo pipefail
cd "$(dirname "$0")/.."
for check in deploy/*/check.sh k8s/check.sh; do
  [ -e "$check" ] || continue
  printf '[ops-checks] %s\n' "$check" >&2
  "$check"
done
