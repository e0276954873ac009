package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * A tool call in an Ollama chat message: {@code {"function":{"name","arguments":{…}}}} — unlike OpenAI, the
 * arguments are a JSON object, not a string.
 *
 * @param id       call id (newer Ollama versions), if any
 * @param function which function, with which arguments
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OllamaToolCall(String id, Function function) {

    /**
     * @param index     position among the message's tool calls (newer Ollama versions)
     * @param name      the function's name
     * @param arguments the arguments, as a JSON object
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Function(Integer index, String name, Map<String, Object> arguments) {
    }

    public static OllamaToolCall of(String name, Map<String, Object> arguments) {
        return new OllamaToolCall(null, new Function(null, name, arguments));
    }
}
