package ai.citadel.orchestration.service.workflow;

import ai.citadel.model.workflow.WorkflowStepType;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Set;

/**
 * A step that runs (never a {@code parallel} group itself), as {@link WorkflowPlans#compile} planned it. A step may
 * start once every step of the earlier stages has finished; the steps of one stage run concurrently.
 *
 * @param id          the step's id, unique in the workflow
 * @param type        what it does
 * @param group       the id of the {@code parallel} step it belongs to; null for a top-level step
 * @param stage       0-based position of its top-level step (its group's, for a child of a parallel step)
 * @param index       0-based position in the plan's flat list of steps
 * @param params      its params as submitted, templates unrendered ({@link Templates#render} at run time)
 * @param maxAttempts attempts in all, the first included
 * @param backoff     wait before the first retry
 * @param references  the steps whose output its params reference, in the order they first appear; all of earlier
 *                    stages
 */
public record PlannedStep(String id, WorkflowStepType type, String group, int stage, int index, ObjectNode params,
                          int maxAttempts, Duration backoff, Set<String> references) {
}
