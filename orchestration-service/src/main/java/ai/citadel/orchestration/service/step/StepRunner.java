package ai.citadel.orchestration.service.step;

import ai.citadel.model.workflow.WorkflowStepType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;

/**
 * Performs one kind of workflow step against the service that does it (docs/orchestration.md#step-types). One
 * bean per {@link WorkflowStepType} but {@code parallel}; the engine finds them through {@link StepRunners}.
 */
public interface StepRunner {

    WorkflowStepType type();

    /**
     * One attempt of a step.
     *
     * @param params  the step's params, templates already rendered
     * @return the step's output; fails only with a {@link StepFailure}, which says whether another attempt may
     *         succeed. Cancelling the Uni aborts the call in flight.
     */
    Uni<JsonNode> run(ObjectNode params, StepContext context);
}
