#!/usr/bin/env bash
# Workflows survive a crashed orchestrator (issue 10; docs/orchestration.md#engine): two orchestrators (the packaged
# jar, two ports) share the queue in one database; simulators of the gateway and the embedding service answer with
# some latency; N workflows are submitted; a WebSocket watcher follows every one of them on the survivor; the other
# orchestrator is killed with `kill -9` while it runs steps, and started again. Then:
#  - every workflow completed;
#  - no step ran twice at the same time: in each step's history (orchestration.workflow_events, in seq order, which
#    the workflow's row lock makes the commit order) an attempt starts only first or after the previous attempt
#    ended, each attempt ends once, time never runs backwards, and tasks.attempts counts exactly those attempts;
#    an attempt's streamed text never comes after a later attempt of its step started (it would still be running);
#  - the steps the killed process held were taken back once each (their lease expired);
#  - the watcher saw each workflow's events in order, 1..n without a gap, n being the workflow's stored count, and
#    a normal close (1000) after workflow_completed.
#
# Lease: 15 s, renewed every 2 s, rescue every 1 s. A live worker loses a step only if it renews nothing for 13 s;
# GC pauses of these small heaps are milliseconds and CPU starvation on a loaded 2-core machine a few seconds, so
# the survivor never loses a step it runs, while the killed process's steps come back within 16 s, which keeps the
# run well under 2 minutes.
#
# The orchestrators share a database of their own, <test database>_crash, made afresh each run: steps that tests
# left behind in the test database must not run here (nor open circuits).
# Called by `./citadel test` after `./mvnw -B verify`; needs PostgreSQL and Redis.
set -euo pipefail
E2E_NAME=orchestration-crash
. "$(dirname "$0")/../scripts/e2e.sh"
require_builds orchestration-service
N=${CITADEL_CRASH_WORKFLOWS:-100}
RUN="crash-$(date +%s%N)"
TOKEN=e2e-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
DB=${CITADEL_TEST_DB_NAME:-citadel_test}_crash
export CITADEL_TEST_DB_NAME=$DB   # psql_test_db's database
psql -q -h "${CITADEL_DB_HOST:-127.0.0.1}" -p "${CITADEL_DB_PORT:-5432}" -U "${CITADEL_DB_USER:-postgres}" \
  -d postgres -v ON_ERROR_STOP=1 -c "drop database if exists $DB" -c "create database $DB"

LLM_PORT=$(free_port)
EMBEDDING_PORT=$(free_port)
SURVIVOR_PORT=$(free_port)
VICTIM_PORT=$(free_port)

start_bg llm-simulator "$JAVA" -jar "$WORK_DIR/simulator.jar" openai --port "$LLM_PORT" \
  --tokens 10 --first-token-delay-ms 100 --token-delay-ms 30
LLM_PID=$LAST_PID
start_bg embedding-simulator "$JAVA" -jar "$WORK_DIR/simulator.jar" embedding --port "$EMBEDDING_PORT" \
  --first-token-delay-ms 150
EMBEDDING_PID=$LAST_PID

# start_orchestrator NAME PORT: the packaged service as ./citadel run starts it, with short leases (see above) and
# 8 steps at once, so that 100 workflows take some seconds and the kill finds steps running
start_orchestrator() {
  start_bg "$1" env CITADEL_ORCHESTRATION_PORT="$2" CITADEL_HTTP_HOST=127.0.0.1 \
    CITADEL_DB_HOST="${CITADEL_DB_HOST:-127.0.0.1}" CITADEL_DB_PORT="${CITADEL_DB_PORT:-5432}" \
    CITADEL_DB_NAME="$DB" CITADEL_SERVICE_TOKEN="$TOKEN" \
    CITADEL_GATEWAY_URL="http://127.0.0.1:$LLM_PORT" CITADEL_EMBEDDING_URL="http://127.0.0.1:$EMBEDDING_PORT" \
    "$JAVA" -Dvertx.disableURIValidation=true -Dvertx.disableWebsockets=true ${CITADEL_JAVA_OPTS:-} \
    -Dcitadel.workflows.worker.lease=15s -Dcitadel.workflows.worker.lease-renewal=2s \
    -Dcitadel.workflows.worker.rescue-interval=1s -Dcitadel.workflows.worker.concurrency=8 \
    -jar "$WORK_DIR/orchestration/quarkus-run.jar"
}

sql() { psql_test_db -c "$1"; }
completed() { sql "select count(*) from orchestration.workflows where name = '$RUN' and status = 'completed'"; }
check_time() { [ "$SECONDS" -lt "$DEADLINE" ] || { say "$1 (after ${SECONDS}s)"; exit 1; }; }

start_orchestrator survivor "$SURVIVOR_PORT"
SURVIVOR_PID=$LAST_PID
start_orchestrator victim "$VICTIM_PORT"
VICTIM_PID=$LAST_PID
wait_for "LLM simulator" "$LLM_PID" "http://127.0.0.1:$LLM_PORT/_sim/stats"
wait_for "embedding simulator" "$EMBEDDING_PID" "http://127.0.0.1:$EMBEDDING_PORT/_sim/stats"
wait_for survivor "$SURVIVOR_PID" "http://127.0.0.1:$SURVIVOR_PORT/health/ready"
wait_for victim "$VICTIM_PID" "http://127.0.0.1:$VICTIM_PORT/health/ready"
STARTED_IN=$SECONDS
DEADLINE=$((SECONDS + ${CITADEL_CRASH_TIMEOUT_S:-100}))   # for the run itself, once the services are up

# the watcher follows each workflow on the survivor from the moment its submission is answered (through a pipe)
REPORT=$WORK_DIR/watched
SUBMITTED=$WORK_DIR/submitted.fifo
mkfifo "$SUBMITTED"
start_bg watcher "$JAVA" "$ROOT/e2e/WorkflowWatcher.java" "ws://127.0.0.1:$SURVIVOR_PORT" "$TOKEN" "$SUBMITTED" \
  "$REPORT" "$((DEADLINE - SECONDS))"
WATCHER_PID=$LAST_PID
until [ -s "$REPORT.ready" ]; do
  kill -0 "$WATCHER_PID" 2>/dev/null || { say "the watcher stopped before it was ready"; exit 1; }
  check_time "the watcher did not start"; sleep 0.2
done

workflow() {
  printf '%s' '{"name": "'"$RUN"'", "input": {"question": "question '"$1"'"}, "steps": [
    {"id": "embed", "type": "embedding", "params": {"text": "{{input.question}}"}},
    {"id": "then", "type": "parallel", "steps": [
      {"id": "store", "type": "vector_store",
       "params": {"collection": "'"$RUN"'", "vector": "{{embed.output.embeddings[0]}}"}},
      {"id": "answer", "type": "llm_query", "params": {"prompt": "Answer {{input.question}}", "stream": true}}]}]}'
}
# all through the survivor (the victim works the same queue), in one curl over a kept-alive connection, while the
# rest of the script goes on: the kill may come before the last submission
submit_all() {
  local requests=() i
  for i in $(seq 1 "$N"); do
    [ "$i" -eq 1 ] || requests+=(--next)
    requests+=(-fsSN -w '\n' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json'
               -d "$(workflow "$i")" "http://127.0.0.1:$SURVIVOR_PORT/api/v1/workflows")
  done
  curl "${requests[@]}" | tee "$WORK_DIR/answers" >"$SUBMITTED"
}
say "submitting $N workflows (an embedding, then its vector stored and a streamed answer at the same time)"
start_bg submissions submit_all
SUBMITTER_PID=$LAST_PID

# mid-way: a fifth of the workflows done, and steps running on the victim
until [ "$(completed)" -ge $((N / 5)) ] && [ "$(sql "select count(*) from orchestration.tasks
        where status = 'running' and lease_owner like '$VICTIM_PID@%'")" -ge 2 ]; do
  [ "$(completed)" -lt "$N" ] || { say "every workflow completed before the kill: nothing was tested"; exit 1; }
  check_time "the run never reached the point of the kill"; sleep 0.1
done
kill -9 "$VICTIM_PID"
wait "$VICTIM_PID" 2>/dev/null || true
# the steps it was running (this database is the script's own: a table of them is fine)
HELD=$(sql "create table killed_steps as select workflow_id, step_id, attempts from orchestration.tasks
            where status = 'running' and lease_owner like '$VICTIM_PID@%';
            select count(*) from killed_steps")
say "killed the victim (kill -9) with $(completed)/$N workflows completed and $HELD steps running on it; restarting it"
start_orchestrator victim-restarted "$VICTIM_PORT"
wait_for "restarted victim" "$LAST_PID" "http://127.0.0.1:$VICTIM_PORT/health/ready"

wait "$SUBMITTER_PID" || { say "submissions failed"; exit 1; }
IDS=$WORK_DIR/ids
sed -nE 's/.*"workflow_id":"([^"]+)".*/\1/p' "$WORK_DIR/answers" >"$IDS"
[ "$(wc -l <"$IDS")" -eq "$N" ] || { say "only $(wc -l <"$IDS") of $N submissions were accepted"; exit 1; }
until [ -s "$REPORT.connected" ]; do
  kill -0 "$WATCHER_PID" 2>/dev/null || { say "the watcher stopped before it was connected"; exit 1; }
  check_time "the watcher did not connect"; sleep 0.2
done
say "watcher: $(cat "$REPORT.connected") WebSockets to the survivor"

until [ "$(completed)" -eq "$N" ]; do
  [ "$(sql "select count(*) from orchestration.workflows where name = '$RUN' and status in ('failed', 'cancelled')")" \
    -eq 0 ] || { say "workflows failed: $(sql "select id || ' ' || error from orchestration.workflows
                                               where name = '$RUN' and status = 'failed' limit 5")"; exit 1; }
  check_time "only $(completed)/$N workflows completed"; sleep 0.3
done
say "all $N workflows completed"

OVERLAPS=$(sql "
  with step_events as (
    select e.workflow_id, e.seq, e.type, e.data->>'step_id' as step, (e.data->>'attempt')::int as attempt,
           e.created_at, lag(e.type) over w as prev_type, lag((e.data->>'attempt')::int) over w as prev_attempt,
           lag(e.created_at) over w as prev_at
    from orchestration.workflow_events e join orchestration.workflows f on f.id = e.workflow_id
    where f.name = '$RUN' and e.type in ('step_started', 'step_completed', 'step_retrying', 'step_failed')
    window w as (partition by e.workflow_id, e.data->>'step_id' order by e.seq))
  select workflow_id || ' ' || step || ': ' || type || ' of attempt ' || attempt || ' after '
         || coalesce(prev_type || ' of attempt ' || prev_attempt, 'nothing')
  from step_events
  where -- an attempt starts first, or after the previous attempt was given up for a retry: never beside another
        (type = 'step_started' and not (coalesce(prev_type, 'step_retrying') = 'step_retrying'
                                         and attempt = coalesce(prev_attempt, 0) + 1))
        -- an attempt ends once, the one that started last; or it was claimed and lost before it was announced
     or (type <> 'step_started' and not ((prev_type = 'step_started' and attempt = prev_attempt)
                                         or (type = 'step_retrying' and coalesce(prev_type, 'step_retrying') = 'step_retrying'
                                             and attempt = coalesce(prev_attempt, 0) + 1)))
     or created_at < prev_at
  union all
  -- text streamed by an attempt after a later attempt of its step had started: two attempts ran at once
  select workflow_id || ' ' || step || ': text of attempt ' || attempt || ' after attempt ' || started || ' started'
  from (select e.workflow_id, e.type, e.data->>'step_id' as step, (e.data->>'attempt')::int as attempt,
               max((e.data->>'attempt')::int) filter (where e.type = 'step_started') over (
                   partition by e.workflow_id, e.data->>'step_id' order by e.seq) as started
        from orchestration.workflow_events e join orchestration.workflows f on f.id = e.workflow_id
        where f.name = '$RUN' and e.type in ('step_started', 'llm_tokens')) tokens
  where type = 'llm_tokens' and started > attempt
  limit 10")
[ -z "$OVERLAPS" ] || { say "attempts of one step overlap or are out of order:"; echo "$OVERLAPS" >&2; exit 1; }
UNCOUNTED=$(sql "
  select t.workflow_id || ' ' || t.step_id || ' ' || t.status || ' attempts ' || t.attempts
  from orchestration.tasks t join orchestration.workflows f on f.id = t.workflow_id
  where f.name = '$RUN' and (t.status <> 'completed' or t.lease_owner is not null or t.attempts <>
        (select max((e.data->>'attempt')::int) from orchestration.workflow_events e
         where e.workflow_id = t.workflow_id and e.data->>'step_id' = t.step_id))
  limit 10")
[ -z "$UNCOUNTED" ] || { say "tasks whose attempts the history does not account for:"; echo "$UNCOUNTED" >&2; exit 1; }
LOST=$(sql "select count(*) from killed_steps k where (select count(*) from orchestration.workflow_events e
              where e.workflow_id = k.workflow_id and e.type = 'step_retrying' and e.data->>'step_id' = k.step_id
                and (e.data->>'attempt')::int = k.attempts and e.data->>'error' like '%lease expired%') <> 1")
[ "$LOST" -eq 0 ] || { say "$LOST of the $HELD steps running on the killed process were not taken back exactly once"; exit 1; }
EXPIRED=$(sql "select count(*) from orchestration.workflow_events e join orchestration.workflows f on f.id = e.workflow_id
               where f.name = '$RUN' and e.type = 'step_retrying' and e.data->>'error' like '%lease expired%'")
say "no step ran twice at once; the $HELD steps of the killed process were taken back once each" \
  "(other lease expiries: $((EXPIRED - HELD)), steps a live worker gave up, e.g. on a PostgreSQL timeout)"

wait "$WATCHER_PID" || { say "the watcher saw gaps, disorder or unfinished feeds:"; grep -v ' ok$' "$REPORT" >&2 || true; exit 1; }
diff <(sql "select id || ' ' || event_seq from orchestration.workflows where name = '$RUN' order by 1") \
  <(cut -d' ' -f1,2 "$REPORT" | sort) >&2 \
  || { say "the watcher's event counts differ from the stored feeds (stored <, seen >)"; exit 1; }
say "passed in ${SECONDS}s (services up after ${STARTED_IN}s): $N workflows completed across a kill -9; the WebSocket watcher on the survivor saw all" \
  "$(awk '{ n += $2 } END { print n }' "$REPORT") events, every workflow's in order"
