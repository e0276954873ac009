package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The message of a {@code chat.completion} choice. As OpenAI does, {@code content} and {@code refusal} are always
 * written ({@code null} when absent, e.g. {@code content} of a tool-call answer).
 *
 * @param role        always {@code assistant}
 * @param content     the generated text
 * @param refusal     the refusal text, if the model refused
 * @param toolCalls   tool calls the model made
 * @param annotations e.g. URL citations, kept as JSON
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssistantMessage(
        ChatRole role,
        @JsonInclude(JsonInclude.Include.ALWAYS) String content,
        @JsonInclude(JsonInclude.Include.ALWAYS) String refusal,
        @JsonProperty("tool_calls") List<ToolCall> toolCalls,
        List<JsonNode> annotations) {

    public static AssistantMessage text(String content) {
        return new AssistantMessage(ChatRole.ASSISTANT, content, null, null, null);
    }

    public static AssistantMessage toolCalls(List<ToolCall> toolCalls) {
        return new AssistantMessage(ChatRole.ASSISTANT, null, null, toolCalls, null);
    }
}
