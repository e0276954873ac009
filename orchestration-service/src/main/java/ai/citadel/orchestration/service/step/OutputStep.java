package ai.citadel.orchestration.service.step;

import ai.citadel.model.workflow.WorkflowStepType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@code output} step: its params, templates rendered, are its output. It shapes a workflow's result from
 * earlier steps ({@code {"answer": "{{ask.output.content}}", "sources": "{{search.output.matches}}"}}) without a
 * call, and it is the step that measures the queue alone (bench/orchestration).
 */
@ApplicationScoped
public class OutputStep implements StepRunner {

    @Override
    public WorkflowStepType type() {
        return WorkflowStepType.OUTPUT;
    }

    @Override
    public Uni<JsonNode> run(ObjectNode params, StepContext context) {
        return Uni.createFrom().item(params);
    }
}
