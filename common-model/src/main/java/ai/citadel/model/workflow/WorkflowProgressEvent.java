package ai.citadel.model.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * One progress message of {@code GET /api/v1/workflows/{id}/events} (SSE) and {@code /ws/workflow/{id}}
 * (WebSocket), sent whenever the workflow or one of its steps changes state. Events are stored, so a late
 * subscriber gets them all, in order.
 *
 * @param id         position in the workflow's feed, increasing (the SSE event id; {@code Last-Event-ID} resumes after it)
 * @param type       what happened
 * @param workflowId the workflow
 * @param status     the workflow's state after the change
 * @param stepId     the step that changed, absent for workflow-level changes
 * @param stepStatus that step's new state
 * @param attempt    that step's attempt number
 * @param progress   steps completed of steps total
 * @param delta      the model's text since the previous {@code llm_tokens} event of the step
 * @param error      the error of a failed attempt, step or workflow
 * @param timestamp  when the change happened
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowProgressEvent(
        Long id,
        WorkflowEventType type,
        @JsonProperty("workflow_id") String workflowId,
        WorkflowStatus status,
        @JsonProperty("step_id") String stepId,
        @JsonProperty("step_status") WorkflowStepStatus stepStatus,
        Integer attempt,
        WorkflowProgress progress,
        String delta,
        String error,
        Instant timestamp) {
}
