package ai.citadel.model.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Workflow {@code progress}: {@code {steps_completed, steps_total}}.
 *
 * @param stepsCompleted steps finished successfully
 * @param stepsTotal     steps in the workflow
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkflowProgress(
        @JsonProperty("steps_completed") int stepsCompleted,
        @JsonProperty("steps_total") int stepsTotal) {
}
