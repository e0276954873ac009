package ai.citadel.orchestration.domain;

import ai.citadel.model.workflow.WorkflowStepStatus;
import ai.citadel.model.workflow.WorkflowStepType;

import java.time.Instant;

/** A row of {@code orchestration.tasks} as the API shows it; {@code output} is JSON text. */
public record TaskRecord(String stepId, WorkflowStepType type, String group, WorkflowStepStatus status, int attempts,
                         String output, String error, Instant startedAt, Instant finishedAt) {
}
