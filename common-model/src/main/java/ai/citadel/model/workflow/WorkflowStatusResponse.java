package ai.citadel.model.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * Workflow state, {@code GET /api/v1/workflows/{id}} (also the body of {@code POST …/cancel}).
 *
 * @param workflowId the workflow
 * @param status     overall state
 * @param progress   steps completed of steps total
 * @param steps      every step, in request order
 * @param createdAt  when it was accepted
 * @param updatedAt  last change
 * @param error      why it failed, when {@code failed}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowStatusResponse(
        @JsonProperty("workflow_id") String workflowId,
        WorkflowStatus status,
        WorkflowProgress progress,
        List<StepResult> steps,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        String error) {

    /**
     * @param id         step id
     * @param type       step type
     * @param status     step state
     * @param attempts   attempts made so far
     * @param output     the step's result once completed (any JSON)
     * @param error      the last attempt's error
     * @param startedAt  first attempt start
     * @param finishedAt completion or final failure
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepResult(
            String id,
            WorkflowStepType type,
            WorkflowStepStatus status,
            int attempts,
            Object output,
            String error,
            @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("finished_at") Instant finishedAt) {
    }
}
