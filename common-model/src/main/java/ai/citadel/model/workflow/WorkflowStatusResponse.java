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
 * @param name       its label, when it was given one
 * @param status     overall state
 * @param progress   steps completed of steps total
 * @param steps      every step that runs (children of {@code parallel} steps included), in request order; absent
 *                   in lists
 * @param result     the last step's output, once {@code completed}
 * @param createdAt  when it was accepted
 * @param updatedAt  last change
 * @param startedAt  when its first step started
 * @param finishedAt when it completed, failed or was cancelled
 * @param error      why it failed, when {@code failed}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowStatusResponse(
        @JsonProperty("workflow_id") String workflowId,
        String name,
        WorkflowStatus status,
        WorkflowProgress progress,
        List<StepResult> steps,
        Object result,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        String error) {

    /**
     * @param id         step id
     * @param type       step type
     * @param group      the {@code parallel} step it belongs to, if any
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
            String group,
            WorkflowStepStatus status,
            int attempts,
            Object output,
            String error,
            @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("finished_at") Instant finishedAt) {
    }
}
