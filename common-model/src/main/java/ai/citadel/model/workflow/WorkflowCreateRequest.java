package ai.citadel.model.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/**
 * Workflow create request, {@code POST /api/v1/workflows}.
 *
 * @param name           a label for people, optional
 * @param idempotencyKey a repeated request with the same key (from the same caller) returns the first workflow
 * @param input          values the steps reference as {@code {{input.<name>}}}
 * @param steps          the steps, at least one, run in order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowCreateRequest(
        @Size(max = 200) String name,
        @JsonProperty("idempotency_key") @Size(min = 1, max = 255) String idempotencyKey,
        Map<String, Object> input,
        @NotEmpty @Size(max = 64) List<@Valid @NotNull WorkflowStep> steps) {

    public static WorkflowCreateRequest of(List<WorkflowStep> steps) {
        return new WorkflowCreateRequest(null, null, null, steps);
    }
}
