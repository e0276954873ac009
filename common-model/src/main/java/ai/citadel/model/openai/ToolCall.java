package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * A complete OpenAI tool call, in an assistant message or a {@code chat.completion} choice:
 * {@code {"id","type":"function","function":{"name","arguments"}}}.
 *
 * @param id       e.g. {@code call_abc123}; a {@code tool} message answers it with {@code tool_call_id}
 * @param type     always {@code function}
 * @param function which function, with which arguments
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolCall(@NotBlank String id, @NotBlank String type, @NotNull @Valid Function function) {

    /**
     * @param name      the function's name
     * @param arguments the arguments as a JSON-encoded string (OpenAI sends a string, not an object)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Function(@NotBlank String name, String arguments) {
    }

    public static ToolCall function(String id, String name, String argumentsJson) {
        return new ToolCall(id, "function", new Function(name, argumentsJson));
    }
}
