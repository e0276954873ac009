-- The queue's hot path as functions (docs/orchestration.md#engine): a claim (which also starts the steps it claims)
-- is one round trip whatever its size, and so is a batch of completions (group commit), instead of a transaction of
-- several statements per step. Every progress event's JSON is built by one function.
--
-- Lock order, as everywhere in the engine: a workflow's row first, then its tasks; several workflows in id order.
-- Each statement of a PL/pgSQL function sees what the statements before it did, so its checks run after the locks
-- it took.

-- The JSON of a progress event: the wire form of common-model's WorkflowProgressEvent, absent fields left out.
CREATE FUNCTION orchestration.event_data(p_type text, p_workflow uuid, p_status text, p_steps_completed integer,
                                         p_steps_total integer, p_step_id text, p_step_status text,
                                         p_attempt integer, p_error text, p_delta text)
    RETURNS jsonb
    LANGUAGE sql AS
$$
SELECT jsonb_strip_nulls(jsonb_build_object(
        'type', p_type, 'workflow_id', p_workflow, 'status', p_status, 'step_id', p_step_id,
        'step_status', p_step_status, 'attempt', p_attempt,
        'progress', jsonb_build_object('steps_completed', p_steps_completed, 'steps_total', p_steps_total),
        'delta', p_delta, 'error', p_error,
        'timestamp', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')))
$$;

-- Writes event p_seq of a workflow's feed. The caller numbers it (bumping workflows.event_seq, which locks the
-- workflow's row, so a workflow's events commit in number order) and announces the change with NOTIFY
-- citadel_workflow_events '<workflow id> <type of its last event>' (WorkflowEventLog.CHANNEL): one announcement per
-- workflow and transaction is enough, since a follower reads every event after the last one it saw.
CREATE FUNCTION orchestration.write_event(p_workflow uuid, p_seq bigint, p_type text, p_status text,
                                          p_steps_completed integer, p_steps_total integer,
                                          p_step_id text DEFAULT NULL, p_step_status text DEFAULT NULL,
                                          p_attempt integer DEFAULT NULL, p_error text DEFAULT NULL,
                                          p_delta text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO orchestration.workflow_events (workflow_id, seq, type, data)
    VALUES (p_workflow, p_seq, p_type, orchestration.event_data(p_type, p_workflow, p_status, p_steps_completed,
                                                                p_steps_total, p_step_id, p_step_status, p_attempt,
                                                                p_error, p_delta));
END
$$;

-- Appends one event to a workflow's feed, with the workflow's status and progress as they are now, and announces it.
CREATE FUNCTION orchestration.append_event(p_workflow uuid, p_type text, p_step_id text DEFAULT NULL,
                                           p_step_status text DEFAULT NULL, p_attempt integer DEFAULT NULL,
                                           p_error text DEFAULT NULL, p_delta text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql AS
$$
DECLARE
    w record;
BEGIN
    UPDATE orchestration.workflows SET event_seq = event_seq + 1 WHERE id = p_workflow
    RETURNING event_seq, status, steps_completed, steps_total INTO w;
    IF NOT FOUND THEN
        RETURN; -- deleted after its retention: nobody can follow it any more
    END IF;
    PERFORM orchestration.write_event(p_workflow, w.event_seq, p_type, w.status, w.steps_completed, w.steps_total,
                                      p_step_id, p_step_status, p_attempt, p_error, p_delta);
    PERFORM pg_notify('citadel_workflow_events', p_workflow || ' ' || p_type);
END
$$;

-- Claims up to p_limit ready tasks of the given types for p_owner, leased for p_lease_ms, and starts them: each
-- one's workflow becomes running (announced once) and each attempt is announced. A task whose workflow another
-- transaction holds (a cancel, a sibling's completion) is left for the next claim rather than waited for; a task
-- of a workflow that ended is never claimed. Set-based, so a claim costs about the same for one task as for many.
CREATE FUNCTION orchestration.claim_tasks(p_owner text, p_types text[], p_limit integer, p_lease_ms bigint)
    RETURNS TABLE (id uuid, workflow_id uuid, step_id text, type text, input text, attempts integer,
                   max_attempts integer, backoff_ms bigint)
    LANGUAGE plpgsql
    -- the claim must walk tasks_claim_idx in order and stop at the limit: a bitmap scan, which the planner picks when
    -- its statistics lag behind a fast-moving queue, reads every entry, those of tasks claimed since included
    SET enable_bitmapscan = off AS
$$
#variable_conflict use_column
DECLARE
    ids uuid[];
    workflow_ids uuid[];
    step_ids text[];
    step_types text[];
    inputs text[];
    attempt_numbers integer[];
    attempt_limits integer[];
    backoffs bigint[];
    starting uuid[];
BEGIN
    WITH ready AS (SELECT t.id, t.workflow_id FROM orchestration.tasks t
                   WHERE t.status = 'pending' AND t.run_after <= now() AND t.type = ANY (p_types)
                   ORDER BY t.run_after LIMIT p_limit),
         free AS MATERIALIZED (SELECT w.id FROM orchestration.workflows w
                               WHERE w.id IN (SELECT ready.workflow_id FROM ready)
                                 AND w.status IN ('pending', 'running')
                               FOR UPDATE SKIP LOCKED),
         claimed AS (UPDATE orchestration.tasks t
                     SET status = 'running', lease_owner = p_owner,
                         lease_expires_at = now() + p_lease_ms * interval '1 millisecond',
                         attempts = t.attempts + 1, started_at = coalesce(t.started_at, now()), updated_at = now()
                     FROM ready
                     WHERE t.id = ready.id AND t.status = 'pending' AND ready.workflow_id IN (SELECT free.id FROM free)
                     RETURNING t.id, t.workflow_id, t.step_id, t.type, t.input::text AS input, t.attempts,
                         t.max_attempts, t.backoff_ms)
    SELECT array_agg(c.id), array_agg(c.workflow_id), array_agg(c.step_id), array_agg(c.type), array_agg(c.input),
           array_agg(c.attempts), array_agg(c.max_attempts), array_agg(c.backoff_ms)
    INTO ids, workflow_ids, step_ids, step_types, inputs, attempt_numbers, attempt_limits, backoffs
    FROM claimed c;
    IF ids IS NULL THEN
        RETURN;
    END IF;

    SELECT array_agg(w.id) INTO starting
    FROM orchestration.workflows w WHERE w.id = ANY (workflow_ids) AND w.status = 'pending';
    -- each workflow's row changes once: running, and numbers for its events (workflow_started when it was pending,
    -- then one step_started per task)
    WITH events AS (SELECT s.workflow_id, 0::bigint AS position, 'workflow_started' AS type, NULL AS step_id,
                           NULL AS step_status, NULL::integer AS attempt
                    FROM unnest(starting) AS s(workflow_id)
                    UNION ALL
                    SELECT c.workflow_id, c.position, 'step_started', c.step_id, 'running', c.attempt
                    FROM unnest(workflow_ids, step_ids, attempt_numbers) WITH ORDINALITY
                        AS c(workflow_id, step_id, attempt, position)),
         numbered AS (UPDATE orchestration.workflows w
                      SET status = 'running', started_at = coalesce(w.started_at, now()), updated_at = now(),
                          event_seq = w.event_seq + n.events
                      FROM (SELECT e.workflow_id, count(*) AS events FROM events e GROUP BY e.workflow_id) n
                      WHERE w.id = n.workflow_id
                      RETURNING w.id, w.event_seq, n.events, w.steps_completed, w.steps_total)
    INSERT INTO orchestration.workflow_events (workflow_id, seq, type, data)
    SELECT e.workflow_id,
           n.event_seq - n.events + row_number() OVER (PARTITION BY e.workflow_id ORDER BY e.position),
           e.type,
           orchestration.event_data(e.type, e.workflow_id, 'running', n.steps_completed, n.steps_total, e.step_id,
                                    e.step_status, e.attempt, NULL, NULL)
    FROM events e JOIN numbered n ON n.id = e.workflow_id;
    PERFORM pg_notify('citadel_workflow_events', w || ' step_started')
    FROM (SELECT DISTINCT unnest(workflow_ids)) AS started(w);

    RETURN QUERY SELECT * FROM unnest(ids, workflow_ids, step_ids, step_types, inputs, attempt_numbers,
                                      attempt_limits, backoffs);
END
$$;

-- Stores the output of a task p_owner holds and counts it into its workflow's progress. When it was the last task
-- of its stage, the next stage becomes ready (NOTIFY citadel_tasks_ready, TaskQueue.READY_CHANNEL), or, after the
-- last stage, the workflow completes with that stage's output as its result: a single step's output, or a parallel
-- group's outputs by step id. False when p_owner no longer held the task: nothing changed.
CREATE FUNCTION orchestration.complete_task(p_task uuid, p_workflow uuid, p_owner text, p_output jsonb)
    RETURNS boolean
    LANGUAGE plpgsql AS
$$
DECLARE
    done record;
    workflow record;
    stage_finished boolean;
BEGIN
    PERFORM FROM orchestration.workflows WHERE id = p_workflow FOR UPDATE;
    UPDATE orchestration.tasks
    SET status = 'completed', output = p_output, error = NULL, finished_at = now(), lease_owner = NULL,
        lease_expires_at = NULL, updated_at = now()
    WHERE id = p_task AND status = 'running' AND lease_owner = p_owner
    RETURNING stage, step_id, attempts INTO done;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    -- false for a parallel group whose other steps still run
    stage_finished := NOT EXISTS (SELECT FROM orchestration.tasks
                                  WHERE workflow_id = p_workflow AND stage = done.stage AND status <> 'completed');
    IF NOT stage_finished OR EXISTS (SELECT FROM orchestration.tasks
                                     WHERE workflow_id = p_workflow AND stage > done.stage) THEN
        UPDATE orchestration.workflows
        SET steps_completed = steps_completed + 1, event_seq = event_seq + 1, updated_at = now()
        WHERE id = p_workflow
        RETURNING event_seq, steps_completed, steps_total INTO workflow;
        PERFORM orchestration.write_event(p_workflow, workflow.event_seq, 'step_completed', 'running',
                                          workflow.steps_completed, workflow.steps_total, done.step_id, 'completed',
                                          done.attempts);
        PERFORM pg_notify('citadel_workflow_events', p_workflow || ' step_completed');
        IF stage_finished THEN
            UPDATE orchestration.tasks SET run_after = now(), updated_at = now()
            WHERE workflow_id = p_workflow AND stage = done.stage + 1 AND status = 'pending';
            PERFORM pg_notify('citadel_tasks_ready', '');
        END IF;
        RETURN true;
    END IF;
    -- the last step: the workflow completes in the same change of its row
    UPDATE orchestration.workflows
    SET steps_completed = steps_completed + 1, event_seq = event_seq + 2, status = 'completed',
        finished_at = now(), updated_at = now(),
        result = (SELECT CASE WHEN bool_and(group_id IS NULL) THEN (array_agg(output))[1]
                              ELSE jsonb_object_agg(step_id, output) END
                  FROM orchestration.tasks WHERE workflow_id = p_workflow AND stage = done.stage)
    WHERE id = p_workflow
    RETURNING event_seq, steps_completed, steps_total INTO workflow;
    PERFORM orchestration.write_event(p_workflow, workflow.event_seq - 1, 'step_completed', 'running',
                                      workflow.steps_completed, workflow.steps_total, done.step_id, 'completed',
                                      done.attempts);
    PERFORM orchestration.write_event(p_workflow, workflow.event_seq, 'workflow_completed', 'completed',
                                      workflow.steps_completed, workflow.steps_total);
    PERFORM pg_notify('citadel_workflow_events', p_workflow || ' workflow_completed');
    RETURN true;
END
$$;

-- Completes the tasks of a batch in one transaction (group commit: the completions that arrived while the previous
-- batch was written), workflow by workflow in id order, so that two batches never wait on each other in a cycle.
-- Answers the tasks completed; a task its owner no longer held is left out.
CREATE FUNCTION orchestration.complete_tasks(p_tasks uuid[], p_workflows uuid[], p_owners text[], p_outputs jsonb[])
    RETURNS SETOF uuid
    LANGUAGE plpgsql AS
$$
DECLARE
    completion record;
BEGIN
    FOR completion IN SELECT * FROM unnest(p_tasks, p_workflows, p_owners, p_outputs) AS c(task, workflow, owner, output)
                      ORDER BY c.workflow, c.task
    LOOP
        IF orchestration.complete_task(completion.task, completion.workflow, completion.owner, completion.output) THEN
            RETURN NEXT completion.task;
        END IF;
    END LOOP;
END
$$;

-- A busy queue churns: every step claimed and completed leaves dead index entries that the next claims walk over
-- until a vacuum removes them. Vacuum the queue's tables after a fixed number of changes rather than a fifth of the
-- table (the default), which a table holding a week of finished workflows would take long to reach.
ALTER TABLE orchestration.tasks SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                                     autovacuum_vacuum_cost_delay = 0);
ALTER TABLE orchestration.workflows SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                                         autovacuum_vacuum_cost_delay = 0);
