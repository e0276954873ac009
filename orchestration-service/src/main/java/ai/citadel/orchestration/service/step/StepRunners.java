package ai.citadel.orchestration.service.step;

import ai.citadel.model.workflow.WorkflowStepType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.EnumMap;
import java.util.Map;

/** The {@link StepRunner} of each step type: what the engine calls to run one attempt of a step. */
@ApplicationScoped
public class StepRunners {

    private final Map<WorkflowStepType, StepRunner> byType = new EnumMap<>(WorkflowStepType.class);

    StepRunners(Instance<StepRunner> runners) {
        for (StepRunner runner : runners) {
            StepRunner previous = byType.put(runner.type(), runner);
            if (previous != null) {
                throw new IllegalStateException("two runners for step type " + runner.type().wireName() + ": "
                        + previous.getClass().getName() + ", " + runner.getClass().getName());
            }
        }
    }

    /** Whether steps of this type run through a runner ({@code parallel} is the engine's own). */
    public boolean runs(WorkflowStepType type) {
        return byType.containsKey(type);
    }

    /**
     * Runs one attempt of a step.
     *
     * @return the step's output; fails only with a {@link StepFailure} (a failure of the runner itself becomes a
     *         non-retryable {@code internal_error}). Cancelling it aborts the call in flight.
     * @throws IllegalArgumentException for a type without a runner ({@code parallel})
     */
    public Uni<JsonNode> run(WorkflowStepType type, ObjectNode params, StepContext context) {
        StepRunner runner = byType.get(type);
        if (runner == null) {
            throw new IllegalArgumentException("no runner for step type " + type.wireName());
        }
        return Uni.createFrom().deferred(() -> runner.run(params, context))
                .onFailure(failure -> !(failure instanceof StepFailure)).transform(failure -> {
                    Log.errorf(failure, "Step %s of workflow %s failed unexpectedly", context.stepId(),
                            context.workflowId());
                    return new StepFailure(StepFailure.INTERNAL_ERROR, "the " + type.wireName()
                            + " step failed unexpectedly: " + failure, false);
                });
    }
}
