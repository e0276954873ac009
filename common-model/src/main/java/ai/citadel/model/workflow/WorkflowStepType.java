package ai.citadel.model.workflow;

import com.fasterxml.jackson.annotation.JsonValue;

/** Kind of a workflow step ({@code POST /api/v1/workflows} {@code steps[].type}). */
public enum WorkflowStepType {
    /** Embed text through the embedding service. */
    EMBEDDING("embedding"),
    /** Search a vector collection. */
    VECTOR_SEARCH("vector_search"),
    /** Store a point in a vector collection. */
    VECTOR_STORE("vector_store"),
    /** Ask a model through a gateway. */
    LLM_QUERY("llm_query"),
    /** Shape a value from the workflow's input and earlier outputs (its params, rendered); calls nothing. */
    OUTPUT("output"),
    /** Run a group of steps concurrently; done when all of them are. */
    PARALLEL("parallel");

    private final String wireName;

    WorkflowStepType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
