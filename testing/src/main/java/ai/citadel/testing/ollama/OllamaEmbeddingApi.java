package ai.citadel.testing.ollama;

import ai.citadel.testing.JsonAnswer;
import ai.citadel.testing.Json;
import ai.citadel.testing.SimulatedModel;
import ai.citadel.testing.TokenPacer;
import ai.citadel.testing.generation.Embeddings;
import ai.citadel.testing.generation.PromptText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/embed} ({@code input}: a string or strings; {@code embeddings}: unit vectors of the model's
 * dimension) and the legacy {@code POST /api/embeddings} ({@code prompt} → {@code embedding}).
 */
final class OllamaEmbeddingApi {

    private final OllamaModelStore models;
    private final TokenPacer pacer;

    OllamaEmbeddingApi(OllamaModelStore models, TokenPacer pacer) {
        this.models = models;
        this.pacer = pacer;
    }

    void embed(RoutingContext ctx, ObjectNode request) {
        Optional<List<String>> inputs = inputs(request.path("input"));
        if (inputs.isEmpty()) {
            OllamaErrors.INSTANCE.send(ctx, 400, "invalid input type");
            return;
        }
        Optional<SimulatedModel> model = embeddingModel(ctx, request);
        if (model.isEmpty()) {
            return;
        }
        int dimensions = request.path("dimensions").asInt(0);
        pacer.pace(ctx, 0, new JsonAnswer(ctx, OllamaErrors.INSTANCE, OllamaErrors.JSON, timing -> {
            ObjectNode response = Json.object().put("model", request.path("model").asText());
            ArrayNode embeddings = response.putArray("embeddings");
            int promptTokens = 0;
            for (String input : inputs.get()) {
                embeddings.add(vectorJson(model.get(), input, dimensions));
                promptTokens += PromptText.tokenCount(input);
            }
            if (!inputs.get().isEmpty()) {
                response.put("total_duration", timing.totalNanos())
                        .put("load_duration", Math.max(1, timing.totalNanos() / 10))
                        .put("prompt_eval_count", promptTokens);
            }
            return response;
        }));
    }

    void embeddings(RoutingContext ctx, ObjectNode request) {
        Optional<SimulatedModel> model = embeddingModel(ctx, request);
        if (model.isEmpty()) {
            return;
        }
        String prompt = request.path("prompt").asText("");
        pacer.pace(ctx, 0, new JsonAnswer(ctx, OllamaErrors.INSTANCE, OllamaErrors.JSON, timing -> {
            ObjectNode response = Json.object();
            response.set("embedding", prompt.isEmpty() ? Json.array() : vectorJson(model.get(), prompt, 0));
            return response;
        }));
    }

    private Optional<SimulatedModel> embeddingModel(RoutingContext ctx, ObjectNode request) {
        String requested = request.path("model").asText("");
        if (requested.isBlank()) {
            OllamaErrors.INSTANCE.send(ctx, 400, "model is required");
            return Optional.empty();
        }
        Optional<SimulatedModel> model = models.find(requested);
        model.ifPresentOrElse(models::markLoaded,
                () -> OllamaErrors.INSTANCE.send(ctx, 404, OllamaErrors.modelNotFoundTryPulling(requested)));
        return model;
    }

    /** A string, an array of strings, or nothing (which embeds nothing); anything else is invalid. */
    private static Optional<List<String>> inputs(JsonNode input) {
        if (input.isMissingNode() || input.isNull()) {
            return Optional.of(List.of());
        }
        if (input.isTextual()) {
            return Optional.of(input.asText().isEmpty() ? List.of() : List.of(input.asText()));
        }
        if (!input.isArray()) {
            return Optional.empty();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode element : input) {
            if (!element.isTextual()) {
                return Optional.empty();
            }
            texts.add(element.asText());
        }
        return Optional.of(texts);
    }

    private static ArrayNode vectorJson(SimulatedModel model, String text, int dimensions) {
        float[] vector = Embeddings.truncated(
                Embeddings.vector(OllamaNames.key(model.name()), text, model.embeddingLength()), dimensions);
        ArrayNode values = Json.array();
        for (float value : vector) {
            values.add(value);
        }
        return values;
    }
}
