package ai.citadel.model.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Workflow create request, {@code POST /api/v1/workflows}.
 *
 * @param idempotencyKey a repeated request with the same key returns the first workflow instead of a new one
 * @param steps          the steps, at least one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowCreateRequest(
        @JsonProperty("idempotency_key") @Size(max = 255) String idempotencyKey,
        @NotEmpty List<@Valid WorkflowStep> steps) {

    public static WorkflowCreateRequest of(List<WorkflowStep> steps) {
        return new WorkflowCreateRequest(null, steps);
    }
}
