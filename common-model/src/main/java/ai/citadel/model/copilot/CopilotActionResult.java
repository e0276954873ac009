package ai.citadel.model.copilot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer of {@code POST /api/v1/copilot/actions}: the action ran on the workflow engine as workflow
 * {@code workflow_id}.
 *
 * @param type       the action
 * @param status     {@code completed} with its {@code result}; or {@code pending}/{@code running} when it outlasted
 *                   the wait (follow it at {@code /api/v1/workflows/{workflow_id}})
 * @param workflowId the workflow that runs it
 * @param result     what the action produced, once completed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CopilotActionResult(String type, String status, @JsonProperty("workflow_id") String workflowId,
                                  Object result) {
}
