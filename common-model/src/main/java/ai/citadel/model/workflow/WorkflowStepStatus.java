package ai.citadel.model.workflow;

import com.fasterxml.jackson.annotation.JsonValue;

/** State of one workflow step ({@code steps[].status}). */
public enum WorkflowStepStatus {
    /** Waiting for its dependencies or a worker. */
    PENDING("pending"),
    RUNNING("running"),
    /** Failed an attempt and waits for its backoff before the next one. */
    RETRYING("retrying"),
    COMPLETED("completed"),
    /** Failed its last allowed attempt. */
    FAILED("failed"),
    /** Never ran or was stopped because the workflow failed or was cancelled. */
    CANCELLED("cancelled");

    private final String wireName;

    WorkflowStepStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
