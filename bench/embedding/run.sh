#!/usr/bin/env bash
# Embedding-service benchmark (bench/README.md#embeddings-benchembedding): starts the packaged service on a fresh
# database, runs EmbeddingBench against it with the service's pid (so each step reports the service's CPU time per
# request), stops it. Needs the packaged jar (./mvnw -B -q package -pl embedding-service -am -DskipTests),
# PostgreSQL and Redis on localhost.
# usage: bench/embedding/run.sh [seconds-per-step=15] [all|uncached|cached|batch|search]
#   EMBEDDING_APPS="a=<quarkus-app folder> b=<another>" compares builds (e.g. an older commit's package) in one run:
#   one service each, with its own port and database, the steps' slices taken in turn (EmbeddingBench's A/B mode).
#   BENCH_SERVICE_CPUS and BENCH_CLIENT_CPUS (taskset lists, e.g. 1 and 0) pin the service and the load generator to
#   cores of their own, to compare the service with the model alone (ModelBench) on the same cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_STEP=${1:-15}
STEPS=${2:-all}
APPS=${EMBEDDING_APPS:-this=embedding-service/target/quarkus-app}
FIRST_PORT=${BENCH_PORT:-18001}
export CITADEL_SERVICE_TOKEN=bench-only-service-token-0123456789abcdef
LOGS=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$LOGS"; }
trap cleanup EXIT

names=() urls=() port=$FIRST_PORT
for spec in $APPS; do
  name=${spec%%=*} app=${spec#*=} db=citadel_bench_embedding_$name
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db" postgres 2>/dev/null
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" postgres
  CITADEL_EMBEDDING_PORT=$port CITADEL_HTTP_HOST=127.0.0.1 CITADEL_DB_NAME=$db \
    ${BENCH_SERVICE_CPUS:+taskset -c $BENCH_SERVICE_CPUS} \
    java -Dvertx.disableURIValidation=true ${BENCH_SERVICE_JAVA_OPTS:-} -jar "$app/quarkus-run.jar" > "$LOGS/$name.log" 2>&1 &
  PIDS+=($!) names+=("$name") urls+=("http://127.0.0.1:$port")
  port=$((port + 1))
done
for i in "${!urls[@]}"; do
  for _ in $(seq 1 240); do
    curl -sf "${urls[$i]}/health/ready" > /dev/null && break
    kill -0 "${PIDS[$i]}" 2>/dev/null || { echo "${names[$i]} stopped; its log:"; tail -20 "$LOGS/${names[$i]}.log"; exit 1; }
    sleep 0.5
  done
  curl -sf "${urls[$i]}/health/ready" > /dev/null || { echo "${names[$i]} is not ready:"; tail -20 "$LOGS/${names[$i]}.log"; exit 1; }
done
echo "services: $APPS; load average $(cut -d' ' -f1-3 /proc/loadavg)"
join() { local IFS=,; echo "$*"; }
BENCH_SERVICE_PID=$(join "${PIDS[@]}") BENCH_TARGET_NAMES=$(join "${names[@]}") \
  ${BENCH_CLIENT_CPUS:+taskset -c $BENCH_CLIENT_CPUS} java bench/embedding/EmbeddingBench.java "$(join "${urls[@]}")" "$SECONDS_PER_STEP" "$STEPS"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
