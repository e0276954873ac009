#!/usr/bin/env bash
# Prints the line and branch coverage of the last test run, per module and in all, from the aggregated JaCoCo
# report that `./mvnw verify` writes (the coverage module). Run by `./citadel test`; also works on its own.
set -euo pipefail
cd "$(dirname "$0")/.."
REPORT=coverage/target/site/jacoco-aggregate
if [ ! -f "$REPORT/jacoco.csv" ]; then
  echo "no coverage report: run ./citadel test (or ./mvnw verify) first" >&2
  exit 1
fi
# columns: GROUP,PACKAGE,CLASS,INSTRUCTION_MISSED,INSTRUCTION_COVERED,BRANCH_MISSED,BRANCH_COVERED,LINE_MISSED,LINE_COVERED,...
awk -F, '
  function pct(covered, missed) { return covered + missed == 0 ? "     -" : sprintf("%5.1f%%", 100 * covered / (covered + missed)) }
  NR > 1 {
    module = $1; sub(/.*\//, "", module)
    if (!(module in lines)) { order[++count] = module; lines[module] = 1 }
    bm[module] += $6; bc[module] += $7; lm[module] += $8; lc[module] += $9
    tbm += $6; tbc += $7; tlm += $8; tlc += $9
  }
  END {
    printf "Test coverage (lines, branches):\n"
    for (i = 1; i <= count; i++) {
      m = order[i]
      printf "  %-22s %s  %s\n", m, pct(lc[m], lm[m]), pct(bc[m], bm[m])
    }
    printf "  %-22s %s  %s\n", "all modules", pct(tlc, tlm), pct(tbc, tbm)
  }' "$REPORT/jacoco.csv"
echo "  report: $REPORT/index.html"
