#!/usr/bin/env bash
# Renders k8s/ (the base), the base and every overlay with kubectl kustomize (offline: no cluster needed) and checks
# every rendered object's invariants (K8sInvariants.java: probes, resources, securityContext, Service/HPA/PDB per
# Deployment, the Flyway Jobs, no Secret data). Run by scripts/ops-checks.sh; needs kubectl, a JDK 21+ and the
# SnakeYAML jar every service already depends on (in the local Maven repository after a build).
set -euo pipefail
cd "$(dirname "$0")"

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
repository=${MAVEN_REPOSITORY:-$HOME/.m2/repository}
snakeyaml=$(ls "$repository"/org/yaml/snakeyaml/*/snakeyaml-*.jar 2>/dev/null | grep -E '/snakeyaml-[0-9.]+\.jar$' \
  | sort -V | tail -1 || true)
if [ -z "$snakeyaml" ]; then
  echo "k8s/check.sh: no SnakeYAML jar under $repository/org/yaml/snakeyaml (build first: ./mvnw package)" >&2
  exit 1
fi

rendered=$(mktemp -d)
trap 'rm -rf "$rendered"' EXIT
renders=()
for dir in . base overlays/*; do
  name=$(realpath --relative-to=.. "$dir")   # k8s, k8s/base, k8s/overlays/dev
  file="$rendered/${name//\//_}.yaml"
  kubectl kustomize "$dir" >"$file" || { echo "k8s/check.sh: kubectl kustomize $name failed" >&2; exit 1; }
  renders+=("$name=$file")
done
"$java" -cp "$snakeyaml" K8sInvariants.java "${renders[@]}"
