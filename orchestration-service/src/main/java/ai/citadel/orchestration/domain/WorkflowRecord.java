package ai.citadel.orchestration.domain;

import ai.citadel.model.workflow.WorkflowStatus;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code orchestration.workflows}; {@code result} is JSON text. */
public record WorkflowRecord(UUID id, String owner, String name, WorkflowStatus status, int stepsCompleted,
                             int stepsTotal, String result, String error, Instant createdAt, Instant updatedAt,
                             Instant startedAt, Instant finishedAt) {

    public boolean isFinished() {
        return status == WorkflowStatus.COMPLETED || status == WorkflowStatus.FAILED
                || status == WorkflowStatus.CANCELLED;
    }
}
