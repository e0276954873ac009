-- Citadel embedding-service, schema "embedding": embedding-cache metadata, the PostgreSQL vector
-- store (exact cosine search; pgvector is not assumed, vectors are real[]), the change feed that
-- keeps replicas' in-memory copies current, and the durable outbox for Qdrant writes.
--
-- Flyway creates the schema and keeps its history table in it (quarkus.flyway.schemas=embedding);
-- every object below is schema-qualified so the script never depends on search_path.

-- ---------------------------------------------------------------------------------------------
-- Embedding cache metadata (the vectors themselves live in Redis)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE embedding.embedding_cache (
    model          text        NOT NULL,
    text_hash      char(64)    NOT NULL,
    text_length    integer     NOT NULL,
    dimensions     integer     NOT NULL,
    access_count   bigint      NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_access_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT embedding_cache_pkey PRIMARY KEY (model, text_hash),
    CONSTRAINT embedding_cache_text_hash_sha256_hex CHECK (text_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT embedding_cache_text_length_nonneg CHECK (text_length >= 0),
    CONSTRAINT embedding_cache_dimensions_positive CHECK (dimensions > 0),
    CONSTRAINT embedding_cache_access_count_nonneg CHECK (access_count >= 0)
);

COMMENT ON TABLE embedding.embedding_cache IS
    'Metadata of the Redis embedding cache (key = model + SHA-256 of the text; value = float32 bytes in Redis). '
    'Upserted in batches off the request path (access_count += n, last_access_at = greatest(...)); the text itself is never stored.';
COMMENT ON COLUMN embedding.embedding_cache.text_hash IS 'Lower-case hex SHA-256 of the UTF-8 text.';
COMMENT ON COLUMN embedding.embedding_cache.text_length IS 'Length of the text in characters.';

-- Eviction / reporting of cold entries.
CREATE INDEX embedding_cache_last_access_idx ON embedding.embedding_cache (last_access_at);

-- ---------------------------------------------------------------------------------------------
-- Vector collections and vectors (PostgreSQL adapter of the vector store)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE embedding.collections (
    name       text        NOT NULL,
    model      text        NOT NULL,
    dimensions integer     NOT NULL,
    distance   text        NOT NULL DEFAULT 'cosine',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT collections_pkey PRIMARY KEY (name),
    -- Target of vectors' composite FK, which pins every vector's length to its collection's dimensions.
    CONSTRAINT collections_name_dimensions_key UNIQUE (name, dimensions),
    CONSTRAINT collections_name_format CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'),
    CONSTRAINT collections_dimensions_positive CHECK (dimensions > 0),
    CONSTRAINT collections_distance_check CHECK (distance IN ('cosine'))
);

COMMENT ON TABLE embedding.collections IS
    'Vector collections, created on demand with the dimensions of the model that embeds them. A collection holds vectors of exactly one model.';
COMMENT ON COLUMN embedding.collections.name IS 'Collection name; also the Qdrant collection name, hence the restricted character set.';
COMMENT ON COLUMN embedding.collections.distance IS 'Similarity metric; only cosine is implemented (extend the CHECK when another one is).';

CREATE TABLE embedding.vectors (
    collection text        NOT NULL,
    id         text        NOT NULL,
    vector     real[]      NOT NULL,
    dimensions integer     NOT NULL GENERATED ALWAYS AS (cardinality(vector)) STORED,
    text       text,
    metadata   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT vectors_pkey PRIMARY KEY (collection, id),
    CONSTRAINT vectors_collection_fkey FOREIGN KEY (collection, dimensions)
        REFERENCES embedding.collections (name, dimensions) ON DELETE CASCADE,
    CONSTRAINT vectors_id_not_blank CHECK (id <> ''),
    -- One-dimensional, 1-based, no NULL elements (CASE so array_position never sees a 2-D array).
    CONSTRAINT vectors_vector_shape CHECK (
        CASE WHEN array_ndims(vector) = 1 AND array_lower(vector, 1) = 1
             THEN array_position(vector, NULL) IS NULL
             ELSE false
        END),
    CONSTRAINT vectors_metadata_object CHECK (jsonb_typeof(metadata) = 'object')
);

COMMENT ON TABLE embedding.vectors IS
    'Stored vectors of the PostgreSQL vector-store adapter (exact cosine search, default when no Qdrant is configured). '
    'The FK on (collection, dimensions) rejects a vector whose length differs from its collection''s, so vectors of different models are never mixed. '
    'Every insert/update/delete is recorded in embedding.vector_changes by trigger.';
COMMENT ON COLUMN embedding.vectors.vector IS 'The embedding as a 1-based, one-dimensional real[] without NULLs (pgvector is not required).';
COMMENT ON COLUMN embedding.vectors.dimensions IS 'Generated: cardinality(vector). Part of the FK to collections(name, dimensions); never written by the application.';
COMMENT ON COLUMN embedding.vectors.metadata IS 'Caller-supplied payload (JSON object), returned with search hits.';

-- Loading a collection into memory in a stable order / listing recent changes.
CREATE INDEX vectors_collection_updated_idx ON embedding.vectors (collection, updated_at);

-- ---------------------------------------------------------------------------------------------
-- Change feed for replicas' in-memory copies
-- ---------------------------------------------------------------------------------------------
CREATE TABLE embedding.vector_changes (
    seq        bigint      GENERATED ALWAYS AS IDENTITY,
    collection text        NOT NULL,
    id         text        NOT NULL,
    op         text        NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    tx_id      xid8        NOT NULL DEFAULT pg_current_xact_id(),
    CONSTRAINT vector_changes_pkey PRIMARY KEY (seq),
    CONSTRAINT vector_changes_op_check CHECK (op IN ('upsert', 'delete'))
);

COMMENT ON TABLE embedding.vector_changes IS
    'Change feed of embedding.vectors, written by trigger in the same transaction as the change (never by hand). '
    'Each replica remembers the last seq it applied and polls: '
    'SELECT ... FROM embedding.vector_changes WHERE seq > $last AND tx_id < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY seq. '
    'The tx_id filter matters: sequence values are handed out before commit, so a row with a lower seq can become visible after a higher one; '
    'only rows of transactions older than every still-running one are safe to pass. '
    'No FK on purpose: deletions (including a collection cascade) must stay in the feed. Old rows are pruned by changed_at; '
    'a replica whose last seq is older than the oldest row left reloads the collection.';
COMMENT ON COLUMN embedding.vector_changes.op IS 'upsert: reload (collection, id) from embedding.vectors; delete: drop it from memory.';
COMMENT ON COLUMN embedding.vector_changes.tx_id IS 'Writing transaction (pg_current_xact_id()); see the table comment for the safe polling horizon.';

CREATE INDEX vector_changes_collection_seq_idx ON embedding.vector_changes (collection, seq);
CREATE INDEX vector_changes_changed_at_idx ON embedding.vector_changes USING brin (changed_at);

CREATE FUNCTION embedding.record_vector_change()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO embedding.vector_changes (collection, id, op) VALUES (OLD.collection, OLD.id, 'delete');
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND (OLD.collection, OLD.id) IS DISTINCT FROM (NEW.collection, NEW.id) THEN
        INSERT INTO embedding.vector_changes (collection, id, op) VALUES (OLD.collection, OLD.id, 'delete');
    END IF;
    INSERT INTO embedding.vector_changes (collection, id, op) VALUES (NEW.collection, NEW.id, 'upsert');
    RETURN NEW;
END;
$fn$;

COMMENT ON FUNCTION embedding.record_vector_change() IS
    'Trigger function: appends every change of embedding.vectors to embedding.vector_changes in the same transaction.';

CREATE TRIGGER vectors_record_change
    AFTER INSERT OR UPDATE OR DELETE ON embedding.vectors
    FOR EACH ROW EXECUTE FUNCTION embedding.record_vector_change();

-- ---------------------------------------------------------------------------------------------
-- Qdrant outbox
-- ---------------------------------------------------------------------------------------------
CREATE TABLE embedding.qdrant_outbox (
    seq             bigint      GENERATED ALWAYS AS IDENTITY,
    collection      text        NOT NULL,
    op              text        NOT NULL,
    payload         jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    tx_id           xid8        NOT NULL DEFAULT pg_current_xact_id(),
    attempts        integer     NOT NULL DEFAULT 0,
    last_attempt_at timestamptz,
    last_error      text,
    CONSTRAINT qdrant_outbox_pkey PRIMARY KEY (seq),
    CONSTRAINT qdrant_outbox_op_check CHECK (op IN ('upsert', 'delete', 'create_collection')),
    CONSTRAINT qdrant_outbox_attempts_nonneg CHECK (attempts >= 0)
);

COMMENT ON TABLE embedding.qdrant_outbox IS
    'Writes to Qdrant queued while it is unreachable. Replayed strictly in seq order by one replica at a time '
    '(hold pg_try_advisory_xact_lock while replaying; not SKIP LOCKED, which would let another replica overtake the head). '
    'A row is deleted once Qdrant acknowledged it; '
    'on failure attempts/last_attempt_at/last_error are updated and replay stops (later writes must not overtake it). '
    'Only rows with tx_id < pg_snapshot_xmin(pg_current_snapshot()) are replayed, so a write committed late with a lower seq is never overtaken.';
COMMENT ON COLUMN embedding.qdrant_outbox.payload IS 'The Qdrant request body (points for upsert, point ids for delete, vector params for create_collection).';

CREATE INDEX qdrant_outbox_collection_seq_idx ON embedding.qdrant_outbox (collection, seq);
