package ai.citadel.model.copilot;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An action a CopilotKit front end may offer ({@code GET /api/v1/copilot/actions}), in the shape CopilotKit's
 * actions take: a name, what it does for the model, and its parameters as JSON Schema.
 *
 * @param name        the {@code type} to send to {@code POST /api/v1/copilot/actions}
 * @param description what the action does
 * @param parameters  JSON Schema of the action's parameters (an object schema)
 */
public record CopilotAction(String name, String description, JsonNode parameters) {
}
