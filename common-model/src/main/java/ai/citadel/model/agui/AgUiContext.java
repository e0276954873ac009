package ai.citadel.model.agui;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A piece of context the front end gives the agent, in AG-UI {@code RunAgentInput.context}.
 *
 * @param description what the value is
 * @param value       the value, as a string
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgUiContext(String description, String value) {
}
