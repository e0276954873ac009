package ai.citadel.model.workflow;

import com.fasterxml.jackson.annotation.JsonValue;

/** Kind of a progress event ({@code type}; the SSE {@code event} name). */
public enum WorkflowEventType {
    WORKFLOW_STARTED("workflow_started"),
    STEP_STARTED("step_started"),
    STEP_COMPLETED("step_completed"),
    /** An attempt failed with a retryable error; the step runs again after its backoff. */
    STEP_RETRYING("step_retrying"),
    STEP_FAILED("step_failed"),
    /** Text an {@code llm_query} step with {@code stream: true} received since the previous one ({@code delta}). */
    LLM_TOKENS("llm_tokens"),
    WORKFLOW_COMPLETED("workflow_completed"),
    WORKFLOW_FAILED("workflow_failed"),
    WORKFLOW_CANCELLED("workflow_cancelled");

    private final String wireName;

    WorkflowEventType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether this event ends the workflow's feed. */
    public boolean isFinal() {
        return this == WORKFLOW_COMPLETED || this == WORKFLOW_FAILED || this == WORKFLOW_CANCELLED;
    }
}
