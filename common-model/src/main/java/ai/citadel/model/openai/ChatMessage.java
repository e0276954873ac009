package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/**
 * One message of an OpenAI chat request ({@code POST /v1/chat/completions} {@code messages[]}).
 *
 * @param role       who wrote it
 * @param content    a string or an array of content parts; may be absent on an assistant message with tool calls
 * @param name       optional participant name
 * @param toolCalls  tool calls an assistant message made
 * @param toolCallId the call a {@code tool} message answers
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(
        @NotNull ChatRole role,
        @Valid MessageContent content,
        String name,
        @JsonProperty("tool_calls") List<@Valid ToolCall> toolCalls,
        @JsonProperty("tool_call_id") String toolCallId) {

    public static ChatMessage of(ChatRole role, String text) {
        return new ChatMessage(role, MessageContent.of(text), null, null, null);
    }

    public static ChatMessage system(String text) {
        return of(ChatRole.SYSTEM, text);
    }

    public static ChatMessage user(String text) {
        return of(ChatRole.USER, text);
    }

    public static ChatMessage assistant(String text) {
        return of(ChatRole.ASSISTANT, text);
    }

    public static ChatMessage assistantToolCalls(List<ToolCall> toolCalls) {
        return new ChatMessage(ChatRole.ASSISTANT, null, null, toolCalls, null);
    }

    public static ChatMessage toolResult(String toolCallId, String text) {
        return new ChatMessage(ChatRole.TOOL, MessageContent.of(text), null, null, toolCallId);
    }
}
