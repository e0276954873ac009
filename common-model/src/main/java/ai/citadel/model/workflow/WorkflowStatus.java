package ai.citadel.model.workflow;

import com.fasterxml.jackson.annotation.JsonValue;

/** State of a whole workflow ({@code GET /api/v1/workflows/{id}} {@code status}). */
public enum WorkflowStatus {
    PENDING("pending"),
    RUNNING("running"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled");

    private final String wireName;

    WorkflowStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
