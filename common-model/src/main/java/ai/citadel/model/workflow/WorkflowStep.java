package ai.citadel.model.workflow;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/**
 * One step of a workflow create request ({@code POST /api/v1/workflows} {@code steps[]}). Steps run in order; the
 * children of a {@code parallel} step run concurrently. String values in {@code params} may reference the workflow
 * input ({@code {{input.question}}}) or an earlier step's output ({@code {{search.output.matches[0].text}}}).
 *
 * @param id     unique within the workflow (children of parallel steps included); letters, digits, {@code _}, {@code -}
 * @param type   what the step does
 * @param params the step's input (also accepted as {@code input}), e.g. {@code {"text":…}},
 *               {@code {"collection":…,"query":…}}, {@code {"model":…,"prompt":…}}
 * @param steps  the steps a {@code parallel} step runs concurrently (no nested {@code parallel})
 * @param retry  how often the step is attempted; the service defaults when absent
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowStep(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String id,
        @NotNull WorkflowStepType type,
        @JsonAlias("input") Map<String, Object> params,
        @Size(max = 32) List<@Valid @NotNull WorkflowStep> steps,
        @Valid StepRetry retry) {

    public static WorkflowStep of(String id, WorkflowStepType type, Map<String, Object> params) {
        return new WorkflowStep(id, type, params, null, null);
    }

    public static WorkflowStep parallel(String id, List<WorkflowStep> steps) {
        return new WorkflowStep(id, WorkflowStepType.PARALLEL, null, steps, null);
    }
}
