package ai.citadel.testing.embedding;

import ai.citadel.testing.Json;
import ai.citadel.testing.SimulatedModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The embedding service's vector API ({@code POST /api/v1/vectors/store} and {@code /search}) over in-memory
 * collections, as embedding-service's {@code VectorService} behaves: a collection is created on first write with the
 * dimension of its first vector and belongs to one model (the named one, the default one for texts, {@code external}
 * for ready vectors); texts are embedded with the collection's model; a vector of another length is a 400
 * ({@code param: vector}); searching a collection that does not exist is a 404 {@code collection_not_found}; scores
 * are cosine similarities, best first, and a {@code filter} matches metadata keys exactly.
 */
final class VectorCollections {

    private static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String EXTERNAL_MODEL = "external";
    private static final int DEFAULT_LIMIT = 10;
    private static final int MAX_LIMIT = 1000;

    private record Point(String id, float[] vector, String text, JsonNode metadata) {
    }

    private record Collection(String model, int dimensions, Map<String, Point> points) {
    }

    private final EmbeddingServiceSimulator service;
    private final Map<String, Collection> collections = new ConcurrentHashMap<>();

    VectorCollections(EmbeddingServiceSimulator service) {
        this.service = service;
    }

    void store(RoutingContext ctx, ObjectNode request) {
        Optional<String> name = collectionName(ctx, request);
        float[] given = name.isEmpty() ? null : vector(ctx, request);
        if (given == null || !textOrVector(ctx, request, "text", given)) {
            return;
        }
        Collection existing = collections.get(name.get());
        String model;
        if (existing != null) {
            model = existing.model();
        } else if (!request.path("model").asText("").isBlank()) {
            Optional<SimulatedModel> named = service.resolve(ctx, request.path("model").asText());
            if (named.isEmpty()) {
                return;
            }
            model = named.get().name();
        } else {
            model = given.length > 0 ? EXTERNAL_MODEL : EmbeddingServiceSimulator.DEFAULT_MODEL;
        }
        Optional<float[]> vector = given.length > 0 ? Optional.of(given) : embedded(ctx, request, "text", model);
        if (vector.isEmpty()) {
            return;
        }
        Collection collection = collections.computeIfAbsent(name.get(),
                created -> new Collection(model, vector.get().length, new LinkedHashMap<>()));
        if (!sameDimensions(ctx, name.get(), collection, vector.get())) {
            return;
        }
        String id = request.hasNonNull("id") && !request.path("id").asText().isBlank() ? request.path("id").asText()
                : UUID.randomUUID().toString();
        JsonNode metadata = request.path("metadata").isObject() ? request.get("metadata") : null;
        String text = request.path("text").isTextual() ? request.path("text").asText() : null;
        synchronized (collection) {
            collection.points().put(id, new Point(id, vector.get(), text, metadata));
        }
        service.answer(ctx, Json.object().put("success", true).put("collection", name.get()).put("id", id)
                .put("dimensions", collection.dimensions()));
    }

    void search(RoutingContext ctx, ObjectNode request) {
        Optional<String> name = collectionName(ctx, request);
        float[] given = name.isEmpty() ? null : vector(ctx, request);
        if (given == null || !textOrVector(ctx, request, "query", given)) {
            return;
        }
        JsonNode limitNode = request.path("limit");
        int limit = limitNode.isMissingNode() || limitNode.isNull() ? DEFAULT_LIMIT : limitNode.asInt(0);
        if (!limitNode.isMissingNode() && !limitNode.isNull() && (!limitNode.isIntegralNumber() || limit < 1
                || limit > MAX_LIMIT)) {
            EmbeddingServiceErrors.send(ctx, 400, "invalid_request", "'limit' must be between 1 and " + MAX_LIMIT,
                    "limit");
            return;
        }
        Collection collection = collections.get(name.get());
        if (collection == null) {
            EmbeddingServiceErrors.send(ctx, 404, "collection_not_found", "no collection '" + name.get() + "'",
                    "collection");
            return;
        }
        Optional<float[]> query = given.length > 0 ? Optional.of(given)
                : embedded(ctx, request, "query", collection.model());
        if (query.isEmpty() || !sameDimensions(ctx, name.get(), collection, query.get())) {
            return;
        }
        List<ObjectNode> matches = new ArrayList<>();
        List<Point> points;
        synchronized (collection) {
            points = List.copyOf(collection.points().values());
        }
        JsonNode filter = request.path("filter");
        points.stream()
                .filter(point -> matchesFilter(point.metadata(), filter))
                .sorted(Comparator.comparingDouble((Point point) -> cosine(query.get(), point.vector())).reversed())
                .limit(limit)
                .forEach(point -> {
                    ObjectNode match = Json.object().put("id", point.id())
                            .put("score", cosine(query.get(), point.vector()));
                    if (point.metadata() != null) {
                        match.set("metadata", point.metadata());
                    }
                    if (point.text() != null) {
                        match.put("text", point.text());
                    }
                    matches.add(match);
                });
        ObjectNode response = Json.object().put("collection", name.get());
        if (given.length == 0) {
            response.put("model", collection.model());
        }
        response.putArray("matches").addAll(matches);
        service.answer(ctx, response);
    }

    private static Optional<String> collectionName(RoutingContext ctx, ObjectNode request) {
        String name = request.path("collection").asText("");
        if (!COLLECTION_NAME.matcher(name).matches()) {
            EmbeddingServiceErrors.send(ctx, 400, "invalid_request", "collection names are 1-128 letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit", "collection");
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /** The request's ready vector (empty when it has none), or null when a 400 was sent. */
    private static float[] vector(RoutingContext ctx, ObjectNode request) {
        JsonNode values = request.path("vector");
        if (values.isMissingNode() || values.isNull() || (values.isArray() && values.isEmpty())) {
            return new float[0];
        }
        if (!values.isArray()) {
            EmbeddingServiceErrors.send(ctx, 400, "invalid_json", "'vector' must be an array of numbers", "vector");
            return null;
        }
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = values.get(i).floatValue();
            if (!values.get(i).isNumber() || !Float.isFinite(vector[i])) {
                EmbeddingServiceErrors.send(ctx, 400, "invalid_request",
                        "vector values must be finite numbers within float range", "vector");
                return null;
            }
        }
        return vector;
    }

    private static boolean textOrVector(RoutingContext ctx, ObjectNode request, String textField, float[] vector) {
        if (vector.length > 0 || !request.path(textField).asText("").isBlank()) {
            return true;
        }
        EmbeddingServiceErrors.send(ctx, 400, "invalid_request", textField + " or vector is required", null);
        return false;
    }

    /** The text of {@code field} embedded with the collection's model; a {@code model} naming another is a 400. */
    private Optional<float[]> embedded(RoutingContext ctx, ObjectNode request, String field, String model) {
        String requested = request.path("model").asText("");
        if (!requested.isBlank()) {
            Optional<SimulatedModel> named = service.resolve(ctx, requested);
            if (named.isEmpty()) {
                return Optional.empty();
            }
            if (!named.get().name().equals(model)) {
                EmbeddingServiceErrors.send(ctx, 400, "invalid_request", "collection holds vectors of model '"
                        + model + "', not '" + requested + "'", "model");
                return Optional.empty();
            }
        }
        return service.resolve(ctx, model).map(known -> service.vector(known.name(), request.path(field).asText()));
    }

    private static boolean sameDimensions(RoutingContext ctx, String name, Collection collection, float[] vector) {
        if (vector.length == collection.dimensions()) {
            return true;
        }
        EmbeddingServiceErrors.send(ctx, 400, "invalid_request", "collection '" + name + "' holds vectors of "
                + collection.dimensions() + " dimensions (model " + collection.model() + "), got " + vector.length,
                "vector");
        return false;
    }

    private static boolean matchesFilter(JsonNode metadata, JsonNode filter) {
        if (!filter.isObject()) {
            return true;
        }
        for (Map.Entry<String, JsonNode> condition : filter.properties()) {
            if (metadata == null || !condition.getValue().equals(metadata.get(condition.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        return dot / Math.max(Math.sqrt(normA) * Math.sqrt(normB), 1e-12);
    }

    /** How many points a collection holds (0 when it does not exist). */
    int pointCount(String collection) {
        Collection found = collections.get(collection);
        if (found == null) {
            return 0;
        }
        synchronized (found) {
            return found.points().size();
        }
    }
}
