package ai.citadel.testing.ollama;

import ai.citadel.testing.Json;
import ai.citadel.testing.SimulatedModel;
import ai.citadel.testing.SimulatorControls;
import ai.citadel.testing.TokenPacer;
import ai.citadel.testing.generation.ModelReply;
import ai.citadel.testing.generation.PromptText;
import ai.citadel.testing.generation.TextReply;
import ai.citadel.testing.generation.ToolCallPlanner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code POST /api/chat} and {@code POST /api/generate}. */
final class OllamaInference {

    private final OllamaModelStore models;
    private final SimulatorControls controls;
    private final TokenPacer pacer;

    OllamaInference(OllamaModelStore models, SimulatorControls controls, TokenPacer pacer) {
        this.models = models;
        this.controls = controls;
        this.pacer = pacer;
    }

    void chat(RoutingContext ctx, ObjectNode request) {
        Optional<SimulatedModel> model = generatingModel(ctx, request, OllamaEndpoint.CHAT);
        if (model.isEmpty()) {
            return;
        }
        JsonNode messages = request.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            sendLoaded(ctx, OllamaEndpoint.CHAT, request);
            return;
        }
        String lastUserMessage = "";
        int promptTokens = 0;
        for (JsonNode message : messages) {
            String content = message.path("content").asText("");
            promptTokens += PromptText.tokenCount(content);
            if (message.path("role").asText().equals("user")) {
                lastUserMessage = content;
            }
        }
        String prompt = lastUserMessage;
        // after a tool's result, a model answers from it rather than calling the tool again; a trailing assistant
        // message is an answer begun earlier, which Ollama continues
        JsonNode last = messages.get(messages.size() - 1);
        String lastRole = last.path("role").asText();
        ModelReply reply = lastRole.equals("tool")
                ? textReply(last.path("content").asText(""), request)
                : lastRole.equals("assistant")
                        ? continuation(prompt, request, last.path("content").asText(""))
                        : ToolCallPlanner.plan(request.path("tools"), prompt, Optional.empty())
                                .<ModelReply>map(call -> call)
                                .orElseGet(() -> textReply(prompt, request));
        respond(ctx, OllamaEndpoint.CHAT, request, prompt, promptTokens, reply);
    }

    void generate(RoutingContext ctx, ObjectNode request) {
        Optional<SimulatedModel> model = generatingModel(ctx, request, OllamaEndpoint.GENERATE);
        if (model.isEmpty()) {
            return;
        }
        String prompt = request.path("prompt").asText("");
        if (prompt.isEmpty()) {
            sendLoaded(ctx, OllamaEndpoint.GENERATE, request);
            return;
        }
        int promptTokens = PromptText.tokenCount(prompt) + PromptText.words(request.path("system").asText("")).size();
        respond(ctx, OllamaEndpoint.GENERATE, request, prompt, promptTokens, textReply(prompt, request));
    }

    private Optional<SimulatedModel> generatingModel(RoutingContext ctx, ObjectNode request, OllamaEndpoint endpoint) {
        String requested = request.path("model").asText("");
        if (requested.isBlank()) {
            OllamaErrors.INSTANCE.send(ctx, 400, "model is required");
            return Optional.empty();
        }
        Optional<SimulatedModel> model = models.find(requested);
        if (model.isEmpty()) {
            OllamaErrors.INSTANCE.send(ctx, 404, OllamaErrors.modelNotFound(requested));
            return Optional.empty();
        }
        if (model.get().isEmbedding()) {
            OllamaErrors.INSTANCE.send(ctx, 400, OllamaErrors.doesNotSupport(requested, endpoint.capability));
            return Optional.empty();
        }
        models.markLoaded(model.get());
        return model;
    }

    private TextReply textReply(String prompt, ObjectNode request) {
        return TextReply.forPrompt(prompt, controls.tokenCount(), numPredict(request), wantsJson(request));
    }

    /** The rest of the reply whose beginning {@code partial} is; num_predict counts the new tokens only. */
    private TextReply continuation(String prompt, ObjectNode request, String partial) {
        return TextReply.forPrompt(prompt, controls.tokenCount(), OptionalInt.empty(), wantsJson(request))
                .continuing(partial, numPredict(request));
    }

    private static boolean wantsJson(ObjectNode request) {
        JsonNode format = request.path("format");
        return format.isObject() || "json".equals(format.asText());
    }

    /** options.num_predict; Ollama treats negative values as "no limit". */
    private static OptionalInt numPredict(ObjectNode request) {
        JsonNode limit = request.path("options").path("num_predict");
        return limit.isNumber() && limit.asInt() >= 0 ? OptionalInt.of(limit.asInt()) : OptionalInt.empty();
    }

    private void respond(RoutingContext ctx, OllamaEndpoint endpoint, ObjectNode request, String prompt,
            int promptTokens, ModelReply reply) {
        boolean streaming = request.path("stream").asBoolean(true);
        OllamaReplyWriter writer = new OllamaReplyWriter(ctx, endpoint, request.path("model").asText(), streaming,
                prompt, promptTokens, reply);
        pacer.pace(ctx, writer.recordCount(), writer);
    }

    private static void sendLoaded(RoutingContext ctx, OllamaEndpoint endpoint, ObjectNode request) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, OllamaErrors.JSON)
                .end(Json.write(endpoint.loadRecord(request.path("model").asText())));
    }
}
