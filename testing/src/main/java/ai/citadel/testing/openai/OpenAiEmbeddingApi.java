package ai.citadel.testing.openai;

import ai.citadel.testing.Json;
import ai.citadel.testing.JsonAnswer;
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
 * {@code POST /v1/embeddings}: {@code input} a string or strings (token arrays are read as text), vectors of the
 * model's dimension (or {@code dimensions}), as float arrays or, with {@code encoding_format: "base64"},
 * little-endian float32 bytes in base64.
 */
final class OpenAiEmbeddingApi {

    private final OpenAiModels models;
    private final TokenPacer pacer;

    OpenAiEmbeddingApi(OpenAiModels models, TokenPacer pacer) {
        this.models = models;
        this.pacer = pacer;
    }

    void embeddings(RoutingContext ctx, ObjectNode request) {
        Optional<SimulatedModel> model = models.resolve(ctx, request);
        if (model.isEmpty()) {
            return;
        }
        List<String> inputs = inputs(request.path("input"));
        if (inputs.isEmpty()) {
            OpenAiErrors.invalidRequest(ctx, "input must be a non-empty string or array", "input");
            return;
        }
        String encoding = request.path("encoding_format").asText("float");
        if (!encoding.equals("float") && !encoding.equals("base64")) {
            OpenAiErrors.invalidRequest(ctx, "encoding_format must be 'float' or 'base64'", "encoding_format");
            return;
        }
        int dimensions = request.path("dimensions").asInt(0);
        pacer.pace(ctx, 0, new JsonAnswer(ctx, OpenAiErrors.INSTANCE, OpenAiErrors.JSON, timing -> {
            ObjectNode response = Json.object().put("object", "list");
            ArrayNode data = response.putArray("data");
            int promptTokens = 0;
            for (int i = 0; i < inputs.size(); i++) {
                float[] vector = Embeddings.truncated(
                        Embeddings.vector(model.get().name(), inputs.get(i), model.get().embeddingLength()), dimensions);
                ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
                if (encoding.equals("base64")) {
                    item.put("embedding", Embeddings.base64(vector));
                } else {
                    ArrayNode values = item.putArray("embedding");
                    for (float value : vector) {
                        values.add(value);
                    }
                }
                promptTokens += PromptText.tokenCount(inputs.get(i));
            }
            response.put("model", model.get().name());
            response.putObject("usage").put("prompt_tokens", promptTokens).put("total_tokens", promptTokens);
            return response;
        }));
    }

    private static List<String> inputs(JsonNode input) {
        if (input.isTextual()) {
            return List.of(input.asText());
        }
        List<String> texts = new ArrayList<>();
        if (input.isArray()) {
            boolean tokenArray = !input.isEmpty() && input.get(0).isNumber();
            if (tokenArray) {
                texts.add(input.toString());
            } else {
                input.forEach(element -> texts.add(element.isTextual() ? element.asText() : element.toString()));
            }
        }
        return texts;
    }
}
