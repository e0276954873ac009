package ai.citadel.embedding.service;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.embedding.config.EmbeddingConfig;
import ai.citadel.embedding.repository.CollectionRepository;
import ai.citadel.embedding.repository.CollectionRepository.CollectionInfo;
import ai.citadel.embedding.vector.VectorMatch;
import ai.citadel.embedding.vector.VectorPoint;
import ai.citadel.embedding.vector.VectorStore;
import ai.citadel.model.vector.VectorSearchRequest;
import ai.citadel.model.vector.VectorSearchResponse;
import ai.citadel.model.vector.VectorStoreRequest;
import ai.citadel.model.vector.VectorStoreResponse;
import ai.citadel.model.vector.VectorUpdateRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Stores, updates, deletes and searches vectors. A collection belongs to one model: it is created on first write
 * with that model's dimension, texts written or searched in it are embedded with that model, and a vector of
 * another length is refused (400), so vectors of different models never meet. Failures reach the caller as
 * {@link ApiException}s ({@link ApiErrors}).
 */
@ApplicationScoped
public class VectorService {

    private static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** The model recorded for a collection created from ready vectors with no model named. */
    private static final String EXTERNAL_MODEL = "external";

    private final VectorStore store;
    private final CollectionRepository collections;
    private final EmbeddingService embeddings;
    private final ModelCatalog catalog;
    private final int defaultLimit;
    private final MeterRegistry registry;
    private final InputLimits limits;

    VectorService(VectorStore store, CollectionRepository collections, EmbeddingService embeddings,
            ModelCatalog catalog, EmbeddingConfig config, MeterRegistry registry, InputLimits limits) {
        this.limits = limits;
        this.store = store;
        this.collections = collections;
        this.embeddings = embeddings;
        this.catalog = catalog;
        this.defaultLimit = config.vectors().defaultLimit();
        this.registry = registry;
    }

    public Uni<VectorWrite> store(VectorStoreRequest request) {
        String name = validName(request.collection());
        limits.text(request.text(), "text", request.model());
        String id = request.id() == null || request.id().isBlank() ? UUID.randomUUID().toString()
                : validId(request.id());
        return collections.find(name).chain(existing -> {
            String model = existing.map(CollectionInfo::model).orElseGet(() -> modelForNewCollection(request));
            return vectorOf(request.vector(), request.text(), request.model(), model)
                    .chain(vector -> existing.map(collection -> Uni.createFrom().item(collection))
                            .orElseGet(() -> collections.createIfAbsent(name, model, vector.length))
                            .chain(collection -> write(collection, new VectorPoint(id, vector, request.text(),
                                    request.metadata()))));
        }).onFailure().transform(ApiErrors::of);
    }

    public Uni<VectorWrite> update(VectorUpdateRequest request) {
        limits.text(request.text(), "text", request.model());
        validId(request.id());
        return existingCollection(request.collection()).chain(collection -> store.find(collection.name(), request.id())
                .map(found -> found.orElseThrow(() -> vectorNotFound(request.id(), collection.name())))
                .chain(current -> {
                    Uni<float[]> vector = request.vector() == null && request.text() == null
                            ? Uni.createFrom().item(current.vector())
                            : vectorOf(request.vector(), request.text(), request.model(), collection.model());
                    String text = request.text() != null ? request.text() : current.text();
                    Map<String, Object> metadata = request.metadata() != null ? request.metadata() : current.metadata();
                    return vector.chain(values -> write(collection, new VectorPoint(current.id(), values, text, metadata)));
                })).onFailure().transform(ApiErrors::of);
    }

    /** Deletes the point; 404 when the store knows it did not exist. */
    public Uni<Void> delete(String collectionName, String id) {
        validId(id);
        return existingCollection(collectionName).chain(collection -> timed("delete", store.delete(collection.name(), id)))
                .invoke(deleted -> {
                    if (!deleted) {
                        throw vectorNotFound(id, collectionName);
                    }
                })
                .replaceWithVoid()
                .onFailure().transform(ApiErrors::of);
    }

    public Uni<VectorSearchResponse> search(VectorSearchRequest request) {
        int limit = request.limit() == null ? defaultLimit : request.limit();
        limits.text(request.query(), "query", request.model());
        return existingCollection(request.collection()).chain(collection ->
                vectorOf(request.vector(), request.query(), request.model(), collection.model())
                        .invoke(query -> checkDimensions(collection, query))
                        .chain(query -> timed("search", store.search(collection.name(), query, limit, request.filter())))
                        .map(matches -> new VectorSearchResponse(collection.name(),
                                request.vector() == null ? collection.model() : null,
                                matches.stream().map(VectorService::toMatch).toList())))
                .onFailure().transform(ApiErrors::of);
    }

    private Uni<VectorWrite> write(CollectionInfo collection, VectorPoint point) {
        checkDimensions(collection, point.vector());
        return timed("upsert", store.upsert(collection.name(), collection.dimensions(), point))
                .map(outcome -> new VectorWrite(new VectorStoreResponse(true, collection.name(), point.id(),
                        collection.dimensions()), outcome));
    }

    /** The given vector, else {@code text} embedded with the collection's model. */
    private Uni<float[]> vectorOf(float[] vector, String text, String requestedModel, String collectionModel) {
        if (vector != null && vector.length > 0) {
            return Uni.createFrom().item(finite(vector));
        }
        if (requestedModel != null && !catalog.resolve(requestedModel).name().equals(collectionModel)) {
            throw ApiException.badRequest("collection holds vectors of model '" + collectionModel
                    + "', not '" + requestedModel + "'", "model");
        }
        return embeddings.embed(collectionModel, List.of(text), EmbedOptions.DEFAULTS)
                .map(result -> result.vectors().getFirst());
    }

    /** JSON numbers past float's range arrive as infinities; they would turn every score into NaN. */
    private static float[] finite(float[] vector) {
        for (float value : vector) {
            if (!Float.isFinite(value)) {
                throw ApiException.badRequest("vector values must be finite numbers within float range", "vector");
            }
        }
        return vector;
    }

    private String modelForNewCollection(VectorStoreRequest request) {
        if (request.model() != null) {
            return catalog.resolve(request.model()).name();
        }
        return request.vector() != null && request.vector().length > 0 ? EXTERNAL_MODEL : catalog.defaultModel();
    }

    private Uni<CollectionInfo> existingCollection(String name) {
        return collections.find(validName(name))
                .map(found -> found.orElseThrow(() -> new ApiException(404, "collection_not_found",
                        "no collection '" + name + "'", "collection")));
    }

    /** PostgreSQL's text cannot hold NUL: such an id is the caller's mistake, never a database failure. */
    private static String validId(String id) {
        if (id != null && id.indexOf('\u0000') >= 0) {
            throw ApiException.badRequest("vector ids cannot contain NUL characters", "id");
        }
        return id;
    }

    private static ApiException vectorNotFound(String id, String collection) {
        return new ApiException(404, "vector_not_found", "no vector '" + id + "' in collection '" + collection + "'",
                "id");
    }

    private static void checkDimensions(CollectionInfo collection, float[] vector) {
        if (vector.length != collection.dimensions()) {
            throw ApiException.badRequest("collection '" + collection.name() + "' holds vectors of "
                    + collection.dimensions() + " dimensions (model " + collection.model() + "), got " + vector.length,
                    "vector");
        }
    }

    private static String validName(String name) {
        if (name == null || !COLLECTION_NAME.matcher(name).matches()) {
            throw ApiException.badRequest("collection names are 1-128 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit", "collection");
        }
        return name;
    }

    private static VectorSearchResponse.Match toMatch(VectorMatch match) {
        return new VectorSearchResponse.Match(match.point().id(), match.score(), match.point().metadata(),
                match.point().text());
    }

    private <T> Uni<T> timed(String operation, Uni<T> call) {
        Timer timer = Timer.builder("citadel_vector_store_duration").description("Vector store calls")
                .tag("operation", operation).publishPercentileHistogram().register(registry);
        return Uni.createFrom().item(System::nanoTime).chain(start -> call.onTermination().invoke(() ->
                timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS)));
    }
}
