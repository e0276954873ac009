-- The output step (docs/orchestration.md#step-types): its rendered params are its output, no call.
ALTER TABLE orchestration.tasks DROP CONSTRAINT tasks_type_check;
ALTER TABLE orchestration.tasks ADD CONSTRAINT tasks_type_check
    CHECK (type IN ('embedding', 'vector_search', 'vector_store', 'llm_query', 'output'));
