package ai.citadel.gateway.client;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.gateway.domain.GenerationEvent;
import ai.citadel.model.common.StringOrList;
import ai.citadel.model.ollama.OllamaChatRequest;
import ai.citadel.model.ollama.OllamaGenerateRequest;
import ai.citadel.model.ollama.OllamaOptions;
import ai.citadel.model.ollama.OllamaTool;
import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.CompletionRequest;
import ai.citadel.model.openai.ResponseFormat;
import ai.citadel.model.openai.Tool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * OpenAI-shaped requests to Ollama's native API ({@code /api/chat}, {@code /api/generate}, always streaming), and
 * Ollama's NDJSON streams back to {@link GenerationEvent}s.
 *
 * <p>What Ollama cannot do is rejected with a 400 naming the field: {@code n > 1}, {@code best_of > 1},
 * {@code echo}, several prompts or token-id prompts, image URLs (only base64 data URLs), content parts other than
 * text and images. What only tunes the answer is dropped: {@code logprobs}/{@code top_logprobs} (answers carry
 * {@code logprobs: null}, as many OpenAI-compatible servers do), {@code logit_bias}, {@code user},
 * {@code parallel_tool_calls}, {@code stream_options}, message {@code name}s and vendor fields in {@code extra}.
 * {@code tool_choice} is best effort, as Ollama has none: {@code none} sends no tools, a named function sends only
 * that tool, {@code required} cannot be enforced.
 */
public final class OllamaTranslation {

    private static final JsonNode JSON_FORMAT = TextNode.valueOf("json");

    private OllamaTranslation() {
    }

    /** @throws ApiException 400 for what Ollama cannot serve, naming the request field */
    public static OllamaChatRequest toChatRequest(ChatCompletionRequest request, String backendModel) {
        requireOneChoice(request.n());
        Integer maxTokens = request.maxCompletionTokens() != null
                ? request.maxCompletionTokens()
                : request.maxTokens();
        OllamaOptions options = options(request.temperature(), request.topP(), maxTokens, request.stop(),
                request.seed(), request.presencePenalty(), request.frequencyPenalty());
        return new OllamaChatRequest(backendModel, OllamaMessageTranslator.translate(request.messages()),
                tools(request.tools(), request.toolChoice()), format(request.responseFormat()), options, true,
                null, null);
    }

    /** @throws ApiException 400 for what Ollama cannot serve, naming the request field */
    public static OllamaGenerateRequest toGenerateRequest(CompletionRequest request, String backendModel) {
        requireOneChoice(request.n());
        if (request.bestOf() != null && request.bestOf() > 1) {
            throw ApiException.badRequest("best_of greater than 1 is not supported for this model.", "best_of");
        }
        if (Boolean.TRUE.equals(request.echo())) {
            throw ApiException.badRequest("echo is not supported for this model.", "echo");
        }
        OllamaOptions options = options(request.temperature(), request.topP(), request.maxTokens(),
                request.stop(), request.seed(), request.presencePenalty(), request.frequencyPenalty());
        return new OllamaGenerateRequest(backendModel, singlePrompt(request.prompt()), request.suffix(), null, null,
                options, null, null, true, null, null, null, null);
    }

    /** Decodes the NDJSON body of {@code POST /api/chat}. */
    public static StreamDecoder chatDecoder() {
        return OllamaStreamDecoder.forChat();
    }

    /** Decodes the NDJSON body of {@code POST /api/generate}. */
    public static StreamDecoder generateDecoder() {
        return OllamaStreamDecoder.forGenerate();
    }

    private static void requireOneChoice(Integer n) {
        if (n != null && n > 1) {
            throw ApiException.badRequest("n greater than 1 is not supported for this model.", "n");
        }
    }

    /** Null when nothing is set, so Ollama applies the model's Modelfile defaults. */
    private static OllamaOptions options(Double temperature, Double topP, Integer maxTokens, StringOrList stop,
            Long seed, Double presencePenalty, Double frequencyPenalty) {
        // Ollama's server takes stop sequences only as an array
        StringOrList stopList = stop == null || stop.values().isEmpty() ? null : StringOrList.of(stop.values());
        if (Stream.of(temperature, topP, maxTokens, stopList, seed, presencePenalty, frequencyPenalty)
                .allMatch(Objects::isNull)) {
            return null;
        }
        return new OllamaOptions(temperature, topP, null, null, maxTokens, null, stopList, seed, null, null,
                presencePenalty, frequencyPenalty, Map.of());
    }

    private static JsonNode format(ResponseFormat responseFormat) {
        if (responseFormat == null) {
            return null;
        }
        return switch (responseFormat.type()) {
            case "text" -> null;
            case "json_object" -> JSON_FORMAT;
            // a schema without its schema object can still promise JSON
            case "json_schema" -> responseFormat.jsonSchema() == null || responseFormat.jsonSchema().schema() == null
                    ? JSON_FORMAT
                    : responseFormat.jsonSchema().schema();
            default -> throw ApiException.badRequest(
                    "Unknown response_format type '" + responseFormat.type() + "'.", "response_format.type");
        };
    }

    private static List<OllamaTool> tools(List<Tool> tools, JsonNode toolChoice) {
        if (tools == null || tools.isEmpty() || "none".equals(textOf(toolChoice))) {
            return null;
        }
        List<OllamaTool> translated = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            Tool tool = tools.get(i);
            if (!"function".equals(tool.type())) {
                throw ApiException.badRequest("Tools of type '" + tool.type() + "' are not supported for this model.",
                        "tools[" + i + "].type");
            }
            translated.add(OllamaTool.function(tool.function().name(), tool.function().description(),
                    tool.function().parameters()));
        }
        String forcedFunction = toolChoice == null ? null : toolChoice.path("function").path("name").textValue();
        return forcedFunction == null ? translated : onlyFunction(translated, forcedFunction);
    }

    /** Ollama cannot force a call; offering only the chosen tool comes closest. */
    private static List<OllamaTool> onlyFunction(List<OllamaTool> tools, String name) {
        List<OllamaTool> chosen = tools.stream().filter(tool -> name.equals(tool.function().name())).toList();
        if (chosen.isEmpty()) {
            throw ApiException.badRequest("tool_choice names function '" + name + "', which is not in tools.",
                    "tool_choice");
        }
        return chosen;
    }

    private static String singlePrompt(JsonNode prompt) {
        if (prompt != null && prompt.isTextual()) {
            return prompt.textValue();
        }
        if (prompt != null && prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            return prompt.get(0).textValue();
        }
        if (prompt != null && prompt.isArray() && prompt.size() > 1 && prompt.get(0).isTextual()) {
            throw ApiException.badRequest("This model takes one prompt per request, not " + prompt.size() + ".",
                    "prompt");
        }
        throw ApiException.badRequest("prompt must be a string for this model; token ids are not supported.",
                "prompt");
    }

    private static String textOf(JsonNode node) {
        return node == null ? null : node.textValue();
    }
}
