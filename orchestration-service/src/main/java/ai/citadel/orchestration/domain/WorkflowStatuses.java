package ai.citadel.orchestration.domain;

import ai.citadel.model.workflow.WorkflowStatus;
import ai.citadel.model.workflow.WorkflowStepStatus;
import ai.citadel.model.workflow.WorkflowStepType;

import java.util.Arrays;

/** The wire names stored in the {@code status} and {@code type} columns, back to their enums. */
public final class WorkflowStatuses {

    private WorkflowStatuses() {
    }

    public static WorkflowStatus workflow(String stored) {
        return Arrays.stream(WorkflowStatus.values()).filter(s -> s.wireName().equals(stored)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown workflow status " + stored));
    }

    public static WorkflowStepType stepType(String stored) {
        return Arrays.stream(WorkflowStepType.values()).filter(s -> s.wireName().equals(stored)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown step type " + stored));
    }

    /**
     * A task's stored status as the API shows it: a pending task that already failed an attempt is
     * {@code retrying}.
     */
    public static WorkflowStepStatus step(String stored, int attempts) {
        return switch (stored) {
            case "pending" -> attempts > 0 ? WorkflowStepStatus.RETRYING : WorkflowStepStatus.PENDING;
            case "running" -> WorkflowStepStatus.RUNNING;
            case "completed" -> WorkflowStepStatus.COMPLETED;
            case "failed" -> WorkflowStepStatus.FAILED;
            case "cancelled" -> WorkflowStepStatus.CANCELLED;
            default -> throw new IllegalStateException("unknown step status " + stored);
        };
    }
}
