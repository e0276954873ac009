package ai.citadel.orchestration.domain;

import ai.citadel.model.workflow.WorkflowProgress;
import ai.citadel.model.workflow.WorkflowStatus;

/** A workflow's status and progress as a change left them, for the event that reports the change. */
public record WorkflowState(WorkflowStatus status, int stepsCompleted, int stepsTotal) {

    public WorkflowProgress progress() {
        return new WorkflowProgress(stepsCompleted, stepsTotal);
    }
}
