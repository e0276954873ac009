package ai.citadel.testing.openai;

import ai.citadel.testing.Json;
import ai.citadel.testing.SimulatedModel;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The models an OpenAI-compatible server serves; ids match exactly, as in vLLM ({@code --served-model-name}). */
final class OpenAiModels {

    private final Map<String, SimulatedModel> byId = new LinkedHashMap<>();
    private final long created = Instant.now().getEpochSecond();

    OpenAiModels(List<SimulatedModel> models) {
        models.forEach(model -> byId.put(model.name(), model));
    }

    /** The model the request names, or an error response (400 without one, 404 for an unknown one). */
    Optional<SimulatedModel> resolve(RoutingContext ctx, ObjectNode request) {
        String id = request.path("model").asText("");
        if (id.isBlank()) {
            OpenAiErrors.invalidRequest(ctx, "you must provide a model parameter", "model");
            return Optional.empty();
        }
        SimulatedModel model = byId.get(id);
        if (model == null) {
            OpenAiErrors.modelNotFound(ctx, id);
        }
        return Optional.ofNullable(model);
    }

    /** {@code GET /v1/models}, in vLLM's shape. */
    void list(RoutingContext ctx) {
        ObjectNode response = Json.object().put("object", "list");
        ArrayNode data = response.putArray("data");
        byId.values().forEach(model -> data.addObject()
                .put("id", model.name())
                .put("object", "model")
                .put("created", created)
                .put("owned_by", "vllm")
                .put("root", model.name())
                .putNull("parent")
                .put("max_model_len", model.contextLength()));
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, OpenAiErrors.JSON).end(Json.write(response));
    }
}
