#!/usr/bin/env bash
# Installs Citadel's four services on this host under systemd (docs/operations.md#install-on-debian-with-systemd),
# from a checkout where `./mvnw package` (or `./mvnw package -Dnative`) has run:
#   user and group citadel (system account, no login)
#   /opt/citadel/<service>/                   the build: quarkus-app/ (JVM) or <service>-runner (native), root-owned
#   /etc/citadel/citadel.env                  settings of every service, with a generated service token (0600)
#   /etc/citadel/<service>.env                the service's own settings (0600)
#   /etc/citadel/<service>.properties         further Quarkus properties, e.g. the gateway's catalog (0640)
#   /var/lib/citadel/<service>/               the only place the service may write (audit spool, caches)
#   /etc/systemd/system/citadel-<name>.service, citadel.target   enabled, not started
#   /opt/citadel/ops/ and citadel-backup.service/.timer             backup, restore, health check; timer not enabled
# Idempotent: the build and the units are replaced, settings files that exist are kept as they are. Each service has
# one unit, citadel-<name>, rendered from citadel.service.in for the JVM (default) or the native binary (--native).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$REPO/scripts/fill-template.sh"
SERVICES=(orchestration-service embedding-service gateway-service management-service)
# what every unit passes to Quarkus, as ./citadel run does: Citadel checks request URIs itself (to answer malformed
# ones in JSON), and WebSocket upgrades go through the router, so Vert.x's own handling of both stays off
RUNTIME_FLAGS="-Dvertx.disableURIValidation=true -Dvertx.disableWebsockets=true -Dquarkus.profile=prod"

usage() {
  cat >&2 <<'EOF'
usage: sudo deploy/systemd/install.sh [--dry-run] [--native] [--java PATH]
       deploy/systemd/install.sh [--native] [--java PATH] --render-units DIR
  --dry-run           print what would be done, change nothing (no root needed)
  --native            install the native binaries (./mvnw package -Dnative) instead of the JVM builds
  --java PATH         the java (>= 21) of the JVM units (default: $JAVA_HOME/bin/java, else java on the PATH)
  --render-units DIR  only write the unit files into DIR (for review and deploy/systemd/check.sh)
EOF
  exit 2
}

DRY_RUN=false NATIVE=false JAVA="" RENDER_DIR=""
while [ $# -gt 0 ]; do
  case $1 in
    --dry-run) DRY_RUN=true; shift ;;
    --native) NATIVE=true; shift ;;
    --java) JAVA=${2:?}; shift 2 ;;
    --render-units) RENDER_DIR=${2:?}; shift 2 ;;
    *) usage ;;
  esac
done
FLAVOUR=$($NATIVE && echo native || echo JVM)
if ! $NATIVE && [ -z "$JAVA" ]; then
  JAVA=${JAVA_HOME:+$JAVA_HOME/bin/java}
  JAVA=${JAVA:-$(readlink -f "$(command -v java)" 2>/dev/null || true)}
  [ -n "$JAVA" ] || { echo "no java found: install a JDK/JRE >= 21 or pass --java" >&2; exit 1; }
fi

# --- the units ---

# render_unit SERVICE: the unit citadel-<name>.service of SERVICE, for the chosen flavour
render_unit() {
  local service=$1
  declare -A u=([SERVICE]=$service [NAME]=${service%-service} [FLAVOUR]=$FLAVOUR [AFTER]="" [WANTS]=""
                [DEVICES]="PrivateDevices=yes" [ADDRESS_FAMILIES]="AF_UNIX AF_INET AF_INET6")
  if $NATIVE; then
    u[EXEC_START]="/opt/citadel/$service/$service-runner $RUNTIME_FLAGS"
    u[MEMORY_DENY_WRITE_EXECUTE]="MemoryDenyWriteExecute=yes"
  else
    # $CITADEL_JAVA_OPTS: systemd splits it into words (citadel.env)
    u[EXEC_START]="$JAVA $RUNTIME_FLAGS -XX:+ExitOnOutOfMemoryError \$CITADEL_JAVA_OPTS -jar /opt/citadel/$service/quarkus-run.jar"
    u[MEMORY_DENY_WRITE_EXECUTE]="# no MemoryDenyWriteExecute: the JIT compiler writes code it then runs"
  fi
  case $service in
    embedding-service|gateway-service|management-service) u[AFTER]=" ollama.service"; u[WANTS]=" ollama.service" ;;
  esac
  if [ "$service" = management-service ]; then
    # nvidia-smi opens /dev/nvidia*; the system views read network interfaces, which may take a netlink socket
    u[DEVICES]="# no PrivateDevices: nvidia-smi opens the GPUs' /dev/nvidia* nodes, the only devices beyond the basic ones
DevicePolicy=closed
DeviceAllow=char-nvidia* rw"
    u[ADDRESS_FAMILIES]="AF_UNIX AF_INET AF_INET6 AF_NETLINK"
  fi
  fill_template "$HERE/citadel.service.in" u
}

unit_name() { echo "citadel-${1%-service}.service"; }

if [ -n "$RENDER_DIR" ]; then
  mkdir -p "$RENDER_DIR"
  for service in "${SERVICES[@]}"; do render_unit "$service" >"$RENDER_DIR/$(unit_name "$service")"; done
  cp "$HERE/citadel.target" "$RENDER_DIR/"
  exit 0
fi

# --- the installation: every change goes through do_ (run) or put (write), which only print in a dry run ---

say() { printf '%s\n' "$*"; }
do_() { say "+ $*"; $DRY_RUN || "$@"; }
# put MODE OWNER:GROUP PATH [show]: writes stdin to PATH; a dry run prints it (indented) when asked to show it
put() {
  local mode=$1 owner=$2 path=$3 show=${4:-} content
  content=$(cat)
  say "+ write $path ($mode $owner)"
  if $DRY_RUN; then
    [ -z "$show" ] || sed 's/^/    /' <<<"$content"
    return
  fi
  local tmp
  tmp=$(mktemp "$path.XXXXXX")
  printf '%s\n' "$content" >"$tmp"
  chown "$owner" "$tmp"
  chmod "$mode" "$tmp"
  mv -f "$tmp" "$path"
}
# artefact SERVICE: the build install copies, as a path in the checkout; empty when not built
artefact() {
  if $NATIVE; then
    ls "$REPO/$1"/target/*-runner 2>/dev/null | head -1 || true
  else
    ls -d "$REPO/$1/target/quarkus-app" 2>/dev/null || true
  fi
}

$DRY_RUN && say "# dry run: nothing is changed"
say "# Citadel $FLAVOUR units from $REPO"
if ! $DRY_RUN; then
  [ "$(id -u)" -eq 0 ] || { echo "run as root (or with --dry-run)" >&2; exit 1; }
  command -v systemctl >/dev/null || { echo "systemctl not found: this host does not run systemd" >&2; exit 1; }
fi
if ! $NATIVE; then
  major=$("$JAVA" -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -1 || true)
  [ "${major:-0}" -ge 21 ] || { echo "$JAVA is not a java >= 21 (found: ${major:-none}); pass --java" >&2; exit 1; }
fi
missing=""
for service in "${SERVICES[@]}"; do [ -n "$(artefact "$service")" ] || missing+=" $service"; done
if [ -n "$missing" ]; then
  hint=$($NATIVE && echo "./mvnw package -DskipTests -Dnative" || echo "./mvnw package -DskipTests")
  $DRY_RUN || { echo "not built:$missing (run $hint)" >&2; exit 1; }
  say "# not built yet:$missing (run $hint); shown as if built"
fi

getent group citadel >/dev/null || do_ groupadd --system citadel
getent passwd citadel >/dev/null \
  || do_ useradd --system --gid citadel --home-dir /var/lib/citadel --no-create-home --shell /usr/sbin/nologin citadel
do_ install -d -m 0755 -o root -g root /opt/citadel
do_ install -d -m 0750 -o root -g citadel /etc/citadel /var/lib/citadel

# one service token for all four, kept across runs: the existing one, or a new random one
if [ -f /etc/citadel/citadel.env ]; then
  say "# keeping /etc/citadel/citadel.env"
else
  declare -A shared=([SERVICE_TOKEN]=$($DRY_RUN && echo '<generated>' || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'))
  fill_template "$HERE/env/citadel.env" shared | put 0600 root:root /etc/citadel/citadel.env
fi

for service in "${SERVICES[@]}"; do
  # the build, replaced as a whole (root-owned: the service cannot change its own code)
  build=$(artefact "$service")
  build=${build:-$REPO/$service/target/$($NATIVE && echo "*-runner" || echo quarkus-app)}
  do_ rm -rf "/opt/citadel/$service.new"
  if $NATIVE; then
    do_ install -D -m 0755 -o root -g root "$build" "/opt/citadel/$service.new/$service-runner"
  else
    do_ cp -r "$build" "/opt/citadel/$service.new"
    do_ chown -R root:root "/opt/citadel/$service.new"
    do_ chmod -R u=rwX,go=rX "/opt/citadel/$service.new"
  fi
  do_ rm -rf "/opt/citadel/$service"
  do_ mv "/opt/citadel/$service.new" "/opt/citadel/$service"

  if [ -f "/etc/citadel/$service.env" ]; then
    say "# keeping /etc/citadel/$service.env"
  else
    put 0600 root:root "/etc/citadel/$service.env" <"$HERE/env/$service.env"
  fi
  if [ -f "/etc/citadel/$service.properties" ]; then
    say "# keeping /etc/citadel/$service.properties"
  else
    printf '# Quarkus properties for %s beyond its defaults, read at start (QUARKUS_CONFIG_LOCATIONS).\n' "$service" \
      | put 0640 root:citadel "/etc/citadel/$service.properties"
  fi
  do_ install -d -m 0750 -o citadel -g citadel "/var/lib/citadel/$service"
  render_unit "$service" | put 0644 root:root "/etc/systemd/system/$(unit_name "$service")" show
done
put 0644 root:root /etc/systemd/system/citadel.target show <"$HERE/citadel.target"

# the operations scripts (docs/operations.md#backups-and-restore) and the nightly backup's units, not enabled
do_ install -d -m 0755 -o root -g root /opt/citadel/ops
for script in backup.sh restore.sh health-check.sh common.sh; do
  do_ install -m 0755 -o root -g root "$REPO/deploy/ops/$script" "/opt/citadel/ops/$script"
done
for unit in citadel-backup.service citadel-backup.timer; do
  put 0644 root:root "/etc/systemd/system/$unit" <"$REPO/deploy/ops/$unit"
done

do_ systemctl daemon-reload
units=()
for service in "${SERVICES[@]}"; do units+=("$(unit_name "$service")"); done
do_ systemctl enable citadel.target "${units[@]}"
say "# next: set CITADEL_DB_PASSWORD (and the rest) in /etc/citadel/*.env, then: systemctl start citadel.target"
say "#       nightly backups: systemctl enable --now citadel-backup.timer (docs/operations.md#backups-and-restore)"
