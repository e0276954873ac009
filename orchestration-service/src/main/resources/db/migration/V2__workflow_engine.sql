-- The workflow engine (docs/orchestration.md): workflow name and input, idempotency per caller, stages and parallel
-- groups of tasks, per-task backoff, and the stored progress feed.

ALTER TABLE orchestration.workflows
    ADD COLUMN name      text,
    ADD COLUMN input     jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- last event number of the workflow's feed; bumping it locks the row, so a workflow's events commit in order
    ADD COLUMN event_seq bigint NOT NULL DEFAULT 0;

-- Workflows always have an owner now that every call is authenticated; a key is unique per owner.
UPDATE orchestration.workflows SET created_by = '' WHERE created_by IS NULL;
ALTER TABLE orchestration.workflows
    ALTER COLUMN created_by SET NOT NULL,
    DROP CONSTRAINT workflows_idempotency_key_key,
    ADD CONSTRAINT workflows_owner_idempotency_key_key UNIQUE (created_by, idempotency_key);
COMMENT ON COLUMN orchestration.workflows.idempotency_key IS
    'Client-supplied key, unique per created_by: a repeated submission returns the existing workflow (ON CONFLICT).';
COMMENT ON COLUMN orchestration.workflows.created_by IS 'Principal name of the submitter (OIDC subject, or the service principal).';
COMMENT ON COLUMN orchestration.workflows.input IS 'The submitted input, referenced by steps as {{input.<path>}}.';
COMMENT ON COLUMN orchestration.workflows.event_seq IS 'Number of the last event in orchestration.workflow_events for this workflow.';

-- Finished workflows are deleted after the retention period, oldest first.
CREATE INDEX workflows_finished_at_idx ON orchestration.workflows (finished_at) WHERE finished_at IS NOT NULL;

ALTER TABLE orchestration.tasks
    ADD COLUMN stage      integer NOT NULL DEFAULT 0,
    ADD COLUMN group_id   text,
    ADD COLUMN backoff_ms bigint  NOT NULL DEFAULT 500,
    ADD CONSTRAINT tasks_stage_nonneg CHECK (stage >= 0),
    ADD CONSTRAINT tasks_backoff_nonneg CHECK (backoff_ms >= 0);
COMMENT ON COLUMN orchestration.tasks.stage IS
    'Position of the step (or of its parallel group) among the top-level steps: stage n+1 becomes runnable when every task of stage n completed.';
COMMENT ON COLUMN orchestration.tasks.group_id IS 'Id of the parallel step this task belongs to; NULL for a top-level step.';
COMMENT ON COLUMN orchestration.tasks.backoff_ms IS 'Wait before the first retry; doubled for each further one, with jitter.';

CREATE INDEX tasks_workflow_stage_idx ON orchestration.tasks (workflow_id, stage);

-- ---------------------------------------------------------------------------------------------
-- Progress feed
-- ---------------------------------------------------------------------------------------------
CREATE TABLE orchestration.workflow_events (
    workflow_id uuid        NOT NULL,
    seq         bigint      NOT NULL,
    type        text        NOT NULL,
    data        jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workflow_events_pkey PRIMARY KEY (workflow_id, seq),
    CONSTRAINT workflow_events_workflow_fkey FOREIGN KEY (workflow_id)
        REFERENCES orchestration.workflows (id) ON DELETE CASCADE,
    CONSTRAINT workflow_events_seq_positive CHECK (seq >= 1)
);

COMMENT ON TABLE orchestration.workflow_events IS
    'Every progress event of a workflow, in order (seq = workflows.event_seq at the time), written in the transaction '
    'that made the change and announced with NOTIFY citadel_workflow_events (payload: the workflow id) so every replica '
    'can push it to its SSE and WebSocket subscribers; a late subscriber reads the history from here.';
