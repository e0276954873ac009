package ai.citadel.orchestration.domain;

import ai.citadel.model.workflow.WorkflowStepType;

import java.time.Duration;

/**
 * A step of a submitted workflow as it is queued.
 *
 * @param stage  position of the step, or of its parallel group, among the top-level steps
 * @param group  the parallel step it belongs to, or null
 * @param params its parameters, templates unrendered, JSON
 */
public record NewTask(String stepId, int index, WorkflowStepType type, int stage, String group, String params,
                      int maxAttempts, Duration backoff) {
}
