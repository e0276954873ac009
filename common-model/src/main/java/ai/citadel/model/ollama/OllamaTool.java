package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool offered to the model in an Ollama {@code /api/chat} request:
 * {@code {"type":"function","function":{name, description, parameters}}}.
 *
 * @param type     always {@code function}
 * @param function the function definition
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OllamaTool(String type, Function function) {

    /**
     * @param name        function name
     * @param description what it does
     * @param parameters  JSON Schema of its arguments
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Function(String name, String description, JsonNode parameters) {
    }

    public static OllamaTool function(String name, String description, JsonNode parameters) {
        return new OllamaTool("function", new Function(name, description, parameters));
    }
}
