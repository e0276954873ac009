package ai.citadel.testing.embedding;

import ai.citadel.testing.HttpSimulator;
import ai.citadel.testing.Json;
import ai.citadel.testing.JsonAnswer;
import ai.citadel.testing.SimulatedModel;
import ai.citadel.testing.SimulatorBuilder;
import ai.citadel.testing.SimulatorSettings;
import ai.citadel.testing.generation.Embeddings;
import ai.citadel.testing.generation.PromptText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Citadel's embedding service (docs/embedding.md) as its API documents it, for the services that call it (the gateway,
 * orchestration): {@code POST /v1/embeddings} (OpenAI shape, float or base64), {@code POST /api/v1/embeddings/generate}
 * and {@code /batch}, {@code GET /api/v1/models}, and the vector API ({@code POST /api/v1/vectors/store} and
 * {@code /search}, over in-memory collections: {@link VectorCollections}). Models are the embedding models of the settings under their
 * embedding-service names ({@code all-minilm}, {@code nomic-embed-text} …; a {@code :latest} tag is ignored, as the
 * service does), with their real dimensions; {@code all-minilm} is the default. Vectors are deterministic unit
 * vectors per model and text. Errors come in the service's envelopes: an unknown model is a 400
 * {@code unknown_model}, a text longer than the model's context with {@code truncate: false} a 400
 * {@code input_too_long}, a {@code dimensions} other than the model's a 400 (the service does not truncate).
 * Nothing is cached: {@code cached} is always false.
 */
public final class EmbeddingServiceSimulator extends HttpSimulator {

    static final String DEFAULT_MODEL = "all-minilm";
    private static final String LATEST = ":latest";

    private final Map<String, SimulatedModel> models = new LinkedHashMap<>();
    private final VectorCollections vectors = new VectorCollections(this);

    public EmbeddingServiceSimulator(SimulatorSettings settings) {
        super(settings, EmbeddingServiceErrors.INSTANCE);
        settings.models().stream().filter(SimulatedModel::isEmbedding)
                .forEach(model -> models.put(serviceName(model.name()), model.withName(serviceName(model.name()))));
    }

    /** Serves the embedding models of {@link SimulatedModel#defaults()} on a free port unless told otherwise. */
    public static SimulatorBuilder<EmbeddingServiceSimulator> builder() {
        return new SimulatorBuilder<>(EmbeddingServiceSimulator::new);
    }

    @Override
    public EmbeddingServiceSimulator start() {
        super.start();
        return this;
    }

    /** The vector the simulator gives {@code text} under {@code model}, for assertions. */
    public float[] vector(String model, String text) {
        SimulatedModel known = models.get(serviceName(model));
        if (known == null) {
            throw new IllegalArgumentException("not a simulated embedding model: " + model);
        }
        return Embeddings.vector(known.name(), text, known.embeddingLength());
    }

    /** How many points a vector collection holds (0 when it does not exist), for assertions. */
    public int pointCount(String collection) {
        return vectors.pointCount(collection);
    }

    @Override
    protected String apiName() {
        return "Embedding service";
    }

    @Override
    protected void registerRoutes(Router router) {
        jsonApi(router.post("/v1/embeddings"), this::openAi);
        jsonApi(router.post("/api/v1/embeddings/generate"), this::generate);
        jsonApi(router.post("/api/v1/embeddings/batch"), this::batch);
        api(router.get("/api/v1/models"), this::list);
        jsonApi(router.post("/api/v1/vectors/store"), vectors::store);
        jsonApi(router.post("/api/v1/vectors/search"), vectors::search);
    }

    private void openAi(RoutingContext ctx, ObjectNode request) {
        if (request.path("model").asText("").isBlank()) {
            EmbeddingServiceErrors.send(ctx, 400, "invalid_request", "'model' must not be blank", "model");
            return;
        }
        Optional<List<String>> texts = texts(request.path("input"));
        if (texts.isEmpty()) {
            EmbeddingServiceErrors.send(ctx, 400, "bad_request",
                    "input must be a non-empty string or a non-empty array of non-empty strings", null);
            return;
        }
        String encoding = request.path("encoding_format").asText("float");
        if (!encoding.equals("float") && !encoding.equals("base64")) {
            EmbeddingServiceErrors.send(ctx, 400, "invalid_request", "'encodingFormat' must match \"float|base64\"",
                    "encoding_format");
            return;
        }
        Optional<SimulatedModel> model = resolve(ctx, request.path("model").asText());
        if (model.isEmpty()) {
            return;
        }
        int dimensions = request.path("dimensions").asInt(0);
        if (dimensions != 0 && dimensions != model.get().embeddingLength()) {
            EmbeddingServiceErrors.send(ctx, 400, "bad_request", "model " + model.get().name() + " only gives "
                    + model.get().embeddingLength() + " dimensions", null);
            return;
        }
        ObjectNode response = Json.object().put("object", "list");
        ArrayNode data = response.putArray("data");
        List<float[]> vectors = vectors(model.get(), texts.get());
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            if (encoding.equals("base64")) {
                item.put("embedding", Embeddings.base64(vectors.get(i)));
            } else {
                floats(item.putArray("embedding"), vectors.get(i));
            }
        }
        // the service estimates usage (about four characters a token)
        int tokens = texts.get().stream().mapToInt(text -> Math.max(1, (text.length() + 3) / 4)).sum();
        response.put("model", model.get().name());
        response.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        answer(ctx, response);
    }

    private void generate(RoutingContext ctx, ObjectNode request) {
        String text = request.path("text").asText("");
        if (text.isBlank()) {
            EmbeddingServiceErrors.send(ctx, 400, "invalid_request", "'text' must not be blank", "text");
            return;
        }
        Optional<SimulatedModel> model = resolve(ctx, request.path("model").asText(""));
        if (model.isEmpty() || tooLong(ctx, model.get(), List.of(text), request.path("truncate").asBoolean(true))) {
            return;
        }
        ObjectNode response = Json.object().put("success", true).put("model", model.get().name())
                .put("dimensions", model.get().embeddingLength());
        floats(response.putArray("embedding"), vectors(model.get(), List.of(text)).getFirst());
        answer(ctx, response.put("cached", false));
    }

    private void batch(RoutingContext ctx, ObjectNode request) {
        List<String> texts = new ArrayList<>();
        request.path("texts").forEach(text -> texts.add(text.isTextual() ? text.asText() : ""));
        if (texts.isEmpty() || texts.stream().anyMatch(String::isBlank)) {
            EmbeddingServiceErrors.send(ctx, 400, "invalid_request", "'texts' must not be empty nor hold blank texts",
                    "texts");
            return;
        }
        Optional<SimulatedModel> model = resolve(ctx, request.path("model").asText(""));
        if (model.isEmpty() || tooLong(ctx, model.get(), texts, request.path("truncate").asBoolean(true))) {
            return;
        }
        ObjectNode response = Json.object().put("success", true).put("model", model.get().name())
                .put("dimensions", model.get().embeddingLength());
        ArrayNode embeddings = response.putArray("embeddings");
        vectors(model.get(), texts).forEach(vector -> floats(embeddings.addArray(), vector));
        answer(ctx, response.put("cached_count", 0));
    }

    /** The named model (the default one when blank), or a 400 {@code unknown_model} sent. */
    Optional<SimulatedModel> resolve(RoutingContext ctx, String requested) {
        SimulatedModel model = models.get(requested.isBlank() ? DEFAULT_MODEL : serviceName(requested));
        if (model == null) {
            EmbeddingServiceErrors.send(ctx, 400, "unknown_model", "unknown model '" + requested
                    + "'; valid models: " + String.join(", ", models.keySet().stream().sorted().toList()), "model");
        }
        return Optional.ofNullable(model);
    }

    /** Whether a text is longer than the model's context while truncation is off; if so, the 400 is sent. */
    private static boolean tooLong(RoutingContext ctx, SimulatedModel model, List<String> texts, boolean truncate) {
        for (int i = 0; i < texts.size() && !truncate; i++) {
            int tokens = PromptText.tokenCount(texts.get(i));
            if (tokens > model.contextLength()) {
                EmbeddingServiceErrors.send(ctx, 400, "input_too_long", "input " + i + " has " + tokens
                        + " tokens, more than the model's context of " + model.contextLength()
                        + "; shorten it or allow truncation", "input");
                return true;
            }
        }
        return false;
    }

    private static List<float[]> vectors(SimulatedModel model, List<String> texts) {
        return texts.stream().map(text -> Embeddings.vector(model.name(), text, model.embeddingLength())).toList();
    }

    /** Paced like any reply: the controls' first-token delay and faults at token 0 apply. */
    void answer(RoutingContext ctx, ObjectNode response) {
        pacer().pace(ctx, 0, new JsonAnswer(ctx, errors(), "application/json", timing -> response));
    }

    private void list(RoutingContext ctx) {
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray("models");
        models.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(model -> list.addObject()
                .put("name", model.name())
                .put("dimensions", model.embeddingLength())
                .put("max_context", model.contextLength())
                .put("source", model.name().equals(DEFAULT_MODEL) ? "in-process" : "ollama")
                .put("available", true));
        response.put("default_model", DEFAULT_MODEL);
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Json.write(response));
    }

    /** Strings only, none empty, as the service accepts them: token-id arrays are refused. */
    private static Optional<List<String>> texts(JsonNode input) {
        List<JsonNode> items = new ArrayList<>();
        if (input.isArray()) {
            input.forEach(items::add);
        } else {
            items.add(input);
        }
        if (items.isEmpty() || !items.stream().allMatch(item -> item.isTextual() && !item.asText().isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(items.stream().map(JsonNode::asText).toList());
    }

    private static void floats(ArrayNode array, float[] vector) {
        for (float value : vector) {
            array.add(value);
        }
    }

    private static String serviceName(String name) {
        return name.endsWith(LATEST) ? name.substring(0, name.length() - LATEST.length()) : name;
    }
}
