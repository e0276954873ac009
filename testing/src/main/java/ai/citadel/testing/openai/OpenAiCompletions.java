package ai.citadel.testing.openai;

import ai.citadel.testing.SimulatedModel;
import ai.citadel.testing.SimulatorControls;
import ai.citadel.testing.TokenPacer;
import ai.citadel.testing.generation.ModelReply;
import ai.citadel.testing.generation.PromptText;
import ai.citadel.testing.generation.TextReply;
import ai.citadel.testing.generation.ToolCallPlanner;
import ai.citadel.testing.generation.ToolCallReply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code POST /v1/chat/completions} and the legacy {@code POST /v1/completions}. */
final class OpenAiCompletions {

    private final OpenAiModels models;
    private final SimulatorControls controls;
    private final TokenPacer pacer;

    OpenAiCompletions(OpenAiModels models, SimulatorControls controls, TokenPacer pacer) {
        this.models = models;
        this.controls = controls;
        this.pacer = pacer;
    }

    void chat(RoutingContext ctx, ObjectNode request) {
        Optional<SimulatedModel> model = generatingModel(ctx, request, "Chat Completions");
        if (model.isEmpty()) {
            return;
        }
        JsonNode messages = request.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            OpenAiErrors.invalidRequest(ctx, "messages must be a non-empty array", "messages");
            return;
        }
        String lastUserMessage = "";
        int promptTokens = 0;
        for (JsonNode message : messages) {
            String content = textOf(message.path("content"));
            promptTokens += PromptText.tokenCount(content);
            if (message.path("role").asText().equals("user")) {
                lastUserMessage = content;
            }
        }
        String prompt = lastUserMessage;
        JsonNode last = messages.get(messages.size() - 1);
        boolean continuing = request.path("continue_final_message").asBoolean(false);
        if (continuing && !last.path("role").asText().equals("assistant")) {
            OpenAiErrors.invalidRequest(ctx, "continue_final_message is set but the final message is not an "
                    + "assistant message", "messages");
            return;
        }
        if (continuing && request.path("add_generation_prompt").asBoolean(true)) {
            OpenAiErrors.invalidRequest(ctx, "continue_final_message and add_generation_prompt cannot both be true",
                    "add_generation_prompt");
            return;
        }
        // after a tool's result, a model answers from it rather than calling the tool again
        ModelReply reply = continuing
                ? TextReply.forPrompt(prompt, controls.tokenCount(), OptionalInt.empty(), isJsonRequested(request))
                        .continuing(textOf(last.path("content")), maxTokens(request))
                : last.path("role").asText().equals("tool")
                        ? textReply(request, textOf(last.path("content")), isJsonRequested(request))
                        : toolCall(request, prompt).<ModelReply>map(call -> call)
                                .orElseGet(() -> textReply(request, prompt, isJsonRequested(request)));
        respond(ctx, OpenAiEndpoint.CHAT, request, promptTokens, reply);
    }

    void completion(RoutingContext ctx, ObjectNode request) {
        Optional<SimulatedModel> model = generatingModel(ctx, request, "Completions");
        if (model.isEmpty()) {
            return;
        }
        JsonNode promptNode = request.path("prompt");
        String prompt = promptNode.isArray() ? textOf(promptNode.path(0)) : promptNode.asText("");
        respond(ctx, OpenAiEndpoint.COMPLETION, request, PromptText.tokenCount(prompt),
                textReply(request, prompt, false));
    }

    private Optional<SimulatedModel> generatingModel(RoutingContext ctx, ObjectNode request, String api) {
        Optional<SimulatedModel> model = models.resolve(ctx, request);
        if (model.isPresent() && model.get().isEmbedding()) {
            OpenAiErrors.invalidRequest(ctx, "The model `" + model.get().name() + "` does not support the " + api
                    + " API.", "model");
            return Optional.empty();
        }
        return model;
    }

    /** {@code tool_choice}: "none" never calls, "required" calls the first tool, a named function forces it. */
    private static Optional<ToolCallReply> toolCall(ObjectNode request, String prompt) {
        JsonNode tools = request.path("tools");
        JsonNode choice = request.path("tool_choice");
        if (choice.isTextual() && choice.asText().equals("none")) {
            return Optional.empty();
        }
        Optional<String> forced = choice.isObject()
                ? Optional.ofNullable(choice.path("function").path("name").textValue())
                : choice.isTextual() && choice.asText().equals("required")
                        ? ToolCallPlanner.firstToolName(tools)
                        : Optional.empty();
        return ToolCallPlanner.plan(tools, prompt, forced);
    }

    private TextReply textReply(ObjectNode request, String prompt, boolean json) {
        return TextReply.forPrompt(prompt, controls.tokenCount(), maxTokens(request), json);
    }

    private void respond(RoutingContext ctx, OpenAiEndpoint endpoint, ObjectNode request, int promptTokens,
            ModelReply reply) {
        OpenAiReplyWriter writer = new OpenAiReplyWriter(ctx, endpoint, request.path("model").asText(),
                request.path("stream").asBoolean(false),
                request.path("stream_options").path("include_usage").asBoolean(false), promptTokens, reply,
                controls.sseComments());
        pacer.pace(ctx, writer.tokenCount(), writer);
    }

    /** {@code max_completion_tokens}, or the older {@code max_tokens}. */
    private static OptionalInt maxTokens(ObjectNode request) {
        for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
            JsonNode limit = request.path(field);
            if (limit.isNumber()) {
                return OptionalInt.of(Math.max(0, limit.asInt()));
            }
        }
        return OptionalInt.empty();
    }

    private static boolean isJsonRequested(ObjectNode request) {
        String type = request.path("response_format").path("type").asText("text");
        return type.equals("json_object") || type.equals("json_schema");
    }

    /** Message content is a string or an array of parts, of which the text parts count. */
    private static String textOf(JsonNode content) {
        if (!content.isArray()) {
            return content.asText("");
        }
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.path("text").asText("")).append(' '));
        return text.toString().trim();
    }
}
