package ai.citadel.gateway.client;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.model.ollama.OllamaMessage;
import ai.citadel.model.ollama.OllamaToolCall;
import ai.citadel.model.openai.ChatMessage;
import ai.citadel.model.openai.ContentPart;
import ai.citadel.model.openai.MessageContent;
import ai.citadel.model.openai.ToolCall;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts OpenAI chat messages to Ollama's, one for one. It remembers the function name of each assistant tool
 * call, because an OpenAI tool result names only the call ({@code tool_call_id}) while Ollama's templates render
 * the tool's name ({@code tool_name}).
 */
final class OllamaMessageTranslator {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };
    /** As vLLM does: separate text parts read as separate lines. */
    private static final String TEXT_PART_SEPARATOR = "\n";

    /** A message's content as Ollama wants it: one string, images apart. */
    private record Content(String text, List<String> images) {
    }

    private final Map<String, String> functionNamesByCallId = new HashMap<>();

    private OllamaMessageTranslator() {
    }

    /** @throws ApiException 400 naming the message field Ollama cannot take */
    static List<OllamaMessage> translate(List<ChatMessage> messages) {
        OllamaMessageTranslator translator = new OllamaMessageTranslator();
        List<OllamaMessage> translated = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            translated.add(translator.translate(messages.get(i), "messages[" + i + "]"));
        }
        return translated;
    }

    private OllamaMessage translate(ChatMessage message, String param) {
        Content content = content(message.content(), param + ".content");
        return switch (message.role()) {
            case SYSTEM, DEVELOPER -> plain("system", content);
            case USER -> plain("user", content);
            case ASSISTANT -> new OllamaMessage("assistant", content.text(), null, content.images(),
                    toolCalls(message.toolCalls(), param + ".tool_calls"), null, null);
            case TOOL -> new OllamaMessage("tool", content.text(), null, content.images(), null,
                    functionNamesByCallId.get(message.toolCallId()), message.toolCallId());
            // the deprecated function-result role names its function itself
            case FUNCTION -> new OllamaMessage("tool", content.text(), null, content.images(), null,
                    message.name(), null);
        };
    }

    private static OllamaMessage plain(String role, Content content) {
        return new OllamaMessage(role, content.text(), null, content.images(), null, null, null);
    }

    private static Content content(MessageContent content, String param) {
        if (content == null) {
            return new Content("", null);
        }
        if (content.text() != null) {
            return new Content(content.text(), null);
        }
        List<String> texts = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (ContentPart part : content.parts()) {
            switch (part.type()) {
                case "text" -> texts.add(part.text() == null ? "" : part.text());
                case "refusal" -> texts.add(part.refusal() == null ? "" : part.refusal());
                case "image_url" -> images.add(ImageUrls.base64Of(part, param));
                default -> throw ApiException.badRequest(
                        "Content parts of type '" + part.type() + "' are not supported for this model.", param);
            }
        }
        return new Content(String.join(TEXT_PART_SEPARATOR, texts), images.isEmpty() ? null : images);
    }

    private List<OllamaToolCall> toolCalls(List<ToolCall> calls, String param) {
        if (calls == null || calls.isEmpty()) {
            return null;
        }
        List<OllamaToolCall> translated = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            String name = call.function().name();
            functionNamesByCallId.put(call.id(), name);
            Map<String, Object> arguments = arguments(call.function().arguments(),
                    param + "[" + i + "].function.arguments");
            translated.add(new OllamaToolCall(call.id(), new OllamaToolCall.Function(null, name, arguments)));
        }
        return translated;
    }

    /** OpenAI's arguments are a JSON text, Ollama's a JSON object. */
    private static Map<String, Object> arguments(String json, String param) {
        // some clients send "" for a call without arguments
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        JsonNode arguments;
        try {
            arguments = BackendJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Tool call arguments are not valid JSON.", param);
        }
        if (!arguments.isObject()) {
            throw ApiException.badRequest("Tool call arguments must be a JSON object.", param);
        }
        return BackendJson.MAPPER.convertValue(arguments, JSON_OBJECT);
    }
}
