package ai.citadel.orchestration.service.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A submitted workflow, validated: the workflow input and the steps that run, in order.
 *
 * @param input the workflow input, an empty object when none was given; templates read it as {@code input}
 * @param steps every step that runs, children of parallel groups in place of their group, ordered by stage
 */
public record WorkflowPlan(ObjectNode input, List<PlannedStep> steps) {

    /** Steps that run, in all: the workflow's {@code steps_total}. */
    public int stepsTotal() {
        return steps.size();
    }
}
