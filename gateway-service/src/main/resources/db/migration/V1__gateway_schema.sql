-- Citadel gateway-service, schema "gateway": audit trail (conversations, messages, requests) and API keys.
--
-- Flyway creates the schema and keeps its history table in it (quarkus.flyway.schemas=gateway);
-- every object below is schema-qualified so the script never depends on search_path.
--
-- Conventions:
--   * every timestamp is timestamptz; monthly partitions are UTC calendar months;
--   * ids that Citadel generates are uuid with a gen_random_uuid() default, but the audit writer
--     should generate them itself so a spooled batch that is replayed twice can use
--     INSERT ... ON CONFLICT DO NOTHING and stay idempotent;
--   * the audit tables (requests, messages, conversations) carry no foreign keys: the batch writer
--     flushes them in any order and replays a local spool after an outage, and an audit record
--     must never be rejected because a related row is missing or not yet written.

-- ---------------------------------------------------------------------------------------------
-- API keys
-- ---------------------------------------------------------------------------------------------
CREATE TABLE gateway.api_keys (
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    name         text        NOT NULL,
    key_hash     char(64)    NOT NULL,
    key_prefix   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   text,
    revoked_at   timestamptz,
    rpm_limit    integer,
    tpm_limit    integer,
    last_used_at timestamptz,
    CONSTRAINT api_keys_pkey PRIMARY KEY (id),
    CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash),
    CONSTRAINT api_keys_key_hash_sha256_hex CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT api_keys_name_not_blank CHECK (btrim(name) <> ''),
    CONSTRAINT api_keys_key_prefix_len CHECK (char_length(key_prefix) BETWEEN 4 AND 16),
    CONSTRAINT api_keys_rpm_limit_positive CHECK (rpm_limit IS NULL OR rpm_limit > 0),
    CONSTRAINT api_keys_tpm_limit_positive CHECK (tpm_limit IS NULL OR tpm_limit > 0),
    CONSTRAINT api_keys_revoked_after_created CHECK (revoked_at IS NULL OR revoked_at >= created_at)
);

COMMENT ON TABLE gateway.api_keys IS
    'Gateway API keys (Authorization: Bearer ck-...). Only the SHA-256 hex of the secret is stored; the secret is shown once at creation. Keys are revoked (revoked_at), never deleted, so audit rows keep resolving.';
COMMENT ON COLUMN gateway.api_keys.key_hash IS 'Lower-case hex SHA-256 of the full secret; the lookup key on every request.';
COMMENT ON COLUMN gateway.api_keys.key_prefix IS 'First characters of the secret (e.g. "ck-1a2b3"), for display only; never enough to authenticate.';
COMMENT ON COLUMN gateway.api_keys.rpm_limit IS 'Requests per minute for this key; NULL = the configured default.';
COMMENT ON COLUMN gateway.api_keys.tpm_limit IS 'Tokens per minute for this key; NULL = the configured default.';
COMMENT ON COLUMN gateway.api_keys.last_used_at IS 'Updated in batches off the request path; approximate.';

CREATE INDEX api_keys_created_at_idx ON gateway.api_keys (created_at DESC);

-- ---------------------------------------------------------------------------------------------
-- Conversations (not partitioned: one row per conversation, updated as it continues)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE gateway.conversations (
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    api_key_id    uuid,
    client_ip     inet,
    user_agent    text,
    model         text,
    title         text,
    message_count integer     NOT NULL DEFAULT 0,
    CONSTRAINT conversations_pkey PRIMARY KEY (id),
    CONSTRAINT conversations_message_count_nonneg CHECK (message_count >= 0)
);

COMMENT ON TABLE gateway.conversations IS
    'One row per conversation (continued with header X-Conversation-Id, otherwise one per request). Its messages are in gateway.messages.';
COMMENT ON COLUMN gateway.conversations.api_key_id IS 'gateway.api_keys.id; no FK on purpose (audit rows are never rejected; keys are only revoked).';
COMMENT ON COLUMN gateway.conversations.model IS 'Model of the latest request, as resolved from the catalog (alias resolved).';

CREATE INDEX conversations_api_key_updated_idx ON gateway.conversations (api_key_id, updated_at DESC);
CREATE INDEX conversations_updated_at_idx ON gateway.conversations (updated_at DESC);

-- ---------------------------------------------------------------------------------------------
-- Requests (partitioned by month on created_at)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE gateway.requests (
    request_id        text        NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    endpoint          text        NOT NULL,
    profile           text,
    model             text,
    backend           text,
    status            text        NOT NULL,
    http_status       integer,
    latency_ms        integer,
    ttft_ms           integer,
    prompt_tokens     integer,
    completion_tokens integer,
    cached            boolean     NOT NULL DEFAULT false,
    api_key_id        uuid,
    client_ip         inet,
    user_agent        text,
    conversation_id   uuid,
    error             text,
    CONSTRAINT requests_pkey PRIMARY KEY (request_id, created_at),
    CONSTRAINT requests_status_check CHECK (status IN ('completed', 'error', 'timeout', 'cancelled')),
    CONSTRAINT requests_http_status_range CHECK (http_status IS NULL OR http_status BETWEEN 100 AND 599),
    CONSTRAINT requests_latency_nonneg CHECK (latency_ms IS NULL OR latency_ms >= 0),
    CONSTRAINT requests_ttft_nonneg CHECK (ttft_ms IS NULL OR ttft_ms >= 0),
    CONSTRAINT requests_prompt_tokens_nonneg CHECK (prompt_tokens IS NULL OR prompt_tokens >= 0),
    CONSTRAINT requests_completion_tokens_nonneg CHECK (completion_tokens IS NULL OR completion_tokens >= 0)
) PARTITION BY RANGE (created_at);

COMMENT ON TABLE gateway.requests IS
    'One audit row per gateway call (/v1/*, /api/embeddings, agent streams). Partitioned by UTC month on created_at (requests_YYYY_MM + requests_default); retention drops whole partitions via gateway.drop_partitions_older_than().';
COMMENT ON COLUMN gateway.requests.request_id IS 'X-Request-Id (accepted or generated). PK is (request_id, created_at) because a partitioned table''s keys must include the partition key.';
COMMENT ON COLUMN gateway.requests.created_at IS 'When the request arrived (partition key). Always set by the gateway, also when a spooled record is replayed.';
COMMENT ON COLUMN gateway.requests.endpoint IS 'Route path, e.g. /v1/chat/completions.';
COMMENT ON COLUMN gateway.requests.profile IS 'Streaming profile (voice, copilot, gui, agent type); NULL when not an agent stream.';
COMMENT ON COLUMN gateway.requests.model IS 'Catalog model name after alias resolution.';
COMMENT ON COLUMN gateway.requests.backend IS 'Backend that served the request (after failover); NULL when none did or when cached.';
COMMENT ON COLUMN gateway.requests.status IS 'completed | error | timeout (profile time limit / backend timeout) | cancelled (client went away).';
COMMENT ON COLUMN gateway.requests.ttft_ms IS 'Time to first token in ms (streaming); NULL when not applicable.';
COMMENT ON COLUMN gateway.requests.api_key_id IS 'gateway.api_keys.id; no FK (audit rows are never rejected).';
COMMENT ON COLUMN gateway.requests.conversation_id IS 'gateway.conversations.id; no FK (batched/replayed writes may arrive before the conversation row).';

CREATE TABLE gateway.requests_default PARTITION OF gateway.requests DEFAULT;
COMMENT ON TABLE gateway.requests_default IS
    'Catch-all partition so an insert never fails when a monthly partition is missing (scheduler late, clock skew). Normally empty: ensure_monthly_partitions() moves rows out when it creates their month.';

-- Indexes on the partitioned parent are created on every partition, present and future.
CREATE INDEX requests_created_at_idx ON gateway.requests (created_at);
CREATE INDEX requests_model_created_idx ON gateway.requests (model, created_at);
CREATE INDEX requests_api_key_created_idx ON gateway.requests (api_key_id, created_at);
CREATE INDEX requests_conversation_idx ON gateway.requests (conversation_id) WHERE conversation_id IS NOT NULL;

-- ---------------------------------------------------------------------------------------------
-- Messages (partitioned by month on created_at)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE gateway.messages (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    conversation_id uuid        NOT NULL,
    request_id      text,
    seq             integer     NOT NULL,
    role            text        NOT NULL,
    content         text,
    tool_calls      jsonb,
    tool_call_id    text,
    name            text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT messages_pkey PRIMARY KEY (id, created_at),
    CONSTRAINT messages_role_check CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    CONSTRAINT messages_seq_nonneg CHECK (seq >= 0),
    CONSTRAINT messages_tool_calls_array CHECK (tool_calls IS NULL OR jsonb_typeof(tool_calls) = 'array')
) PARTITION BY RANGE (created_at);

COMMENT ON TABLE gateway.messages IS
    'Every message of every conversation (prompts and model answers), in order (seq). Partitioned by UTC month on created_at like gateway.requests. '
    'There is deliberately no FK to gateway.conversations: a conversation can outlive a monthly partition of its messages, retention drops '
    'message partitions independently, and the batched/replayed audit writer may insert messages before their conversation row; '
    'messages_conversation_seq_idx serves the lookups instead. For the same reason (conversation_id, seq) cannot be a UNIQUE constraint '
    '(a unique key on a partitioned table must include created_at, and one conversation can span months).';
COMMENT ON COLUMN gateway.messages.seq IS 'Position of the message in its conversation, 0-based, increasing across requests.';
COMMENT ON COLUMN gateway.messages.request_id IS 'gateway.requests.request_id of the call that carried or produced this message.';
COMMENT ON COLUMN gateway.messages.content IS 'Message text; NULL for an assistant message that only carries tool_calls.';
COMMENT ON COLUMN gateway.messages.tool_calls IS 'OpenAI tool_calls array of an assistant message.';
COMMENT ON COLUMN gateway.messages.tool_call_id IS 'For role=tool: the tool call this message answers.';
COMMENT ON COLUMN gateway.messages.name IS 'Optional participant / function name (OpenAI "name").';

CREATE TABLE gateway.messages_default PARTITION OF gateway.messages DEFAULT;
COMMENT ON TABLE gateway.messages_default IS
    'Catch-all partition so an insert never fails when a monthly partition is missing. Normally empty.';

CREATE INDEX messages_conversation_seq_idx ON gateway.messages (conversation_id, seq);

-- ---------------------------------------------------------------------------------------------
-- Partition maintenance
-- ---------------------------------------------------------------------------------------------

-- Creates the monthly partitions of gateway.requests and gateway.messages for the current UTC
-- month and the next months_ahead months. Idempotent, and safe to run from several replicas at
-- once (transaction-scoped advisory lock). When rows for a month being created already sit in the
-- DEFAULT partition (the scheduler was late), they are moved into the new partition, which is then
-- attached; a plain CREATE ... PARTITION OF would fail in that case.
-- Returns the names of the partitions it created (none on a repeated call).
CREATE FUNCTION gateway.ensure_monthly_partitions(months_ahead integer)
    RETURNS SETOF text
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    parent      text;
    part_name   text;
    month_start date;
    lower_bound text;
    upper_bound text;
    has_rows    boolean;
    moved       bigint;
BEGIN
    IF months_ahead IS NULL OR months_ahead < 0 THEN
        RAISE EXCEPTION 'months_ahead must be >= 0, got %', months_ahead;
    END IF;

    -- Serialise concurrent callers (several replicas run the same scheduler).
    PERFORM pg_advisory_xact_lock(hashtext('gateway.partition_maintenance'));

    FOREACH parent IN ARRAY ARRAY['requests', 'messages'] LOOP
        FOR i IN 0 .. months_ahead LOOP
            month_start := (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => i))::date;
            part_name   := parent || '_' || to_char(month_start, 'YYYY_MM');
            lower_bound := to_char(month_start, 'YYYY-MM-DD') || ' 00:00:00+00';
            upper_bound := to_char((month_start + interval '1 month')::date, 'YYYY-MM-DD') || ' 00:00:00+00';

            CONTINUE WHEN to_regclass(format('gateway.%I', part_name)) IS NOT NULL;

            EXECUTE format(
                'SELECT EXISTS (SELECT 1 FROM gateway.%I WHERE created_at >= %L::timestamptz AND created_at < %L::timestamptz)',
                parent || '_default', lower_bound, upper_bound)
            INTO has_rows;

            IF NOT has_rows THEN
                EXECUTE format(
                    'CREATE TABLE gateway.%I PARTITION OF gateway.%I FOR VALUES FROM (%L) TO (%L)',
                    part_name, parent, lower_bound, upper_bound);
            ELSE
                -- Rows of this month already landed in the DEFAULT partition (the scheduler was late),
                -- so CREATE ... PARTITION OF would fail: park those rows in a temporary table, create
                -- the partition, and re-insert them through the parent so they are routed into it.
                EXECUTE format(
                    'CREATE TEMPORARY TABLE citadel_partition_move ON COMMIT DROP AS '
                    'WITH moved AS (DELETE FROM gateway.%I WHERE created_at >= %L::timestamptz AND created_at < %L::timestamptz RETURNING *) '
                    'SELECT * FROM moved',
                    parent || '_default', lower_bound, upper_bound);
                GET DIAGNOSTICS moved = ROW_COUNT;
                EXECUTE format(
                    'CREATE TABLE gateway.%I PARTITION OF gateway.%I FOR VALUES FROM (%L) TO (%L)',
                    part_name, parent, lower_bound, upper_bound);
                EXECUTE format('INSERT INTO gateway.%I SELECT * FROM pg_temp.citadel_partition_move', parent);
                DROP TABLE pg_temp.citadel_partition_move;
                RAISE NOTICE 'gateway.%: moved % row(s) out of gateway.%_default', part_name, moved, parent;
            END IF;

            EXECUTE format('COMMENT ON TABLE gateway.%I IS %L', part_name,
                format('Monthly partition of gateway.%s for %s (UTC), created by gateway.ensure_monthly_partitions().',
                       parent, to_char(month_start, 'YYYY-MM')));
            RETURN NEXT 'gateway.' || part_name;
        END LOOP;
    END LOOP;
END;
$fn$;

COMMENT ON FUNCTION gateway.ensure_monthly_partitions(integer) IS
    'Creates the UTC-monthly partitions requests_YYYY_MM / messages_YYYY_MM for the current month and months_ahead months after it. '
    'Idempotent and concurrency-safe; moves rows of a newly created month out of the DEFAULT partition. Returns the partitions created. '
    'Run it on a schedule (e.g. daily): SELECT * FROM gateway.ensure_monthly_partitions(3).';

-- Retention without DELETE: drops every monthly partition of gateway.requests and gateway.messages
-- whose whole range lies before the cutoff (upper bound <= cutoff, 00:00 UTC). Rows older than the
-- cutoff that sit in a DEFAULT partition (late replays, clock skew) are deleted so they do not escape
-- retention; the DEFAULT partitions themselves are kept. Returns the partitions dropped.
-- Note: DROP of a partition takes an ACCESS EXCLUSIVE lock on the parent for a moment; run it off-peak.
CREATE FUNCTION gateway.drop_partitions_older_than(cutoff date)
    RETURNS SETOF text
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    cutoff_ts timestamptz;
    parent    text;
    part      record;
    bounds    text[];
    deleted   bigint;
BEGIN
    IF cutoff IS NULL THEN
        RAISE EXCEPTION 'cutoff must not be NULL';
    END IF;
    cutoff_ts := cutoff::timestamp AT TIME ZONE 'UTC';

    PERFORM pg_advisory_xact_lock(hashtext('gateway.partition_maintenance'));

    FOREACH parent IN ARRAY ARRAY['requests', 'messages'] LOOP
        FOR part IN
            SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound
              FROM pg_inherits inh
              JOIN pg_class c ON c.oid = inh.inhrelid
             WHERE inh.inhparent = format('gateway.%I', parent)::regclass
             ORDER BY c.relname
        LOOP
            -- 'FOR VALUES FROM (''2026-01-01 00:00:00+00'') TO (''2026-02-01 00:00:00+00'')'; skips DEFAULT.
            bounds := regexp_match(part.bound, '^FOR VALUES FROM \(''([^'']+)''\) TO \(''([^'']+)''\)$');
            CONTINUE WHEN bounds IS NULL;
            IF bounds[2]::timestamptz <= cutoff_ts THEN
                EXECUTE format('DROP TABLE gateway.%I', part.relname);
                RETURN NEXT 'gateway.' || part.relname;
            END IF;
        END LOOP;

        EXECUTE format('DELETE FROM gateway.%I WHERE created_at < %L::timestamptz', parent || '_default', cutoff_ts);
        GET DIAGNOSTICS deleted = ROW_COUNT;
        IF deleted > 0 THEN
            RAISE NOTICE 'gateway.%_default: deleted % row(s) older than %', parent, deleted, cutoff;
        END IF;
    END LOOP;
END;
$fn$;

COMMENT ON FUNCTION gateway.drop_partitions_older_than(date) IS
    'Retention: drops the monthly partitions of gateway.requests / gateway.messages that lie entirely before cutoff (00:00 UTC), '
    'and deletes rows older than cutoff from their DEFAULT partitions. Returns the partitions dropped. '
    'Example (keep 12 months): SELECT * FROM gateway.drop_partitions_older_than((date_trunc(''month'', now()) - interval ''12 months'')::date).';

-- Partitions for this month and the next three; the scheduler keeps extending the horizon.
SELECT gateway.ensure_monthly_partitions(3);
