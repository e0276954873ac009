package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A message of Ollama {@code /api/chat}, in the request's {@code messages} and in each response line's
 * {@code message}.
 *
 * @param role       {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content    the text (a fragment of it in a stream line)
 * @param thinking   the model's thinking, when {@code think} is on
 * @param images     base64-encoded images for multimodal models
 * @param toolCalls  tool calls the assistant made
 * @param toolName   the tool a {@code tool} message answers
 * @param toolCallId the call a {@code tool} message answers (newer Ollama versions)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OllamaMessage(
        String role,
        String content,
        String thinking,
        List<String> images,
        @JsonProperty("tool_calls") List<OllamaToolCall> toolCalls,
        @JsonProperty("tool_name") String toolName,
        @JsonProperty("tool_call_id") String toolCallId) {

    public static OllamaMessage of(String role, String content) {
        return new OllamaMessage(role, content, null, null, null, null, null);
    }
}
