package ai.citadel.model.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code 202} body of {@code POST /api/v1/workflows}.
 *
 * @param workflowId id to poll ({@code GET /api/v1/workflows/{id}}) or follow ({@code …/events})
 * @param status     {@code pending} for a new workflow; the current status for an idempotent repeat
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkflowAcceptedResponse(
        @JsonProperty("workflow_id") String workflowId,
        WorkflowStatus status) {
}
