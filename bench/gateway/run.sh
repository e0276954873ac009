#!/usr/bin/env bash
# Gateway benchmark (bench/README.md#gateway-benchgateway): what the gateway adds to an instant backend, measured as
# a user would. The gateway runs in the prod profile (API key required, audit and metrics on) in front of an instant
# Ollama (nginx answering a fixed stream); every step runs the same load against that backend directly and through
# the gateway, after 40 s of warm-up, and reports the gateway's CPU time per request (process CPU over the step ÷
# requests, and per thread), and PostgreSQL's.
# Needs the packaged jars (./mvnw -B -q package -DskipTests), wrk, nginx, PostgreSQL and Redis on localhost.
# usage: bench/gateway/run.sh
# CITADEL_BENCH_STEP_S (default 10) is each measured step's length, CITADEL_BENCH_WARMUP_S (default 30) the warm-up
# at concurrency 64 and the streams' (a third of it more at concurrency 1),
# CITADEL_BENCH_AUDIT_S (default 60) the audit run's, CITADEL_BENCH_JAVA_OPTS goes to the gateway (e.g. a JFR
# recording to profile it).
set -euo pipefail
export PATH=$PATH:/usr/sbin
cd "$(dirname "$0")/../.."
STEP=${CITADEL_BENCH_STEP_S:-10}
WARMUP=${CITADEL_BENCH_WARMUP_S:-30}
AUDIT_RUN=${CITADEL_BENCH_AUDIT_S:-60}
PORT=40697
NGINX_PORT=41929
SLOW_SIM_PORT=41930
NOW_SIM_PORT=41931
DB=citadel_bench_gateway
GATEWAY="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
for tool in wrk nginx; do command -v $tool > /dev/null || { echo "$tool is missing (apt-get install $tool)"; exit 1; }; done

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" postgres
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB" postgres
# The instant backend is nginx answering every /api/chat with the same 32-token Ollama stream: it costs next to no
# CPU, so the box's cores go to the gateway, and the direct figures are the floor of this machine's loopback HTTP.
# Ollama simulators, streaming token by token, serve the time-to-first-token steps too.
{
  echo "worker_processes 1; daemon off; pid $WORK/nginx.pid; error_log $WORK/nginx.log;"
  echo "events { worker_connections 4096; }"
  echo "http { access_log off; keepalive_requests 1000000; server { listen 127.0.0.1:$NGINX_PORT;"
  echo "  location = /api/chat { default_type application/x-ndjson; return 200 '"
  for i in $(seq 1 32); do
    echo "{\"model\":\"phi3:latest\",\"message\":{\"role\":\"assistant\",\"content\":\"word$i \"},\"done\":false}"
  done
  echo "{\"model\":\"phi3:latest\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":12,\"eval_count\":32}"
  echo "'; }"
  echo "  location / { default_type application/json; return 200 '{\"models\":[{\"name\":\"phi3:latest\",\"model\":\"phi3:latest\"}]}'; } } }"
} > "$WORK/nginx.conf"
nginx -c "$WORK/nginx.conf" -e "$WORK/nginx.log" &
PIDS+=($!)
# two Ollama simulators, token by token: one answers at once (model phi3-now), one after 20 ms (phi3-slow)
for sim in now:$NOW_SIM_PORT:0 slow:$SLOW_SIM_PORT:20; do
  IFS=: read -r name port delay <<< "$sim"
  java -jar "$(ls testing/target/testing-*-standalone.jar)" ollama --port "$port" --models "phi3-$name" --tokens 32 \
    --first-token-delay-ms "$delay" > "$WORK/$name-sim.log" 2>&1 &
  PIDS+=($!)
done

CITADEL_GATEWAY_PORT=$PORT CITADEL_HTTP_HOST=127.0.0.1 CITADEL_DB_NAME=$DB CITADEL_API_KEYS_REQUIRED=true \
  CITADEL_OLLAMA_URL=http://127.0.0.1:$NGINX_PORT CITADEL_AUDIT_SPOOL_DIR="$WORK/spool" \
  java -Dcitadel.backends.slow.type=ollama -Dcitadel.backends.slow.url=http://127.0.0.1:$SLOW_SIM_PORT \
  -Dcitadel.models.phi3-slow.backends=slow -Dcitadel.backends.now.type=ollama \
  -Dcitadel.backends.now.url=http://127.0.0.1:$NOW_SIM_PORT -Dcitadel.models.phi3-now.backends=now \
  ${CITADEL_BENCH_JAVA_OPTS:-} \
  -jar gateway-service/target/quarkus-app/quarkus-run.jar > "$WORK/gateway.log" 2>&1 &
GW=$!; PIDS+=($GW)
for _ in $(seq 1 120); do
  curl -sf "$GATEWAY/health/ready" > /dev/null && break
  sleep 0.5
done
curl -sf "$GATEWAY/health/ready" > /dev/null || { echo "gateway did not start:"; tail -20 "$WORK/gateway.log"; exit 1; }

# an API key made the way the gateway makes them (docs/architecture.md#gateway-api-keys-and-rate-limits)
KEY="ck-$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
psql -h 127.0.0.1 -U postgres -d $DB -qc "INSERT INTO gateway.api_keys (name, key_hash, key_prefix, created_by)
  VALUES ('bench', '$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)', '${KEY:0:10}', 'bench/gateway')"
export BENCH_API_KEY=$KEY

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# all of PostgreSQL's processes together (its backends come and go, but the gateway's pool keeps its own)
postgres_ticks() {
  local total=0 pid
  for pid in $(pgrep -x postgres); do total=$(( total + $(cpu_ticks "$pid" 2>/dev/null || echo 0) )); done
  echo $total
}
# per thread: name (digits dropped, so the event loops are one group), user and system ticks
thread_ticks() {
  for stat in /proc/$1/task/*/stat; do
    sed 's/^[0-9]* (\(.*\)) . /\1\t/' "$stat" 2>/dev/null | awk -F'\t' '{ split($2, f, " "); gsub(/[0-9]+/, "#", $1); print $1 "\t" f[11] "\t" f[12] }'
  done
}
# the CPU of the threads between two thread_ticks snapshots, per group, over n requests
thread_split() {
  awk -F'\t' -v n=$3 -v tick=$TICK 'FNR == NR { u[$1] -= $2; s[$1] -= $3; next } { u[$1] += $2; s[$1] += $3 }
    END { for (t in u) if (u[t] + s[t] > 0) printf "  %7.1f µs per request (user %6.1f, system %6.1f)  %s\n", (u[t] + s[t]) / tick * 1e6 / n, u[t] / tick * 1e6 / n, s[t] / tick * 1e6 / n, t }' "$1" "$2" | sort -rn
}
TICK=$(getconf CLK_TCK)
# wrk's latency percentiles in ms: "50%  1.23ms" / "812.00us" / "1.02s"
percentile() {
  awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) v = v / 1000; else if (v ~ /ms$/) v = v + 0; else if (v ~ /s$/) v = v * 1000; printf "%.2f", v }' "$2"
}
requests() { awk '/requests in/ { print $1 }' "$1"; }
errors() { awk '/Non-2xx|Socket errors/ { print }' "$1"; }
run_wrk() { # target concurrency seconds out
  local threads=$(( $2 < 2 ? 1 : 2 ))
  BENCH_TARGET=$1 wrk -t$threads -c$2 -d${3}s --latency -s bench/gateway/chat.lua "$( [ "$1" = direct ] \
    && echo "http://127.0.0.1:$NGINX_PORT" || echo "$GATEWAY")" > "$4" 2>&1
  if [ -n "$(errors "$4")" ]; then echo "errors in the $1 run:"; cat "$4"; exit 1; fi
}

# the JIT keeps compiling for a while at each new load: warm up at the heaviest one
echo "gateway bench, $(nproc) cores; warm-up $(( WARMUP * 4 / 3 )) s (chat at concurrency 64, then 1, then streaming)"
run_wrk gateway 64 $(( WARMUP * 2 / 3 )) "$WORK/warmup"
run_wrk gateway 1 $(( WARMUP / 3 )) "$WORK/warmup"
java bench/gateway/GatewayBench.java gateway "$GATEWAY" phi3 4 $(( WARMUP / 3 )) "$KEY" > /dev/null

echo
echo "| concurrency | direct p50 / p99 | through the gateway p50 / p99 | added p50 / p99 | gateway CPU per request | gateway req/s |"
echo "|---|---|---|---|---|---|"
for c in ${CITADEL_BENCH_CONCURRENCY:-1 8 64}; do
  run_wrk direct $c $STEP "$WORK/direct-$c"
  before=$(cpu_ticks $GW); thread_ticks $GW > "$WORK/threads-before-$c"; pg_before=$(postgres_ticks)
  run_wrk gateway $c $STEP "$WORK/gateway-$c"
  after=$(cpu_ticks $GW); thread_ticks $GW > "$WORK/threads-after-$c"; echo $(( $(postgres_ticks) - pg_before )) > "$WORK/postgres-$c"
  d50=$(percentile 50% "$WORK/direct-$c"); d99=$(percentile 99% "$WORK/direct-$c")
  g50=$(percentile 50% "$WORK/gateway-$c"); g99=$(percentile 99% "$WORK/gateway-$c")
  n=$(requests "$WORK/gateway-$c")
  awk -v c=$c -v d50=$d50 -v d99=$d99 -v g50=$g50 -v g99=$g99 -v n=$n -v cpu=$(( after - before )) -v tick=$TICK \
    -v s=$STEP 'BEGIN { printf "| %d | %.2f / %.2f ms | %.2f / %.2f ms | %.2f / %.2f ms | %.3f ms | %.0f |\n",
      c, d50, d99, g50, g99, g50 - d50, g99 - d99, cpu / tick * 1000 / n, n / s }'
done

for c in ${CITADEL_BENCH_CONCURRENCY:-1 8 64}; do
  echo
  echo "The gateway's CPU at concurrency $c by thread; PostgreSQL's (the audit's writes) after it:"
  thread_split "$WORK/threads-before-$c" "$WORK/threads-after-$c" "$(requests "$WORK/gateway-$c")"
  awk -v n="$(requests "$WORK/gateway-$c")" -v tick=$TICK '{ d += $1 } END { printf "  %7.1f µs per request  PostgreSQL\n", d / tick * 1e6 / n }' "$WORK/postgres-$c"
done

echo
echo "Streaming at concurrency 1: time to first token, the instant backend (nginx, one chunk) and the simulator"
echo "(token by token, its first after 0 or 20 ms); CPU per token at concurrency 8 (instant backend):"
echo
echo "| backend | stream | direct first token p50 / p99 | through the gateway p50 / p99 | added p50 |"
echo "|---|---|---|---|---|"
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" "$2"; }
ttft() { # label model direct-url
  java bench/gateway/GatewayBench.java direct "$3" "$2" 1 $STEP > "$WORK/ttft-direct"
  for endpoint in gateway voice; do
    java bench/gateway/GatewayBench.java $endpoint "$GATEWAY" "$2" 1 $STEP "$KEY" > "$WORK/ttft-$endpoint"
    awk -v b="$1" -v e=$endpoint -v d50=$(field ttft_p50_ms "$WORK/ttft-direct") -v d99=$(field ttft_p99_ms "$WORK/ttft-direct") \
      -v g50=$(field ttft_p50_ms "$WORK/ttft-$endpoint") -v g99=$(field ttft_p99_ms "$WORK/ttft-$endpoint") \
      'BEGIN { printf "| %s | %s | %.2f / %.2f ms | %.2f / %.2f ms | %.2f ms |\n", b, e == "gateway" ? "/v1/chat/completions" : "/v1/voice/chat/completions", d50, d99, g50, g99, g50 - d50 }'
  done
}
ttft "instant (nginx)" phi3 "http://127.0.0.1:$NGINX_PORT"
ttft "simulator, first token at once" phi3-now "http://127.0.0.1:$NOW_SIM_PORT"
ttft "simulator, first token after 20 ms" phi3-slow "http://127.0.0.1:$SLOW_SIM_PORT"
before=$(cpu_ticks $GW)
# no client warm-up here: the gateway's CPU is read around the whole run
BENCH_CLIENT_WARMUP_S=0 java bench/gateway/GatewayBench.java gateway "$GATEWAY" phi3 8 $STEP "$KEY" > "$WORK/stream-cpu"
after=$(cpu_ticks $GW)
awk -v t=$(field tokens "$WORK/stream-cpu") -v n=$(field streams "$WORK/stream-cpu") -v s=$(field seconds "$WORK/stream-cpu") \
  -v cpu=$(( after - before )) -v tick=$TICK 'BEGIN { printf "\nstreams at concurrency 8: %.0f/s, %.0f tokens/s; gateway CPU %.3f ms per stream, %.1f µs per token\n",
    n / s, t / s, cpu / tick * 1000 / n, cpu / tick * 1e6 / t }'

echo
echo "Audit: ${AUDIT_RUN} s of chat at concurrency 64; the audit queue and spool sampled every 5 s"
metric() { curl -s "$GATEWAY/metrics" | awk -v m="$1" '$1 == m || index($1, m "{") == 1 { printf "%d", $2 }'; }
# until the audit holds nothing in memory or in its spool (at most the given seconds); prints the seconds it took
drained() {
  local waited=0
  while [ $(( $(metric citadel_gateway_audit_queue_depth) + $(metric citadel_gateway_audit_spooled_records) )) -gt 0 ] \
      && [ $waited -lt "$1" ]; do
    sleep 1; waited=$(( waited + 1 ))
  done
  echo $waited
}
drained 60 > /dev/null
rows_before=$(psql -h 127.0.0.1 -U postgres -d $DB -qAtc "SELECT count(*) FROM gateway.requests")
run_wrk gateway 64 $AUDIT_RUN "$WORK/audit" &
WRK=$!
max_depth=0; max_spooled=0
for _ in $(seq 1 $(( AUDIT_RUN / 5 ))); do
  sleep 5
  depth=$(metric citadel_gateway_audit_queue_depth); spooled=$(metric citadel_gateway_audit_spooled_records)
  echo "  queue depth $depth, spooled $spooled"
  max_depth=$(( depth > max_depth ? depth : max_depth )); max_spooled=$(( spooled > max_spooled ? spooled : max_spooled ))
done
wait $WRK
rows_in_run=$(( $(psql -h 127.0.0.1 -U postgres -d $DB -qAtc "SELECT count(*) FROM gateway.requests") - rows_before ))
n=$(requests "$WORK/audit")
echo "$n requests ($(( n / AUDIT_RUN ))/s), $rows_in_run audit rows written during the run ($(( rows_in_run / AUDIT_RUN ))/s), max queue depth $max_depth, max spooled $max_spooled"
# wrk counts the answers it read; a request it gave up at the end has its row too, so rows ≥ requests means none lost
waited=$(drained 600)
rows=$(( $(psql -h 127.0.0.1 -U postgres -d $DB -qAtc "SELECT count(*) FROM gateway.requests") - rows_before ))
echo "after ${waited} s the audit held nothing in memory or spool: $rows rows for the run's $n requests ($(( rows >= n ? 0 : n - rows )) missing)"
