package ai.citadel.orchestration.service.agui;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.model.agui.AgUiContext;
import ai.citadel.model.agui.AgUiMessage;
import ai.citadel.model.agui.AgUiTool;
import ai.citadel.model.agui.RunAgentInput;
import ai.citadel.model.openai.ChatMessage;
import ai.citadel.model.openai.ChatRole;
import ai.citadel.model.openai.Tool;
import ai.citadel.model.openai.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An AG-UI run's conversation in OpenAI's terms: its messages (tool calls and tool results included), its context as
 * a system message first, and its front-end tools offered to the model.
 */
final class AgUiConversation {

    private AgUiConversation() {
    }

    static List<ChatMessage> messages(RunAgentInput input) {
        List<ChatMessage> messages = new ArrayList<>();
        if (input.context() != null && !input.context().isEmpty()) {
            messages.add(ChatMessage.system("Context from the application:\n" + input.context().stream()
                    .map(AgUiConversation::describe).collect(Collectors.joining("\n"))));
        }
        List<AgUiMessage> conversation = input.messages() == null ? List.of() : input.messages();
        for (int i = 0; i < conversation.size(); i++) {
            AgUiMessage message = conversation.get(i);
            String text = text(message.content());
            switch (message.role()) {
                case "system", "developer" -> messages.add(ChatMessage.system(text));
                case "user" -> messages.add(ChatMessage.user(text));
                case "assistant" -> messages.add(message.toolCalls() == null || message.toolCalls().isEmpty()
                        ? ChatMessage.assistant(text)
                        : ChatMessage.assistantToolCalls(message.toolCalls().stream().map(call -> ToolCall.function(
                                call.id(), call.function().name(), call.function().arguments())).toList()));
                case "tool" -> messages.add(ChatMessage.toolResult(message.toolCallId(), text));
                // what the front end shows of its own activities is not the model's business
                case "activity" -> {
                }
                default -> throw ApiException.badRequest("role must be one of system, developer, user, assistant, "
                        + "tool, activity", "messages[" + i + "].role");
            }
        }
        if (messages.stream().allMatch(message -> message.role() == ChatRole.SYSTEM)) {
            throw ApiException.badRequest("the run has no message to answer", "messages");
        }
        return messages;
    }

    /** The front end's tools, offered to the model; null when there are none. */
    static List<Tool> tools(RunAgentInput input) {
        List<AgUiTool> tools = input.tools();
        return tools == null || tools.isEmpty() ? null
                : tools.stream().map(tool -> Tool.function(tool.name(), tool.description(), tool.parameters()))
                .toList();
    }

    /** The text of the last user message, or null when there is none. */
    static String lastUserText(RunAgentInput input) {
        List<AgUiMessage> conversation = input.messages() == null ? List.of() : input.messages();
        for (int i = conversation.size() - 1; i >= 0; i--) {
            if (conversation.get(i).role().equals("user")) {
                return text(conversation.get(i).content());
            }
        }
        return null;
    }

    /** A message's content as text: a string as it is, the text parts of a multimodal content joined. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            content.forEach(part -> text.append(part.path("text").asText("")));
            return text.toString();
        }
        return content.asText();
    }

    private static String describe(AgUiContext context) {
        return "- " + context.description() + ": " + context.value();
    }
}
