package ai.citadel.orchestration.domain;

import ai.citadel.model.workflow.WorkflowStepType;

import java.time.Duration;
import java.util.UUID;

/**
 * A step this replica holds the lease of and runs.
 *
 * @param params      the step's parameters as defined (templates not rendered yet), JSON
 * @param attempt     this attempt's number, 1 for the first
 * @param maxAttempts attempts allowed in all
 * @param backoff     wait before the first retry
 */
public record ClaimedTask(UUID id, UUID workflowId, String stepId, WorkflowStepType type, String params, int attempt,
                          int maxAttempts, Duration backoff) {

    public boolean hasAttemptsLeft() {
        return attempt < maxAttempts;
    }
}
