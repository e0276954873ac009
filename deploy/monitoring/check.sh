#!/usr/bin/env bash
# The monitoring artefacts checked by their tools (docs/operations.md#monitoring): the Prometheus configuration and
# its rule files (promtool check config/rules), the rules' unit tests (promtool test rules), the Grafana provisioning
# files (YAML) and the dashboard (JSON, every panel on the dashboard's data source with a query, ids unique).
# Whether the services expose every metric these use is e2e/metrics-coverage.sh's part (it needs the built services).
set -euo pipefail
cd "$(dirname "$0")"
for tool in promtool jq yq; do
  command -v "$tool" >/dev/null || { echo "deploy/monitoring/check.sh: $tool not found" >&2; exit 1; }
done

promtool check config prometheus.yml >/dev/null
promtool check rules rules/*.yml >/dev/null
promtool test rules tests/*.test.yml >/dev/null

for file in grafana/provisioning/*/*.yml; do
  yq -e '.apiVersion == 1' "$file" >/dev/null || { echo "$file: not a Grafana provisioning file" >&2; exit 1; }
done
for dashboard in grafana/dashboards/*.json; do
  jq -e '
    def panels: .panels[] | select(.type != "row");
    (.uid | length > 0) and (.title | length > 0)
    and ([.panels[].id] | length == (unique | length))
    and ([.templating.list[] | select(.type == "datasource" and .name == "datasource")] | length == 1)
    and all(panels; .datasource.uid == "${datasource}"
            and (.targets | length > 0) and all(.targets[]; (.expr | length > 0) and .datasource.uid == "${datasource}"))
  ' "$dashboard" >/dev/null || { echo "$dashboard: invalid JSON, or a panel without the dashboard's data source and a query, or duplicate panel ids" >&2; exit 1; }
done
echo "deploy/monitoring: prometheus.yml, $(ls rules/*.yml | wc -l) rule file(s), their unit tests and $(ls grafana/dashboards/*.json | wc -l) dashboard(s) are valid" >&2
