package ai.citadel.model.agui;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.validation.constraints.NotBlank;

import java.util.List;

/**
 * An AG-UI message ({@code RunAgentInput.messages}, {@code MESSAGES_SNAPSHOT}). Field names are camelCase, as in
 * {@code @ag-ui/core}.
 *
 * @param id           message id
 * @param role         {@code developer}, {@code system}, {@code assistant}, {@code user}, {@code tool} or
 *                     {@code activity}
 * @param content      a string; for {@code user} also an array of input parts ({@code {type:"text",text}},
 *                     {@code {type:"binary",mimeType,…}}); for {@code activity} an object — kept as JSON
 * @param name         optional author name
 * @param toolCalls    tool calls an assistant message made
 * @param toolCallId   the call a {@code tool} message answers
 * @param error        error text of a failed {@code tool} message
 * @param activityType kind of an {@code activity} message
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgUiMessage(
        @NotBlank String id,
        @NotBlank String role,
        JsonNode content,
        String name,
        List<ToolCall> toolCalls,
        String toolCallId,
        String error,
        String activityType) {

    /**
     * An AG-UI tool call: {@code {id, type:"function", function:{name, arguments}}}.
     *
     * @param id       call id
     * @param type     always {@code function}
     * @param function name and JSON-encoded arguments
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ToolCall(String id, String type, FunctionCall function) {

        public static ToolCall function(String id, String name, String argumentsJson) {
            return new ToolCall(id, "function", new FunctionCall(name, argumentsJson));
        }
    }

    /**
     * @param name      function name
     * @param arguments arguments as a JSON-encoded string
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FunctionCall(String name, String arguments) {
    }

    public static AgUiMessage text(String id, String role, String content) {
        return new AgUiMessage(id, role, TextNode.valueOf(content), null, null, null, null, null);
    }

    public static AgUiMessage toolResult(String id, String toolCallId, String content) {
        return new AgUiMessage(id, "tool", TextNode.valueOf(content), null, null, toolCallId, null, null);
    }
}
