-- Citadel orchestration-service, schema "orchestration": the durable workflow queue (workflows,
-- tasks), the API audit log and the dependency health log.
--
-- Flyway creates the schema and keeps its history table in it (quarkus.flyway.schemas=orchestration);
-- every object below is schema-qualified so the script never depends on search_path.
-- updated_at columns are set by the repository (SET updated_at = now()); there are no triggers.

-- ---------------------------------------------------------------------------------------------
-- Workflows
-- ---------------------------------------------------------------------------------------------
CREATE TABLE orchestration.workflows (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    idempotency_key text,
    status          text        NOT NULL DEFAULT 'pending',
    definition      jsonb       NOT NULL,
    steps_total     integer     NOT NULL,
    steps_completed integer     NOT NULL DEFAULT 0,
    result          jsonb,
    error           text,
    created_by      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    CONSTRAINT workflows_pkey PRIMARY KEY (id),
    CONSTRAINT workflows_idempotency_key_key UNIQUE (idempotency_key),
    CONSTRAINT workflows_idempotency_key_not_blank CHECK (idempotency_key IS NULL OR idempotency_key <> ''),
    CONSTRAINT workflows_status_check CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
    CONSTRAINT workflows_steps_total_nonneg CHECK (steps_total >= 0),
    CONSTRAINT workflows_steps_completed_range CHECK (steps_completed BETWEEN 0 AND steps_total)
);

COMMENT ON TABLE orchestration.workflows IS
    'Submitted workflows (POST /api/v1/workflows): the definition as submitted, status, progress (steps_completed/steps_total) and final result or error. '
    'Their steps are rows of orchestration.tasks.';
COMMENT ON COLUMN orchestration.workflows.idempotency_key IS
    'Client-supplied key; a repeated submission returns the existing workflow (INSERT ... ON CONFLICT (idempotency_key)). '
    'Unique across all callers: the service must answer a key that belongs to another created_by with a conflict, never with that workflow.';
COMMENT ON COLUMN orchestration.workflows.definition IS 'The submitted workflow ({steps:[{id, type, ...}]}) as JSON.';
COMMENT ON COLUMN orchestration.workflows.created_by IS 'OIDC subject of the submitter; NULL when authentication is off (dev).';

CREATE INDEX workflows_status_created_idx ON orchestration.workflows (status, created_at);
CREATE INDEX workflows_created_by_created_idx ON orchestration.workflows (created_by, created_at DESC);
CREATE INDEX workflows_created_at_idx ON orchestration.workflows (created_at);

-- ---------------------------------------------------------------------------------------------
-- Tasks: the queue
-- ---------------------------------------------------------------------------------------------
CREATE TABLE orchestration.tasks (
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    workflow_id      uuid        NOT NULL,
    step_id          text        NOT NULL,
    step_index       integer     NOT NULL,
    type             text        NOT NULL,
    status           text        NOT NULL DEFAULT 'pending',
    input            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    output           jsonb,
    error            text,
    attempts         integer     NOT NULL DEFAULT 0,
    max_attempts     integer     NOT NULL DEFAULT 3,
    run_after        timestamptz NOT NULL DEFAULT now(),
    lease_owner      text,
    lease_expires_at timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    CONSTRAINT tasks_pkey PRIMARY KEY (id),
    CONSTRAINT tasks_workflow_fkey FOREIGN KEY (workflow_id)
        REFERENCES orchestration.workflows (id) ON DELETE CASCADE,
    CONSTRAINT tasks_workflow_step_key UNIQUE (workflow_id, step_id),
    CONSTRAINT tasks_workflow_step_index_key UNIQUE (workflow_id, step_index),
    CONSTRAINT tasks_step_id_not_blank CHECK (step_id <> ''),
    CONSTRAINT tasks_step_index_nonneg CHECK (step_index >= 0),
    CONSTRAINT tasks_type_check CHECK (type IN ('embedding', 'vector_search', 'vector_store', 'llm_query')),
    CONSTRAINT tasks_status_check CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
    CONSTRAINT tasks_attempts_nonneg CHECK (attempts >= 0),
    CONSTRAINT tasks_max_attempts_positive CHECK (max_attempts >= 1),
    -- A running task always carries a lease, otherwise nothing could ever recover it after a crash.
    CONSTRAINT tasks_running_has_lease CHECK (status <> 'running' OR (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
);

COMMENT ON TABLE orchestration.tasks IS
    'One row per workflow step: the durable work queue shared by all replicas. '
    'Claim: UPDATE ... SET status=''running'', lease_owner=$me, lease_expires_at=now()+lease, attempts=attempts+1, started_at=coalesce(started_at, now()) '
    'WHERE id IN (SELECT id FROM orchestration.tasks WHERE status=''pending'' AND run_after <= now() ORDER BY run_after LIMIT n FOR UPDATE SKIP LOCKED). '
    'The worker renews lease_expires_at while it runs; a running task whose lease expired (crash, restart) is put back to pending. '
    'A failed attempt goes back to pending with run_after = now() + exponential backoff with jitter until attempts reaches max_attempts, '
    'then the task and its workflow fail. A step that must wait for earlier steps is kept out of the claim by run_after = ''infinity'' '
    '(or by inserting it only when it becomes runnable).';
COMMENT ON COLUMN orchestration.tasks.step_id IS 'The step''s id in the definition; other steps reference its output as {{<step_id>.output...}}.';
COMMENT ON COLUMN orchestration.tasks.step_index IS 'Position of the step in the definition, 0-based.';
COMMENT ON COLUMN orchestration.tasks.input IS 'The step''s parameters after template substitution (or as defined, before it runs).';
COMMENT ON COLUMN orchestration.tasks.attempts IS 'Attempts started so far (incremented on claim).';
COMMENT ON COLUMN orchestration.tasks.run_after IS 'Earliest time the task may be claimed (retry backoff; ''infinity'' = waiting for earlier steps).';
COMMENT ON COLUMN orchestration.tasks.lease_owner IS 'Worker (replica + thread) that holds the task while running.';
COMMENT ON COLUMN orchestration.tasks.lease_expires_at IS 'End of the lease; renewed by the worker. Expired = the worker is presumed dead.';

-- The claim query: WHERE status = 'pending' AND run_after <= now() ORDER BY run_after.
CREATE INDEX tasks_claim_idx ON orchestration.tasks (run_after) WHERE status = 'pending';
-- Lease recovery: WHERE status = 'running' AND lease_expires_at < now().
CREATE INDEX tasks_expired_lease_idx ON orchestration.tasks (lease_expires_at) WHERE status = 'running';
-- (workflow_id, step_id) and (workflow_id, step_index) unique indexes serve the per-workflow lookups and the FK cascade.

-- ---------------------------------------------------------------------------------------------
-- API audit log
-- ---------------------------------------------------------------------------------------------
CREATE TABLE orchestration.audit_logs (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    created_at  timestamptz NOT NULL DEFAULT now(),
    user_id     text,
    method      text        NOT NULL,
    path        text        NOT NULL,
    status      integer     NOT NULL,
    latency_ms  integer,
    client_ip   inet,
    request_id  text,
    body_sha256 char(64),
    CONSTRAINT audit_logs_pkey PRIMARY KEY (id),
    CONSTRAINT audit_logs_status_range CHECK (status BETWEEN 100 AND 599),
    CONSTRAINT audit_logs_latency_nonneg CHECK (latency_ms IS NULL OR latency_ms >= 0),
    CONSTRAINT audit_logs_body_sha256_hex CHECK (body_sha256 IS NULL OR body_sha256 ~ '^[0-9a-f]{64}$')
);

COMMENT ON TABLE orchestration.audit_logs IS
    'Every orchestration API call (who, what, result, latency), written in batches off the request path. '
    'The id is generated by the writer so a retried batch can use ON CONFLICT (id) DO NOTHING. The request body is never stored, only its SHA-256.';
COMMENT ON COLUMN orchestration.audit_logs.user_id IS 'OIDC subject; NULL for anonymous calls.';
COMMENT ON COLUMN orchestration.audit_logs.status IS 'HTTP status returned to the caller.';
COMMENT ON COLUMN orchestration.audit_logs.body_sha256 IS 'Lower-case hex SHA-256 of the request body; NULL when there was none.';

CREATE INDEX audit_logs_created_at_idx ON orchestration.audit_logs (created_at);
CREATE INDEX audit_logs_user_created_idx ON orchestration.audit_logs (user_id, created_at);
CREATE INDEX audit_logs_request_id_idx ON orchestration.audit_logs (request_id) WHERE request_id IS NOT NULL;

-- ---------------------------------------------------------------------------------------------
-- Dependency health log
-- ---------------------------------------------------------------------------------------------
CREATE TABLE orchestration.service_health_logs (
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    checked_at timestamptz NOT NULL DEFAULT now(),
    service    text        NOT NULL,
    status     text        NOT NULL,
    latency_ms integer,
    detail     text,
    CONSTRAINT service_health_logs_pkey PRIMARY KEY (id),
    CONSTRAINT service_health_logs_status_check CHECK (status IN ('UP', 'DOWN')),
    CONSTRAINT service_health_logs_latency_nonneg CHECK (latency_ms IS NULL OR latency_ms >= 0)
);

COMMENT ON TABLE orchestration.service_health_logs IS
    'Scheduled health checks of every dependency (gateways llm-01/llm-02/..., embedding-service, vector store, PostgreSQL, Redis), as reported by GET /api/v1/status.';
COMMENT ON COLUMN orchestration.service_health_logs.service IS 'Dependency name, e.g. gateway:llm-01, embedding-service, qdrant, postgresql, redis.';
COMMENT ON COLUMN orchestration.service_health_logs.latency_ms IS 'Round trip of the check; NULL when it never answered.';
COMMENT ON COLUMN orchestration.service_health_logs.detail IS 'Error message or short description of the state.';

-- Latest state per dependency and its history.
CREATE INDEX service_health_logs_service_checked_idx ON orchestration.service_health_logs (service, checked_at DESC);
-- Time-range pruning of old checks.
CREATE INDEX service_health_logs_checked_at_idx ON orchestration.service_health_logs USING brin (checked_at);
