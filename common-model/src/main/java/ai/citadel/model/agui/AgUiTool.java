package ai.citadel.model.agui;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;

/**
 * A front-end tool the agent may call, in AG-UI {@code RunAgentInput.tools}.
 *
 * @param name        tool name
 * @param description what it does, for the model
 * @param parameters  JSON Schema of its arguments
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgUiTool(@NotBlank String name, String description, JsonNode parameters) {
}
