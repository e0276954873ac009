-- The admin audit records how long each call took and how it ended; the registry when each model was last seen on
-- its host (docs/management.md#model-registry).

ALTER TABLE management.admin_audit
    ADD COLUMN duration_ms integer,
    ADD COLUMN outcome     text,
    ADD CONSTRAINT admin_audit_duration_nonneg CHECK (duration_ms IS NULL OR duration_ms >= 0),
    ADD CONSTRAINT admin_audit_outcome_check
        CHECK (outcome IS NULL OR outcome IN ('ok', 'partial', 'denied', 'refused', 'failed', 'abandoned'));

COMMENT ON COLUMN management.admin_audit.duration_ms IS 'From the request''s arrival to the end of the answer.';
COMMENT ON COLUMN management.admin_audit.outcome IS
    'ok; partial (some hosts did not answer); denied (401/403); refused (other 4xx: bad input, rate limit, conflict); '
    'failed (5xx); abandoned (the caller left before the answer was complete).';

-- GET /management/audit pages newest first by (created_at, id)
DROP INDEX management.admin_audit_created_at_idx;
CREATE INDEX admin_audit_created_at_id_idx ON management.admin_audit (created_at, id);

ALTER TABLE management.llm_metadata
    ADD COLUMN last_seen_at timestamptz;

COMMENT ON COLUMN management.llm_metadata.last_seen_at IS
    'When the host last listed the model (/api/tags); a model no longer listed keeps its row with status deleted.';
