package ai.citadel.model.workflow;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.List;
import java.util.Map;

/**
 * One step of a workflow create request ({@code POST /api/v1/workflows} {@code steps[]}). String values in
 * {@code params} may reference an earlier step's output as {@code {{<step_id>.output…}}}.
 *
 * @param id         unique within the workflow; letters, digits, {@code _} and {@code -}
 * @param type       what the step does
 * @param params     the step's input (also accepted as {@code input}), e.g. {@code {"text":…}},
 *                   {@code {"collection":…,"query":…}}, {@code {"model":…,"prompt":…}}
 * @param dependsOn  steps that must complete first; steps referenced in {@code params} are added implicitly
 * @param maxRetries retries after the first attempt, 0–10; the service default when absent
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowStep(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String id,
        @NotNull WorkflowStepType type,
        @JsonAlias("input") Map<String, Object> params,
        @JsonProperty("depends_on") List<@NotBlank String> dependsOn,
        @JsonProperty("max_retries") @Min(0) @Max(10) Integer maxRetries) {

    public static WorkflowStep of(String id, WorkflowStepType type, Map<String, Object> params) {
        return new WorkflowStep(id, type, params, null, null);
    }
}
